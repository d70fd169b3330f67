import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { CurrentUser } from '../../../../contracts/auth.ts';
import type { Db } from '../../db/client.ts';
import { users, userTotp } from '../../db/schema/index.ts';
import type { Env } from '../../env.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { SessionUser } from '../../lib/context.ts';
import { AppError, conflict } from '../../lib/errors.ts';
import { checkLoginAllowed, clearLoginFailures, recordLoginFailure } from '../../lib/login-throttle.ts';
import { getPii } from '../../lib/pii.ts';
import { deleteRestrictedSessions, rotateSession } from '../../lib/session.ts';
import { matchTotpStep, recoveryCodeMatches } from '../../lib/totp.ts';
import { currentUserOf, nextLoginStep } from './login-steps.ts';

export const invalidTotp = (status: number, field: 'code' | 'recoveryCode' = 'code') => {
  const message = field === 'code' ? '验证码不正确或已使用，请输入验证器上当前显示的 6 位数字' : '恢复码不正确或已使用';
  return new AppError('INVALID_TOTP', status, message, [{ field, message }]);
};

/**
 * Marks `step` as used: succeeds only when no code of this or a later step was accepted before,
 * atomically, so the same code cannot pass twice — not even by two requests at once.
 */
export async function claimTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const rows = await db
    .update(userTotp)
    .set({ lastStep: step, updatedAt: new Date() })
    .where(and(eq(userTotp.userId, userId), isNotNull(userTotp.secretEnc), or(isNull(userTotp.lastStep), lt(userTotp.lastStep, step))))
    .returning({ id: userTotp.userId });
  return rows.length > 0;
}

/** Checks a code from the app against the enabled secret and uses up its step. */
export async function checkTotpCode(db: Db, env: Env, userId: string, code: string): Promise<'ok' | 'bad' | 'replay'> {
  const [row] = await db.select({ secretEnc: userTotp.secretEnc }).from(userTotp).where(eq(userTotp.userId, userId));
  if (!row?.secretEnc) return 'bad';
  const secret = (await getPii(db, env)).decrypt(row.secretEnc);
  const step = matchTotpStep(secret, code);
  if (step === null) return 'bad';
  return (await claimTotpStep(db, userId, step)) ? 'ok' : 'replay';
}

/** Uses up a recovery code; returns how many are left, or null when it matches none. */
async function useRecoveryCode(db: Db, userId: string, code: string): Promise<number | null> {
  const [row] = await db.select({ hashes: userTotp.recoveryHashes }).from(userTotp).where(and(eq(userTotp.userId, userId), isNotNull(userTotp.secretEnc)));
  const hit = row?.hashes.find((h) => recoveryCodeMatches(h, code));
  if (!hit) return null;
  // Removed only if still there: a code raced by two requests passes once.
  const [left] = await db
    .update(userTotp)
    .set({ recoveryHashes: sql`array_remove(${userTotp.recoveryHashes}, ${hit})`, updatedAt: new Date() })
    .where(and(eq(userTotp.userId, userId), sql`${hit} = any(${userTotp.recoveryHashes})`))
    .returning({ n: sql<number>`cardinality(${userTotp.recoveryHashes})` });
  return left ? Number(left.n) : null;
}

export interface VerifyInput {
  code?: string;
  recoveryCode?: string;
  ip: string | null;
}

/**
 * The second step of a login. A wrong code counts as a failed login towards the lockout (the
 * password alone never clears the count); the failure that locks the account also ends every
 * half-open session of the user, so the password must be given again. A right code (or an unused recovery
 * code) completes the login in a new session: the token changes.
 */
export async function verifySecondFactor(db: Db, env: Env, user: SessionUser, input: VerifyInput): Promise<{ token: string; user: CurrentUser }> {
  if (user.restricted !== 'totp' || !user.sessionTokenHash) throw conflict('当前会话无需两步验证');
  const actor = { actorId: user.id, actorName: user.username, ip: input.ip };
  try {
    await checkLoginAllowed(db, env, user.username, input.ip);
  } catch (err) {
    const code = (err as AppError).code;
    await appendAudit(db, { ...actor, action: 'auth.login_failed', outcome: 'denied', detail: { reason: code === 'RATE_LIMITED' ? 'rate_limited' : 'locked', step: 'totp' } });
    if (code === 'ACCOUNT_LOCKED') await deleteRestrictedSessions(db, user.id, 'totp');
    throw err;
  }
  let method: 'totp' | 'recovery_code';
  let reason: string | null = null;
  let recoveryCodesLeft: number | undefined;
  if (input.code !== undefined) {
    method = 'totp';
    const r = await checkTotpCode(db, env, user.id, input.code);
    if (r !== 'ok') reason = r === 'replay' ? 'totp_replay' : 'bad_totp';
  } else {
    method = 'recovery_code';
    const left = await useRecoveryCode(db, user.id, input.recoveryCode ?? '');
    if (left === null) reason = 'bad_recovery_code';
    else recoveryCodesLeft = left;
  }
  if (reason) {
    const locked = await recordLoginFailure(db, env, user.username);
    await appendAudit(db, { ...actor, action: 'auth.login_failed', outcome: 'failure', detail: { reason, locked } });
    if (locked) {
      await deleteRestrictedSessions(db, user.id, 'totp');
      throw new AppError('ACCOUNT_LOCKED', 429, `登录失败次数过多，账号已临时锁定，请 ${env.LOGIN_LOCK_MINUTES} 分钟后再试`);
    }
    throw invalidTotp(401, method === 'totp' ? 'code' : 'recoveryCode');
  }
  await clearLoginFailures(db, user.username);
  const next = await nextLoginStep(db, env, user.id, 'totp');
  const token = await rotateSession(db, env, user.sessionTokenHash, next);
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
  await appendAudit(db, { ...actor, action: 'auth.login', detail: { secondFactor: method, ...(recoveryCodesLeft !== undefined ? { recoveryCodesLeft } : {}), ...(next === 'password_change' ? { passwordExpired: true } : {}) } });
  return { token, user: await currentUserOf(db, { ...user, restricted: next }) };
}
