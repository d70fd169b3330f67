import { and, eq, isNull } from 'drizzle-orm';
import type { CurrentUser } from '../../../../contracts/auth.ts';
import type { TotpEnableResult, TotpSetup, TotpStatus } from '../../../../contracts/totp.ts';
import { users, userTotp } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { Ctx } from '../../lib/context.ts';
import { verifyPassword } from '../../lib/crypto.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../lib/errors.ts';
import { checkLoginAllowed, recordLoginFailure } from '../../lib/login-throttle.ts';
import { getPii } from '../../lib/pii.ts';
import { deleteUserSessions, rotateSession } from '../../lib/session.ts';
import { hashRecoveryCode, matchTotpStep, newRecoveryCodes, newTotpSecret, qrDataUrl, totpUri } from '../../lib/totp.ts';
import { totpRequiredFor } from '../security/security.service.ts';
import { currentUserOf, nextLoginStep } from './login-steps.ts';
import { checkTotpCode, invalidTotp } from './totp-verify.ts';

const audit = (ctx: Ctx) => ({ actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'user', targetId: ctx.user.id });

async function totpRow(ctx: Ctx, userId = ctx.user.id) {
  const [row] = await ctx.db.select().from(userTotp).where(eq(userTotp.userId, userId));
  return row;
}

export async function totpStatus(ctx: Ctx): Promise<TotpStatus> {
  const row = await totpRow(ctx);
  const enabled = !!row?.secretEnc;
  return {
    enabled,
    enabledAt: enabled ? (row.enabledAt?.toISOString() ?? null) : null,
    recoveryCodesLeft: enabled ? row.recoveryHashes.length : 0,
    required: await totpRequiredFor(ctx.db, ctx.env, ctx.user),
  };
}

/** A new secret for the caller's authenticator app, kept pending (encrypted) until a code confirms it. */
export async function setupTotp(ctx: Ctx): Promise<TotpSetup> {
  // A shared demo account must keep opening with the documented password alone.
  if (ctx.user.isDemo) throw forbidden('演示账号不能启用两步验证');
  if ((await totpRow(ctx))?.secretEnc) throw conflict('已启用两步验证；如需更换手机，请先停用后重新设置');
  const secret = newTotpSecret();
  const pendingSecretEnc = (await getPii(ctx.db, ctx.env)).encrypt(secret);
  await ctx.db
    .insert(userTotp)
    .values({ userId: ctx.user.id, pendingSecretEnc })
    .onConflictDoUpdate({ target: userTotp.userId, set: { pendingSecretEnc, updatedAt: new Date() } });
  const otpauthUri = totpUri(secret, ctx.user.username);
  return { secret, otpauthUri, qrDataUrl: await qrDataUrl(otpauthUri) };
}

/**
 * Confirms the pending secret with a code from the app and enables it; answers the ten recovery
 * codes, which are stored only as hashes. A session that had to enrol is replaced by a full one.
 */
export async function enableTotp(ctx: Ctx, code: string): Promise<{ token: string | null; result: TotpEnableResult }> {
  const row = await totpRow(ctx);
  if (row?.secretEnc) throw conflict('已启用两步验证');
  if (!row?.pendingSecretEnc) throw invalid('code', '请先获取二维码并添加到验证器');
  const step = matchTotpStep((await getPii(ctx.db, ctx.env)).decrypt(row.pendingSecretEnc), code);
  if (step === null) throw invalidTotp(400);
  const recoveryCodes = newRecoveryCodes();
  await ctx.db.transaction(async (tx) => {
    const done = await tx
      .update(userTotp)
      .set({
        secretEnc: row.pendingSecretEnc,
        pendingSecretEnc: null,
        enabledAt: new Date(),
        lastStep: step,
        recoveryHashes: recoveryCodes.map(hashRecoveryCode),
        updatedAt: new Date(),
      })
      .where(and(eq(userTotp.userId, ctx.user.id), isNull(userTotp.secretEnc), eq(userTotp.pendingSecretEnc, row.pendingSecretEnc!)))
      .returning({ id: userTotp.userId });
    if (!done.length) throw conflict('两步验证设置已变化，请刷新后重试');
    await appendAudit(tx, { ...audit(ctx), action: 'auth.totp_enable', detail: { enrolRequired: ctx.user.restricted === 'totp_enrol' } });
  });
  let token: string | null = null;
  let restricted = ctx.user.restricted ?? null;
  if (restricted === 'totp_enrol' && ctx.user.sessionTokenHash) {
    restricted = await nextLoginStep(ctx.db, ctx.env, ctx.user.id, 'totp_enrol');
    token = await rotateSession(ctx.db, ctx.env, ctx.user.sessionTokenHash, restricted);
  }
  return { token, result: { recoveryCodes, user: await currentUserOf(ctx.db, { ...ctx.user, restricted }) } };
}

/** Turns the second factor off, with the password and a current code; not when the policy requires it. */
export async function disableTotp(ctx: Ctx, password: string, code: string): Promise<CurrentUser> {
  if (await totpRequiredFor(ctx.db, ctx.env, ctx.user)) throw forbidden('按照安全策略，您的角色必须使用两步验证，不能停用');
  if (!(await totpRow(ctx))?.secretEnc) throw conflict('尚未启用两步验证');
  // Password and code guesses count like failed logins, and a locked account cannot try.
  await checkLoginAllowed(ctx.db, ctx.env, ctx.user.username, null);
  const [u] = await ctx.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, ctx.user.id));
  const fail = async (reason: string, err: AppError) => {
    const locked = await recordLoginFailure(ctx.db, ctx.env, ctx.user.username);
    await appendAudit(ctx.db, { ...audit(ctx), action: 'auth.totp_disable', outcome: 'failure', detail: { reason, locked } });
    throw err;
  };
  if (!u || !(await verifyPassword(password, u.passwordHash))) return fail('bad_password', invalid('password', '当前密码不正确'));
  if ((await checkTotpCode(ctx.db, ctx.env, ctx.user.id, code)) !== 'ok') return fail('bad_totp', invalidTotp(400));
  await ctx.db.transaction(async (tx) => {
    await tx.delete(userTotp).where(eq(userTotp.userId, ctx.user.id));
    await appendAudit(tx, { ...audit(ctx), action: 'auth.totp_disable' });
  });
  return currentUserOf(ctx.db, ctx.user);
}

/**
 * An administrator's reset of someone's second factor (a lost phone): the user's TOTP and recovery
 * codes are removed and their sessions end; their next login enrols again where the policy says so.
 */
export async function resetTotp(ctx: Ctx, userId: string): Promise<void> {
  if (userId === ctx.user.id) throw forbidden('不能重置自己的两步验证，请由另一位系统管理员操作');
  const [u] = await ctx.db.select({ username: users.username }).from(users).where(eq(users.id, userId));
  if (!u) throw notFound('用户');
  await ctx.db.transaction(async (tx) => {
    const removed = await tx.delete(userTotp).where(eq(userTotp.userId, userId)).returning({ secretEnc: userTotp.secretEnc });
    await deleteUserSessions(tx, userId);
    await appendAudit(tx, {
      ...audit(ctx),
      targetId: userId,
      action: 'user.totp_reset',
      detail: { username: u.username, hadTotp: removed.some((r) => r.secretEnc !== null) },
    });
  });
}
