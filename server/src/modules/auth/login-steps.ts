import { and, eq, isNotNull } from 'drizzle-orm';
import type { CurrentUser } from '../../../../contracts/auth.ts';
import type { Db } from '../../db/client.ts';
import { users, userTotp } from '../../db/schema/index.ts';
import type { Env } from '../../env.ts';
import type { SessionUser } from '../../lib/context.ts';
import { loadRoleBindings, type Restriction } from '../../lib/session.ts';
import { totpRequiredFor } from '../security/security.service.ts';

/**
 * The steps of a login after the right password, in order, each one a session restriction
 * (lib/restrictions.ts): the second factor of a user who has one, then the change of an expired or
 * administrator-set password, then — when the policy requires a second factor the user has not
 * set up — its enrolment. The second factor comes before the password change so that nobody holding
 * only the password can change it (and end the owner's sessions).
 */
const ORDER: readonly Restriction[] = ['totp', 'password_change', 'totp_enrol'];

export async function totpEnabled(db: Db, userId: string): Promise<boolean> {
  const rows = await db
    .select({ id: userTotp.userId })
    .from(userTotp)
    .where(and(eq(userTotp.userId, userId), isNotNull(userTotp.secretEnc)));
  return rows.length > 0;
}

/** Staff passwords expire (demo accounts excepted, so the documented password keeps working). */
export function passwordExpired(env: Env, u: { isDemo: boolean; passwordChangedAt: Date }): boolean {
  const maxAgeMs = env.PASSWORD_MAX_AGE_DAYS * 86_400_000;
  return maxAgeMs > 0 && !u.isDemo && Date.now() - u.passwordChangedAt.getTime() > maxAgeMs;
}

/** The step still to do after `done` (null: the password), or null when the login is complete. */
export async function nextLoginStep(db: Db, env: Env, userId: string, done: Restriction | null): Promise<Restriction | null> {
  const [u] = await db.select().from(users).where(eq(users.id, userId));
  if (!u) return null;
  const hasTotp = await totpEnabled(db, userId);
  const applies: Record<Restriction, () => Promise<boolean> | boolean> = {
    totp: () => hasTotp,
    password_change: () => passwordExpired(env, u),
    totp_enrol: async () => !hasTotp && (await totpRequiredFor(db, env, { isDemo: u.isDemo, roles: await loadRoleBindings(db, userId) })),
  };
  for (const step of ORDER.slice(done ? ORDER.indexOf(done) + 1 : 0)) {
    if (await applies[step]()) return step;
  }
  return null;
}

/**
 * The user as the UI sees it. Half-way through the second factor only who is logging in is told
 * (no roles): the password alone does not show what the account may do.
 */
export async function currentUserOf(db: Db, user: Pick<SessionUser, 'id' | 'username' | 'displayName' | 'isDemo' | 'roles' | 'restricted'>): Promise<CurrentUser> {
  const base = { id: user.id, username: user.username, displayName: user.displayName, isDemo: user.isDemo };
  if (user.restricted === 'totp') return { ...base, roles: [], mfaRequired: true, totpEnabled: true };
  return {
    ...base,
    roles: user.roles,
    mustChangePassword: user.restricted === 'password_change',
    mfaEnrolRequired: user.restricted === 'totp_enrol',
    totpEnabled: await totpEnabled(db, user.id),
  };
}
