import { and, desc, eq, ne } from 'drizzle-orm';
import type { z } from 'zod';
import { maskPhone, normalisePhone } from '../../../../contracts/id-number.ts';
import type { PortalLoginBodySchema, PortalMe, RegisterBodySchema, ResetPasswordBodySchema } from '../../../../contracts/portal.ts';
import { portalAccounts, portalRegistrations, talents } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import { burnPasswordTime, hashPassword, verifyPassword } from '../../lib/crypto.ts';
import { AppError, invalid } from '../../lib/errors.ts';
import { checkLoginAllowed, clearLoginFailures, recordLoginFailure } from '../../lib/login-throttle.ts';
import { assertPasswordAllowed } from '../../lib/password-policy.ts';
import { getPii } from '../../lib/pii.ts';
import { maskRecipient } from '../../lib/notifier.ts';
import { createPortalSession, deletePortalAccountSessions, deletePortalSession } from '../../lib/portal-session.ts';
import { assertCurrentVersion, consentStatus, recordGrants } from './consent.service.ts';
import { accountLabel, loadAccount, type PortalCtx, type PortalDeps } from './portal-context.ts';
import { accountByTarget, consumeCode, targetHash, targetOf } from './verification-codes.ts';

/** Registration, login, password reset of portal accounts (a separate principal from staff users). */

const throttleKey = (hash: string) => `portal:${hash.slice(0, 32)}`;

export async function register(deps: PortalDeps, input: z.infer<typeof RegisterBodySchema>): Promise<{ token: string; me: PortalMe }> {
  const { db, env } = deps;
  assertCurrentVersion(input.consent.noticeVersion);
  const t = targetOf(input);
  // The policy first, so a weak password does not use up the code.
  await assertPasswordAllowed(db, { username: t.value }, input.password);
  const pii = await getPii(db, env);
  const hash = targetHash(pii, t);
  await consumeCode(db, pii, hash, 'register', input.code);
  // A code is only ever issued for an address without an account; a race ends the same way.
  if (await accountByTarget(db, hash, t.channel)) throw invalid('code', '验证码错误或已失效，请重新获取');
  const passwordHash = await hashPassword(input.password, env.PASSWORD_KDF_ITERATIONS);
  const contact =
    t.channel === 'sms'
      ? { phoneEnc: pii.encrypt(t.value), phoneHash: hash, phoneMasked: maskPhone(t.value) }
      : { emailEnc: pii.encrypt(t.value), emailHash: hash, emailMasked: maskRecipient('email', t.value) };
  const account = await db.transaction(async (tx) => {
    const [a] = await tx.insert(portalAccounts).values({ ...contact, passwordHash }).returning();
    const kinds = await recordGrants(tx, a!.id, input.consent, deps);
    await appendAudit(tx, { action: 'portal.register', actorId: a!.id, actorName: accountLabel(a!), ip: deps.ip, targetType: 'portal_account', targetId: a!.id, detail: { channel: t.channel, consents: kinds, version: input.consent.noticeVersion } });
    return a!;
  });
  const token = await createPortalSession(db, env, account.id, deps);
  return { token, me: await portalMe(db, account.id) };
}

function parseAccount(raw: string): { channel: 'sms' | 'email'; value: string } {
  const s = raw.trim();
  if (s.includes('@')) return { channel: 'email', value: s.toLowerCase() };
  return { channel: 'sms', value: normalisePhone(s) };
}

const badLogin = () => new AppError('INVALID_CREDENTIALS', 401, '账号或密码错误');

