import { eq } from 'drizzle-orm';
import type { CurrentUser } from '../../../../contracts/auth.ts';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import type { Env } from '../../env.ts';
import { appendAudit } from '../../lib/audit.ts';
import { burnPasswordTime, verifyPassword } from '../../lib/crypto.ts';
import { AppError } from '../../lib/errors.ts';
import { createSession, deleteSession, loadRoleBindings } from '../../lib/session.ts';

const BAD_CREDENTIALS = () => new AppError('INVALID_CREDENTIALS', 401, '用户名或密码错误');

export interface LoginInput {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

/**
 * Checks the credentials and opens a session. Unknown user, wrong password and disabled account
 * all answer the same 401 in about the same time; the audit log records which it was.
 */
export async function login(db: Db, env: Env, input: LoginInput): Promise<{ token: string; user: CurrentUser }> {
  const [u] = await db.select().from(users).where(eq(users.username, input.username)).limit(1);
  if (!u) {
    await burnPasswordTime(input.password, env.PASSWORD_KDF_ITERATIONS);
    await appendAudit(db, {
      action: 'auth.login_failed',
      outcome: 'failure',
      actorName: input.username,
      ip: input.ip,
      detail: { reason: 'unknown_user' },
    });
    throw BAD_CREDENTIALS();
  }
  const ok = await verifyPassword(input.password, u.passwordHash);
  if (!ok || u.disabled) {
    await appendAudit(db, {
      action: 'auth.login_failed',
      outcome: 'failure',
      actorId: u.id,
      actorName: u.username,
      ip: input.ip,
      detail: { reason: ok ? 'disabled' : 'bad_password' },
    });
    throw BAD_CREDENTIALS();
  }
  const token = await createSession(db, env, u.id, { ip: input.ip, userAgent: input.userAgent });
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, u.id));
  await appendAudit(db, { action: 'auth.login', actorId: u.id, actorName: u.username, ip: input.ip });
  const roles = await loadRoleBindings(db, u.id);
  return {
    token,
    user: { id: u.id, username: u.username, displayName: u.displayName, isDemo: u.isDemo, roles },
  };
}

export async function logout(
  db: Db,
  token: string,
  actor: { id: string; username: string } | null,
  ip: string | null,
): Promise<void> {
  await deleteSession(db, token);
  if (actor) await appendAudit(db, { action: 'auth.logout', actorId: actor.id, actorName: actor.username, ip });
}
