import { eq } from 'drizzle-orm';
import type { CurrentUser } from '../../../../contracts/auth.ts';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import type { Env } from '../../env.ts';
import { appendAudit } from '../../lib/audit.ts';
import { burnPasswordTime, hashPassword, needsRehash, verifyPassword } from '../../lib/crypto.ts';
import { AppError } from '../../lib/errors.ts';
import { clearLoginFailures, checkLoginAllowed, recordLoginFailure } from '../../lib/login-throttle.ts';
import { createSession, deleteOtherSessions, deleteSession, loadVerifiedRoleBindings, setRestriction } from '../../lib/session.ts';
import type { Ctx } from '../../lib/context.ts';
import { setPassword } from '../users/users.service.ts';
import { currentUserOf, nextLoginStep } from './login-steps.ts';

const BAD_CREDENTIALS = () => new AppError('INVALID_CREDENTIALS', 401, '用户名或密码错误');

export interface LoginInput {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

/**
 * Checks the credentials and opens a session. Unknown user, wrong password and disabled account
 * all answer the same 401 in about the same time; the audit log records which it was. The session
 * is restricted to the next login step (login-steps.ts) when one is left: with TOTP enabled, the
 * answer is only `{mfaRequired: true}` and who it is, until POST /api/auth/totp/verify.
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
  if (needsRehash(u.passwordHash, env.PASSWORD_KDF_ITERATIONS)) {
    // The password is known to be right: store it under today's iteration count (no history entry,
    // the password itself did not change).
    await db.update(users).set({ passwordHash: await hashPassword(input.password, env.PASSWORD_KDF_ITERATIONS) }).where(eq(users.id, u.id));
  }
  const step = await nextLoginStep(db, env, u.id, null);
  const token = await createSession(db, env, u.id, { ip: input.ip, userAgent: input.userAgent, restricted: step });
  const roles = await loadVerifiedRoleBindings(db, env, u);
  const user = await currentUserOf(db, { ...u, roles, restricted: step });
  if (step === 'totp') {
    // Only the password so far: failures keep counting until the second factor is right too.
    await appendAudit(db, { action: 'auth.login_password', actorId: u.id, actorName: u.username, ip: input.ip, detail: { secondFactor: 'pending' } });
    return { token, user };
  }
  await clearLoginFailures(db, input.username);
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, u.id));
  const detail = step === 'password_change' ? { passwordExpired: true } : step === 'totp_enrol' ? { totpEnrolRequired: true } : {};
  await appendAudit(db, { action: 'auth.login', actorId: u.id, actorName: u.username, ip: input.ip, detail });
  return { token, user };
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
  let restricted = ctx.user.restricted ?? null;
  if (ctx.user.sessionTokenHash) {
    await deleteOtherSessions(ctx.db, u.id, ctx.user.sessionTokenHash);
    // A forced change may be followed by the enrolment of a second factor the policy requires.
    if (restricted === 'password_change') {
      restricted = await nextLoginStep(ctx.db, ctx.env, u.id, 'password_change');
      await setRestriction(ctx.db, ctx.user.sessionTokenHash, restricted);
    }
  }
  return currentUserOf(ctx.db, { ...ctx.user, restricted });
}

export async function logoutOthers(ctx: Ctx): Promise<{ ended: number }> {
  const ended = ctx.user.sessionTokenHash ? await deleteOtherSessions(ctx.db, ctx.user.id, ctx.user.sessionTokenHash) : 0;
  await appendAudit(ctx.db, { action: 'auth.logout_others', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, detail: { ended } });
  return { ended };
}
