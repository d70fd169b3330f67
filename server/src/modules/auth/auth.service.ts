import { eq } from 'drizzle-orm';
import type { CurrentUser } from '../../../../contracts/auth.ts';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import type { Env } from '../../env.ts';
import { appendAudit } from '../../lib/audit.ts';
import { burnPasswordTime, verifyPassword } from '../../lib/crypto.ts';
import { AppError } from '../../lib/errors.ts';
import { clearLoginFailures, checkLoginAllowed, recordLoginFailure } from '../../lib/login-throttle.ts';
import { createSession, deleteOtherSessions, deleteSession, liftRestriction, loadRoleBindings } from '../../lib/session.ts';
import type { Ctx } from '../../lib/context.ts';
import { setPassword } from '../users/users.service.ts';

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
  try {
    await checkLoginAllowed(db, env, input.username, input.ip);
  } catch (err) {
    await appendAudit(db, { action: 'auth.login_failed', outcome: 'denied', actorName: input.username, ip: input.ip, detail: { reason: (err as AppError).code === 'RATE_LIMITED' ? 'rate_limited' : 'locked' } });
    throw err;
  }
  const [u] = await db.select().from(users).where(eq(users.username, input.username)).limit(1);
  if (!u) {
    await burnPasswordTime(input.password, env.PASSWORD_KDF_ITERATIONS);
    const locked = await recordLoginFailure(db, env, input.username);
    await appendAudit(db, {
      action: 'auth.login_failed',
      outcome: 'failure',
      actorName: input.username,
      ip: input.ip,
      detail: { reason: 'unknown_user', locked },
    });
    throw BAD_CREDENTIALS();
  }
  const ok = await verifyPassword(input.password, u.passwordHash);
  if (!ok || u.disabled) {
    const locked = await recordLoginFailure(db, env, input.username);
    await appendAudit(db, {
      action: 'auth.login_failed',
      outcome: 'failure',
      actorId: u.id,
      actorName: u.username,
      ip: input.ip,
      detail: { reason: ok ? 'disabled' : 'bad_password', locked },
    });
    throw BAD_CREDENTIALS();
  }
  await clearLoginFailures(db, input.username);
  // Staff passwords expire (demo accounts excepted, so the documented password keeps working).
  const maxAgeMs = env.PASSWORD_MAX_AGE_DAYS * 86_400_000;
  const expired = maxAgeMs > 0 && !u.isDemo && Date.now() - u.passwordChangedAt.getTime() > maxAgeMs;
  const restricted = expired ? 'password_change' : null;
  const token = await createSession(db, env, u.id, { ip: input.ip, userAgent: input.userAgent, restricted });
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, u.id));
  await appendAudit(db, { action: 'auth.login', actorId: u.id, actorName: u.username, ip: input.ip, detail: expired ? { passwordExpired: true } : {} });
  const roles = await loadRoleBindings(db, u.id);
  return {
    token,
    user: { id: u.id, username: u.username, displayName: u.displayName, isDemo: u.isDemo, roles, mustChangePassword: expired },
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

/** Changes the caller's own password after checking the current one; other sessions end. */
export async function changeOwnPassword(ctx: Ctx, current: string, next: string): Promise<CurrentUser> {
  const [u] = await ctx.db.select().from(users).where(eq(users.id, ctx.user.id));
  if (!u || !(await verifyPassword(current, u.passwordHash))) {
    throw new AppError('VALIDATION_FAILED', 400, '当前密码不正确', [{ field: 'currentPassword', message: '当前密码不正确' }]);
  }
  if (current === next) throw new AppError('VALIDATION_FAILED', 400, '新密码不能与当前密码相同', [{ field: 'newPassword', message: '新密码不能与当前密码相同' }]);
  await setPassword(ctx.db, ctx.env, u.id, next, { id: u.id, name: u.username, ip: ctx.ip }, { self: true });
  if (ctx.user.sessionTokenHash) {
    await deleteOtherSessions(ctx.db, u.id, ctx.user.sessionTokenHash);
    await liftRestriction(ctx.db, ctx.user.sessionTokenHash);
  }
  const { sessionTokenHash: _s, ...user } = ctx.user;
  return { ...user, mustChangePassword: false };
}

export async function logoutOthers(ctx: Ctx): Promise<{ ended: number }> {
  const ended = ctx.user.sessionTokenHash ? await deleteOtherSessions(ctx.db, ctx.user.id, ctx.user.sessionTokenHash) : 0;
  await appendAudit(ctx.db, { action: 'auth.logout_others', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, detail: { ended } });
  return { ended };
}
