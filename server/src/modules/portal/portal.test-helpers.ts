import { desc, sql } from 'drizzle-orm';
import { notificationOutbox } from '../../db/schema/index.ts';
import type { TestContext } from '../../test/harness.ts';
import { NOTICE_VERSION } from './notice.ts';

/** Helpers of the portal's tests: codes read from the dev outbox, a registered account's cookie. */
export const PORTAL_PASSWORD = 'Portal@Pass2026';
export const CONSENT = { noticeVersion: NOTICE_VERSION, personalInfo: true, sensitiveInfo: true } as const;

export async function lastOutbox(t: TestContext) {
  const [m] = await t.database.db.select().from(notificationOutbox).orderBy(desc(notificationOutbox.createdAt)).limit(1);
  return m!;
}

export async function lastCode(t: TestContext): Promise<string> {
  const m = await lastOutbox(t);
  const code = /验证码为 (\d{6})/.exec(m.body)?.[1];
  if (!code) throw new Error(`no code in the last message: ${m.body}`);
  return code;
}

/** Moves every code request back in time, past the one-per-minute limit. */
export async function ageCodes(t: TestContext, minutes = 2): Promise<void> {
  await t.database.db.execute(sql`update portal_codes set created_at = created_at - make_interval(mins => ${minutes})`);
}

export function portalCookie(res: { cookies: { name: string; value: string }[] }): string {
  const c = res.cookies.find((x) => x.name === 'fg_portal');
  if (!c) throw new Error('no portal cookie');
  return `fg_portal=${c.value}`;
}

/** Registers a phone through the API (code from the outbox) and returns the portal cookie. */
export async function registerPortal(t: TestContext, phone: string, consent: { noticeVersion?: string; personalInfo?: boolean; sensitiveInfo?: boolean } = {}): Promise<string> {
  await ageCodes(t);
  const code = await t.app.inject({ method: 'POST', url: '/api/portal/auth/code', payload: { purpose: 'register', phone } });
  if (code.statusCode !== 200) throw new Error(`code: ${code.statusCode} ${code.body}`);
  const res = await t.app.inject({ method: 'POST', url: '/api/portal/auth/register', payload: { phone, code: await lastCode(t), password: PORTAL_PASSWORD, consent: { ...CONSENT, ...consent } } });
  if (res.statusCode !== 201) throw new Error(`register: ${res.statusCode} ${res.body}`);
  return portalCookie(res);
}

export const portalCall = (t: TestContext, cookie: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie } });

/**
 * A portal account linked to a new registry record: registers, submits `profile` and has the
 * county admin (cookie) approve it. Returns the portal cookie and the record's id.
 */
export async function linkedPortal(t: TestContext, countyCookie: string, phone: string, profile: Record<string, unknown>): Promise<{ cookie: string; talentId: string }> {
  const cookie = await registerPortal(t, phone);
  const saved = await portalCall(t, cookie, 'PUT', '/api/portal/profile', profile);
  if (saved.statusCode !== 200) throw new Error(`profile: ${saved.statusCode} ${saved.body}`);
  const list = await t.app.inject({ url: '/api/portal-admin/registrations', headers: { cookie: countyCookie } });
  const reg = (list.json().items as { id: string; version: number; name: string }[]).find((r) => r.name === profile.name);
  if (!reg) throw new Error('registration not visible to that county');
  const ok = await t.app.inject({ method: 'POST', url: `/api/portal-admin/registrations/${reg.id}/approve`, payload: { version: reg.version, linkTalentId: null }, headers: { cookie: countyCookie } });
  if (ok.statusCode !== 200) throw new Error(`approve: ${ok.statusCode} ${ok.body}`);
  return { cookie, talentId: ok.json().talentId };
}
