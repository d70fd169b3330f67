import type { RoleBinding } from '../../../contracts/auth.ts';
import type { Role } from '../../../contracts/roles.ts';
import type { Db } from '../db/client.ts';
import type { Env } from '../env.ts';
import type { Restriction } from './session.ts';

/** The authenticated user as every service sees it. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  isDemo: boolean;
  roles: RoleBinding[];
  /** The password expired: only changing it (and logging out) is allowed until then. */
  mustChangePassword?: boolean;
  /** Only the second factor (TOTP) may be given in this session. */
  mfaRequired?: boolean;
  /** The policy requires a second factor: only enrolling one is allowed in this session. */
  mfaEnrolRequired?: boolean;
  /** The session's pending login step (lib/session.ts), null when none. */
  restricted?: Restriction | null;
  /** Hash of the current session's token (to keep it when ending the others). */
  sessionTokenHash?: string;
}

/** What a service gets as its first argument: who is asking, and with what. */
export interface Ctx {
  db: Db;
  env: Env;
  user: SessionUser;
  ip: string | null;
  requestId: string;
}

export function hasRole(user: Pick<SessionUser, 'roles'>, ...roles: Role[]): boolean {
  return user.roles.some((r) => roles.includes(r.role));
}
