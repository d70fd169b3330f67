import { randomInt, randomUUID } from 'node:crypto';
import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { SendCodeBodySchema } from '../../../../contracts/portal.ts';
import type { Db } from '../../db/client.ts';
import { portalAccounts, portalCodes } from '../../db/schema/index.ts';
import { AppError, invalid } from '../../lib/errors.ts';
import { getPii, type Pii } from '../../lib/pii.ts';
import { maskRecipient, type Channel } from '../../lib/notifier.ts';
import { notifier, type PortalDeps } from './portal-context.ts';
import './portal-templates.ts';

/**
 * Verification codes: 6 digits, kept only as a keyed hash (HMAC-SM3, lib/pii.ts), valid 10
 * minutes, 5 wrong tries, one per minute and PORTAL_CODES_PER_TARGET_HOUR per phone/email, and
 * PORTAL_CODES_PER_IP_HOUR per client IP. Asking for a registration code for an address that
 * already has an account sends it a "you already have an account" message instead and answers
 * exactly the same, so the answer never tells whether a phone is registered.
 */
export const CODE_TTL_SECONDS = 600;
export const RESEND_AFTER_SECONDS = 60;
export const MAX_CODE_ATTEMPTS = 5;
const CODE_LOCK = 42_0627;

export interface Target {
  channel: Channel;
  value: string;
}

export function targetOf(input: { phone?: string; email?: string }): Target {
  return input.phone ? { channel: 'sms', value: input.phone } : { channel: 'email', value: input.email! };
}

export function targetHash(pii: Pii, t: Target): string {
  return pii.blindIndex(t.channel === 'sms' ? 'phone' : 'email', t.value);
}

/** The active account with this phone/email, if any. */
export async function accountByTarget(db: Db, hash: string, channel: Channel) {
  const col = channel === 'sms' ? portalAccounts.phoneHash : portalAccounts.emailHash;
  const [row] = await db.select().from(portalAccounts).where(and(eq(col, hash), eq(portalAccounts.status, 'active')));
  return row ?? null;
}

const codeHash = (pii: Pii, rowId: string, code: string) => pii.blindIndex('otp', `${rowId}:${code}`);
const tooMany = (message: string) => new AppError('RATE_LIMITED', 429, message);

export async function sendCode(deps: PortalDeps, input: z.infer<typeof SendCodeBodySchema>) {
  const { db, env } = deps;
  const t = targetOf(input);
  const pii = await getPii(db, env);
  const hash = targetHash(pii, t);
  const hourAgo = new Date(Date.now() - 3600_000);
  const send = await db.transaction(async (tx): Promise<{ template: string; params: Record<string, string> }> => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CODE_LOCK}, hashtext(${hash}))`);
    if (deps.ip) {
      const [byIp] = await tx.select({ n: sql<number>`count(*)::int` }).from(portalCodes).where(and(eq(portalCodes.ip, deps.ip), gt(portalCodes.createdAt, hourAgo)));
      if ((byIp?.n ?? 0) >= env.PORTAL_CODES_PER_IP_HOUR) throw tooMany('获取验证码过于频繁，请一小时后再试');
    }
    const recent = await tx
      .select({ createdAt: portalCodes.createdAt })
      .from(portalCodes)
      .where(and(eq(portalCodes.targetHash, hash), gt(portalCodes.createdAt, hourAgo)))
      .orderBy(desc(portalCodes.createdAt));
    const last = recent[0];
    if (last && Date.now() - last.createdAt.getTime() < RESEND_AFTER_SECONDS * 1000) {
      const wait = RESEND_AFTER_SECONDS - Math.floor((Date.now() - last.createdAt.getTime()) / 1000);
      throw tooMany(`请 ${wait} 秒后再获取验证码`);
    }
    if (recent.length >= env.PORTAL_CODES_PER_TARGET_HOUR) throw tooMany('此号码获取验证码次数过多，请一小时后再试');
    const account = await accountByTarget(tx, hash, t.channel);
    // register → a code unless there is an account; reset → a code only if there is one.
    const issue = input.purpose === 'register' ? !account : !!account;
    const id = randomUUID();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await tx.insert(portalCodes).values({
      id,
      purpose: issue ? input.purpose : 'notice',
      targetHash: hash,
      codeHash: issue ? codeHash(pii, id, code) : null,
      ip: deps.ip,
      expiresAt: new Date(Date.now() + CODE_TTL_SECONDS * 1000),
    });
    if (issue) return { template: 'portal.code', params: { code, purpose: input.purpose === 'register' ? '注册' : '找回密码' } };
    return { template: input.purpose === 'register' ? 'portal.already_registered' : 'portal.no_account', params: {} };
  });
  await notifier(deps).send(t.channel, t.value, send.template, send.params);
  return { sentTo: maskRecipient(t.channel, t.value), expiresInSeconds: CODE_TTL_SECONDS, resendAfterSeconds: RESEND_AFTER_SECONDS };
}

const badCode = () => invalid('code', '验证码错误或已失效，请重新获取');

/**
 * Checks and uses up the latest code sent to the target for `purpose`. Every wrong try counts;
 * after MAX_CODE_ATTEMPTS the code is dead. Throws the same error for every failure.
 */
export async function consumeCode(db: Db, pii: Pii, hash: string, purpose: 'register' | 'reset', code: string): Promise<void> {
  const ok = await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(portalCodes)
      .where(and(eq(portalCodes.targetHash, hash), inArray(portalCodes.purpose, [purpose, 'notice'])))
      .orderBy(desc(portalCodes.createdAt))
      .limit(1)
      .for('update');
    if (!row || row.purpose !== purpose || !row.codeHash || row.consumedAt || row.expiresAt.getTime() < Date.now() || row.attempts >= MAX_CODE_ATTEMPTS) return false;
    if (codeHash(pii, row.id, code) !== row.codeHash) {
      await tx.update(portalCodes).set({ attempts: sql`${portalCodes.attempts} + 1` }).where(eq(portalCodes.id, row.id));
      return false;
    }
    await tx.update(portalCodes).set({ consumedAt: new Date() }).where(eq(portalCodes.id, row.id));
    return true;
  });
  if (!ok) throw badCode();
}

/** Forgets code rows older than a day (the rate limits look back one hour). */
export async function purgeOldCodes(db: Db): Promise<void> {
  await db.delete(portalCodes).where(sql`${portalCodes.createdAt} < now() - interval '1 day'`);
}