export async function portalLogin(deps: PortalDeps, input: z.infer<typeof PortalLoginBodySchema>): Promise<{ token: string; me: PortalMe }> {
  const { db, env } = deps;
  const t = parseAccount(input.account);
  const pii = await getPii(db, env);
  const hash = targetHash(pii, t);
  await checkLoginAllowed(db, env, throttleKey(hash), deps.ip);
  const account = await accountByTarget(db, hash, t.channel);
  const ok = account?.passwordHash ? await verifyPassword(input.password, account.passwordHash) : (await burnPasswordTime(input.password, env.PASSWORD_KDF_ITERATIONS), false);
  if (!account || !ok) {
    const locked = await recordLoginFailure(db, env, throttleKey(hash));
    await appendAudit(db, { action: 'portal.login_failed', outcome: 'failure', actorId: account?.id ?? null, actorName: account ? accountLabel(account) : `portal:${maskRecipient(t.channel, t.value)}`, ip: deps.ip, detail: { locked } });
    throw badLogin();
  }
  await clearLoginFailures(db, throttleKey(hash));
  await db.update(portalAccounts).set({ lastLoginAt: new Date() }).where(eq(portalAccounts.id, account.id));
  await appendAudit(db, { action: 'portal.login', actorId: account.id, actorName: accountLabel(account), ip: deps.ip, targetType: 'portal_account', targetId: account.id });
  const token = await createPortalSession(db, env, account.id, deps);
  return { token, me: await portalMe(db, account.id) };
}

export async function portalLogout(deps: PortalDeps, token: string): Promise<void> {
  await deletePortalSession(deps.db, token);
}

/** Forgotten password: a code to the phone/email, a new password, every session ended. */
export async function resetPassword(deps: PortalDeps, input: z.infer<typeof ResetPasswordBodySchema>): Promise<void> {
  const { db, env } = deps;
  const t = targetOf(input);
  await assertPasswordAllowed(db, { username: t.value }, input.password);
  const pii = await getPii(db, env);
  const hash = targetHash(pii, t);
  await consumeCode(db, pii, hash, 'reset', input.code);
  const account = await accountByTarget(db, hash, t.channel);
  if (!account) throw invalid('code', '验证码错误或已失效，请重新获取');
  const passwordHash = await hashPassword(input.password, env.PASSWORD_KDF_ITERATIONS);
  await db.transaction(async (tx) => {
    await tx.update(portalAccounts).set({ passwordHash, passwordChangedAt: new Date(), version: account.version + 1 }).where(eq(portalAccounts.id, account.id));
    await appendAudit(tx, { action: 'portal.password_reset', actorId: account.id, actorName: accountLabel(account), ip: deps.ip, targetType: 'portal_account', targetId: account.id });
  });
  await deletePortalAccountSessions(db, account.id);
  await clearLoginFailures(db, throttleKey(hash));
}

/** The logged-in account: masked contact, consent state, where the profile stands. */
export async function portalMe(db: PortalDeps['db'], accountId: string): Promise<PortalMe> {
  const a = await loadAccount(db, accountId);
  let profileStatus: PortalMe['profileStatus'] = 'none';
  let displayName: string | null = null;
  if (a.talentId) {
    profileStatus = 'linked';
    const [t] = await db.select({ name: talents.name }).from(talents).where(eq(talents.id, a.talentId));
    displayName = t?.name ?? null;
  } else {
    const [r] = await db
      .select({ status: portalRegistrations.status, data: portalRegistrations.data })
      .from(portalRegistrations)
      .where(and(eq(portalRegistrations.accountId, a.id), ne(portalRegistrations.status, 'withdrawn')))
      .orderBy(desc(portalRegistrations.createdAt))
      .limit(1);
    if (r?.status === 'pending') profileStatus = 'pending';
    else if (r?.status === 'rejected') profileStatus = 'rejected';
    displayName = (r?.data as { name?: string } | undefined)?.name ?? null;
  }
  return { id: a.id, phoneMasked: a.phoneMasked, emailMasked: a.emailMasked, isDemo: a.isDemo, consent: await consentStatus(db, a.id), profileStatus, displayName };
}

export const meOf = (pctx: PortalCtx) => portalMe(pctx.db, pctx.accountId);
