import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, portalAccounts, portalCodes, portalConsents } from '../../db/schema/index.ts';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../test/harness.ts';
import { ageCodes, CONSENT, lastCode, lastOutbox, PORTAL_PASSWORD, portalCall, portalCookie, registerPortal } from './portal.test-helpers.ts';

let t: TestContext;
let staff: Record<string, string>;
beforeAll(async () => {
  t = await createTestContext({ PORTAL_CODES_PER_TARGET_HOUR: '4' });
  staff = await usersOfEveryRole(t);
});
afterAll(() => t.close());

const post = (url: string, payload: object, headers: Record<string, string> = {}) => t.app.inject({ method: 'POST', url, payload, headers });
const sendCode = (phone: string, ip = '10.0.0.1', purpose = 'register') => post('/api/portal/auth/code', { purpose, phone }, { 'x-forwarded-for': ip });

describe('portal registration (一家人云服务平台)', () => {
  it('sends a code through the notifier: outbox has it, the database only a keyed hash', async () => {
    const res = await sendCode('138 0013 8000');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sentTo: '138****8000', expiresInSeconds: 600, resendAfterSeconds: 60 });
    const msg = await lastOutbox(t);
    expect(msg).toMatchObject({ channel: 'sms', toMasked: '138****8000', template: 'portal.code' });
    const code = await lastCode(t);
    const rows = await t.database.db.select().from(portalCodes);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(JSON.stringify(rows)).not.toContain('13800138000');
    expect(rows[0]!.codeHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a registration without consent to the notice, naming the field', async () => {
    const res = await post('/api/portal/auth/register', { phone: '13800138000', code: await lastCode(t), password: PORTAL_PASSWORD, consent: { ...CONSENT, personalInfo: false } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain('consent.personalInfo');
    const old = await post('/api/portal/auth/register', { phone: '13800138000', code: await lastCode(t), password: PORTAL_PASSWORD, consent: { ...CONSENT, noticeVersion: '2020-1' } });
    expect(old.json().error.fields[0]).toMatchObject({ field: 'consent.noticeVersion' });
    expect(await t.database.db.select().from(portalAccounts)).toHaveLength(0);
  });

  it('refuses a weak password and a wrong code; the password check does not use the code up', async () => {
    const weak = await post('/api/portal/auth/register', { phone: '13800138000', code: await lastCode(t), password: 'short', consent: CONSENT });
    expect(weak.json().error.fields[0].field).toBe('password');
    const wrong = await post('/api/portal/auth/register', { phone: '13800138000', code: '000000' === (await lastCode(t)) ? '111111' : '000000', password: PORTAL_PASSWORD, consent: CONSENT });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ message: '验证码错误或已失效，请重新获取', fields: [{ field: 'code' }] });
  });

  it('registers with the right code: portal cookie, consents recorded with version and time, audited', async () => {
    const res = await post('/api/portal/auth/register', { phone: '13800138000', code: await lastCode(t), password: PORTAL_PASSWORD, consent: CONSENT });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ phoneMasked: '138****8000', profileStatus: 'none', consent: { upToDate: true, personal: { granted: true }, sensitive: { granted: true } } });
    expect(res.cookies.find((c) => c.name === 'fg_session')).toBeUndefined();
    const cookie = portalCookie(res);
    const consents = await t.database.db.select().from(portalConsents);
    expect(consents.map((c) => [c.kind, c.action, c.noticeVersion])).toEqual([['personal', 'grant', CONSENT.noticeVersion], ['sensitive', 'grant', CONSENT.noticeVersion]]);
    const [acc] = await t.database.db.select().from(portalAccounts);
    expect(acc!.phoneEnc).not.toContain('13800138000');
    expect(acc!.phoneHash).toMatch(/^[0-9a-f]{64}$/);
    const me = await portalCall(t, cookie, 'GET', '/api/portal/me');
    expect(me.json().phoneMasked).toBe('138****8000');
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'portal.register'));
    expect(audit).toHaveLength(1);
    // The code is used up.
    const again = await post('/api/portal/auth/register', { phone: '13800138000', code: await lastCode(t), password: PORTAL_PASSWORD, consent: CONSENT });
    expect(again.statusCode).toBe(400);
  });

  it('answers a registered phone exactly like a new one, and sends it a "you already have an account" message', async () => {
    await ageCodes(t);
    const known = await sendCode('13800138000');
    const fresh = await sendCode('13900139000');
    expect(known.statusCode).toBe(200);
    expect(Object.keys(known.json())).toEqual(Object.keys(fresh.json()));
    expect(known.json().expiresInSeconds).toBe(fresh.json().expiresInSeconds);
    const messages = await t.database.db.execute(sql`select template, to_masked from notification_outbox order by created_at desc limit 2`);
    expect((messages as unknown as { rows: { template: string; to_masked: string }[] }).rows).toEqual([
      { template: 'portal.code', to_masked: '139****9000' },
      { template: 'portal.already_registered', to_masked: '138****8000' },
    ]);
    // No code exists for the registered phone: any code gets the same answer as a wrong one.
    const res = await post('/api/portal/auth/register', { phone: '13800138000', code: '123456', password: PORTAL_PASSWORD, consent: CONSENT });
    expect(res.json().error.message).toBe('验证码错误或已失效，请重新获取');
  });

  it('kills a code after five wrong tries and after ten minutes', async () => {
    await ageCodes(t);
    await sendCode('13700137000');
    const good = await lastCode(t);
    const bad = good === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i++) await post('/api/portal/auth/register', { phone: '13700137000', code: bad, password: PORTAL_PASSWORD, consent: CONSENT });
    const late = await post('/api/portal/auth/register', { phone: '13700137000', code: good, password: PORTAL_PASSWORD, consent: CONSENT });
    expect(late.statusCode).toBe(400);
    await ageCodes(t);
    await sendCode('13700137000');
    await t.database.db.execute(sql`update portal_codes set expires_at = now() - interval '1 second'`);
    const expired = await post('/api/portal/auth/register', { phone: '13700137000', code: await lastCode(t), password: PORTAL_PASSWORD, consent: CONSENT });
    expect(expired.statusCode).toBe(400);
  });

  it('rate-limits codes: one a minute and a few an hour per phone, whether registered or not', async () => {
    const first = await sendCode('13600136000');
    expect(first.statusCode).toBe(200);
    const soon = await sendCode('13600136000');
    expect(soon.statusCode).toBe(429);
    expect(soon.json().error.message).toMatch(/秒后再获取验证码/);
    for (let i = 0; i < 3; i++) {
      await ageCodes(t);
      expect((await sendCode('13600136000')).statusCode).toBe(200);
    }
    await ageCodes(t);
    const fifth = await sendCode('13600136000');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().error.message).toMatch(/次数过多/);
  });

  it('logs in by phone; a wrong password is 401 without saying which part was wrong', async () => {
    const wrong = await post('/api/portal/auth/login', { account: '13800138000', password: 'Wrong@Pass2026' });
    expect(wrong.statusCode).toBe(401);
    const unknown = await post('/api/portal/auth/login', { account: '13300133000', password: PORTAL_PASSWORD });
    expect(unknown.json().error.code).toBe(wrong.json().error.code);
    expect(unknown.json().error.message).toBe('账号或密码错误');
    const ok = await post('/api/portal/auth/login', { account: '138-0013-8000', password: PORTAL_PASSWORD });
    expect(ok.statusCode, ok.body).toBe(200);
    const cookie = portalCookie(ok);
    expect((await portalCall(t, cookie, 'GET', '/api/portal/me')).statusCode).toBe(200);
    await post('/api/portal/auth/logout', {}, { cookie });
    expect((await portalCall(t, cookie, 'GET', '/api/portal/me')).statusCode).toBe(401);
  });

  it('resets a forgotten password with a code; old sessions end', async () => {
    const before = portalCookie(await post('/api/portal/auth/login', { account: '13800138000', password: PORTAL_PASSWORD }));
    await ageCodes(t);
    await sendCode('13800138000', '10.0.0.1', 'reset');
    expect((await lastOutbox(t)).template).toBe('portal.code');
    const res = await post('/api/portal/auth/reset-password', { phone: '13800138000', code: await lastCode(t), password: 'Another@Pass2027' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await portalCall(t, before, 'GET', '/api/portal/me')).statusCode).toBe(401);
    expect((await post('/api/portal/auth/login', { account: '13800138000', password: 'Another@Pass2027' })).statusCode).toBe(200);
    // A reset for an unknown phone issues no code and says nothing different.
    await ageCodes(t);
    const unknown = await sendCode('13500135000', '10.0.0.1', 'reset');
    expect(unknown.statusCode).toBe(200);
    expect((await lastOutbox(t)).template).toBe('portal.no_account');
  });

  it('keeps portal and staff principals apart', async () => {
    const cookie = await registerPortal(t, '13400134000');
    expect((await portalCall(t, cookie, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await portalCall(t, cookie, 'GET', '/api/talents')).statusCode).toBe(401);
    // The portal token in the staff cookie is no staff session either.
    const token = cookie.split('=')[1]!;
    expect((await t.app.inject({ url: '/api/talents', headers: { cookie: `fg_session=${token}` } })).statusCode).toBe(401);
    // A staff session does not open portal routes.
    expect((await t.app.inject({ url: '/api/portal/me', headers: { cookie: staff.city! } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/portal/me', headers: { cookie: `fg_portal=${staff.city!.split('=')[1]}` } })).statusCode).toBe(401);
  });

  it('refuses cross-site writes carrying the portal cookie (CSRF)', async () => {
    const cookie = await registerPortal(t, '13400134001');
    const res = await t.app.inject({ method: 'POST', url: '/api/portal/consent', payload: CONSENT, headers: { cookie, 'sec-fetch-site': 'cross-site' } });
    expect(res.statusCode).toBe(403);
  });
});

describe('per-IP rate limit', () => {
  let t2: TestContext;
  beforeAll(async () => {
    t2 = await createTestContext({ PORTAL_CODES_PER_IP_HOUR: '3' });
  });
  afterAll(() => t2.close());

  it('limits code requests per client IP across phones', async () => {
    const send = (phone: string) => t2.app.inject({ method: 'POST', url: '/api/portal/auth/code', payload: { purpose: 'register', phone }, headers: { 'x-forwarded-for': '10.9.9.9' } });
    for (const p of ['13100000001', '13100000002', '13100000003']) expect((await send(p)).statusCode).toBe(200);
    const res = await send('13100000004');
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('RATE_LIMITED');
    const other = await t2.app.inject({ method: 'POST', url: '/api/portal/auth/code', payload: { purpose: 'register', phone: '13100000004' }, headers: { 'x-forwarded-for': '10.9.9.10' } });
    expect(other.statusCode).toBe(200);
  });
});
