import { and, eq, sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLog, loginThrottle, sessions, users, userTotp } from '../../db/schema/index.ts';
import { CIPHERTEXT_RE } from '../../lib/pii.ts';
import { createTestContext, makeUser, TEST_PASSWORD, type Grant, type TestContext } from '../../test/harness.ts';
import { insertUser } from '../users/users.service.ts';

/**
 * Second factor (issue 4): enrolment, the login's second step, replay, recovery codes, lockout,
 * the per-role policy and the administrator's reset — through the HTTP API on a real database,
 * with the production default policy (sysadmin, security_admin, auditor, city_admin).
 *
 * The clock (Date only) is set by the test so 30-second steps are under its control: `tick()` is
 * the next step. Codes come from the `otpauth` library directly, as an authenticator app would.
 */
let t: TestContext;
let now = Date.UTC(2026, 4, 20, 2, 0, 15); // 15 s into a step
const tick = (steps = 1) => {
  now += steps * 30_000;
  vi.setSystemTime(now);
};
const codeOf = (secret: string, offsetSteps = 0) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: now + offsetSteps * 30_000 });
const wrongCode = (secret: string) => (codeOf(secret) === '000000' ? '111111' : '000000');

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
  t = await createTestContext({ TOTP_REQUIRED_ROLES: 'sysadmin,security_admin,auditor,city_admin' });
});
afterAll(async () => {
  await t.close();
  vi.useRealTimers();
});

type Res = Awaited<ReturnType<TestContext['app']['inject']>>;
const cookieOf = (res: Res) => {
  const c = res.cookies.find((x) => x.name === 'fg_session');
  return c ? `fg_session=${c.value}` : null;
};
const login = (username: string, password = TEST_PASSWORD) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
const get = (url: string, cookie: string) => t.app.inject({ url, headers: { cookie } });
const post = (url: string, cookie: string, payload: object = {}) => t.app.inject({ method: 'POST', url, headers: { cookie }, payload });
const verify = (cookie: string, payload: object) => post('/api/auth/totp/verify', cookie, payload);
const failures = async (username: string) =>
  (await t.database.db.select().from(loginThrottle).where(eq(loginThrottle.key, `user:${username}`)))[0]?.failures ?? 0;
const lastAudit = async (action: string) =>
  (await t.database.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(sql`${auditLog.id} desc`).limit(1))[0];

/** Setup + enable in the given (full or enrol-only) session; returns the secret, codes and the session to go on with. */
async function enrol(cookie: string) {
  const setup = await post('/api/auth/totp/setup', cookie);
  expect(setup.statusCode, setup.body).toBe(200);
  const { secret } = setup.json();
  const res = await post('/api/auth/totp/enable', cookie, { code: codeOf(secret) });
  expect(res.statusCode, res.body).toBe(200);
  return { secret: secret as string, recoveryCodes: res.json().recoveryCodes as string[], cookie: cookieOf(res) ?? cookie, body: res.json() };
}

/** Password, then a code of the next step (a fresh step, so earlier codes never collide). */
async function fullLogin(username: string, secret: string): Promise<string> {
  tick();
  const first = await login(username);
  expect(first.json().mfaRequired).toBe(true);
  const res = await verify(cookieOf(first)!, { code: codeOf(secret) });
  expect(res.statusCode, res.body).toBe(200);
  return cookieOf(res)!;
}

/** A user of a role the policy does not cover, with TOTP enabled. */
async function userWithTotp(username: string, roles: Grant[] = [{ role: 'county_admin', countyId: t.org.county1 }]) {
  const id = await makeUser(t, username, roles);
  const e = await enrol(cookieOf(await login(username))!);
  return { id, ...e };
}

describe('enrolment', () => {
  it('hands out a secret, an otpauth URI and a QR code; enables with a right code; stores the secret only encrypted', async () => {
    const id = await makeUser(t, 'zhang', [{ role: 'county_admin', countyId: t.org.county1 }]);
    const cookie = cookieOf(await login('zhang'))!;
    expect((await get('/api/auth/me', cookie)).json()).toMatchObject({ totpEnabled: false, mfaEnrolRequired: false });
    const setup = (await post('/api/auth/totp/setup', cookie)).json();
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(setup.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(setup.secret);
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(decodeURIComponent(uri.pathname)).toContain('zhang');
    expect(setup.qrDataUrl).toMatch(/^data:image\/png;base64,iVBOR/);

    const wrong = await post('/api/auth/totp/enable', cookie, { code: wrongCode(setup.secret) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('INVALID_TOTP');
    expect((await get('/api/auth/totp', cookie)).json().enabled).toBe(false);

    const ok = await post('/api/auth/totp/enable', cookie, { code: codeOf(setup.secret) });
    expect(ok.statusCode, ok.body).toBe(200);
    const codes: string[] = ok.json().recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(ok.json().user.totpEnabled).toBe(true);

    const [row] = await t.database.db.select().from(userTotp).where(eq(userTotp.userId, id));
    expect(row!.secretEnc).toMatch(CIPHERTEXT_RE);
    expect(row!.pendingSecretEnc).toBeNull();
    expect(row!.recoveryHashes).toHaveLength(10);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(setup.secret);
    for (const c of codes) expect(stored).not.toContain(c.replace('-', ''));
    expect((await lastAudit('auth.totp_enable'))!.actorName).toBe('zhang');
    expect((await get('/api/auth/totp', cookie)).json()).toMatchObject({ enabled: true, recoveryCodesLeft: 10, required: false });
    // Enabled once; a new setup needs disabling first.
    expect((await post('/api/auth/totp/setup', cookie)).statusCode).toBe(409);
  });
});

describe('login with TOTP', () => {
  let secret: string;
  let recoveryCodes: string[];
  beforeAll(async () => {
    ({ secret, recoveryCodes } = await userWithTotp('liu'));
  });

  it('the right password only opens a session restricted to the second factor', async () => {
    tick();
    const res = await login('liu');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: 'liu', mfaRequired: true, roles: [] });
    const cookie = cookieOf(res)!;
    for (const url of ['/api/org', '/api/talents', '/api/auth/totp']) {
      const blocked = await get(url, cookie);
      expect(blocked.statusCode, url).toBe(403);
      expect(blocked.json().error.code).toBe('MFA_REQUIRED');
    }
    for (const url of ['/api/auth/password', '/api/auth/totp/setup', '/api/auth/totp/disable', '/api/auth/logout-others']) {
      expect((await post(url, cookie, {})).json().error.code, url).toBe('MFA_REQUIRED');
    }
    expect((await get('/api/auth/me', cookie)).json()).toMatchObject({ mfaRequired: true, roles: [] });
    expect((await lastAudit('auth.login_password'))!.actorName).toBe('liu');
  });

  it('refuses a wrong code, counts it as a login failure and audits it; a right code passes with a new token', async () => {
    const cookie = cookieOf(await login('liu'))!;
    const bad = await verify(cookie, { code: wrongCode(secret) });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error).toMatchObject({ code: 'INVALID_TOTP', fields: [{ field: 'code' }] });
    expect(await failures('liu')).toBe(1);
    expect(await lastAudit('auth.login_failed')).toMatchObject({ actorName: 'liu', outcome: 'failure', detail: { reason: 'bad_totp', locked: false } });
    expect((await get('/api/org', cookie)).statusCode).toBe(403);

    const good = await verify(cookie, { code: codeOf(secret) });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toMatchObject({ username: 'liu', roles: [expect.objectContaining({ role: 'county_admin' })], totpEnabled: true });
    expect(good.json().mfaRequired).toBeUndefined();
    const next = cookieOf(good)!;
    expect(next).not.toBe(cookie);
    expect((await get('/api/auth/me', cookie)).statusCode).toBe(401); // the old token is gone
    expect((await get('/api/org', next)).statusCode).toBe(200);
    expect(await failures('liu')).toBe(0);
    expect((await lastAudit('auth.login'))).toMatchObject({ actorName: 'liu', detail: { secondFactor: 'totp' } });
  });

  it('refuses the same code again (replay within its window)', async () => {
    const used = codeOf(secret);
    const cookie = cookieOf(await login('liu'))!;
    const again = await verify(cookie, { code: used });
    expect(again.statusCode).toBe(401);
    expect((await lastAudit('auth.login_failed'))!.detail).toMatchObject({ reason: 'totp_replay' });
    // Nor an older code still inside the ±1 step window.
    expect((await verify(cookie, { code: codeOf(secret, -1) })).statusCode).toBe(401);
    tick();
    expect((await verify(cookie, { code: codeOf(secret) })).statusCode).toBe(200);
  });

  it('a recovery code works once, typed loosely', async () => {
    const code = recoveryCodes[3]!;
    const cookie = cookieOf(await login('liu'))!;
    const res = await verify(cookie, { recoveryCode: ` ${code.toLowerCase().replace('-', ' ')} ` });
    expect(res.statusCode, res.body).toBe(200);
    expect((await lastAudit('auth.login'))!.detail).toMatchObject({ secondFactor: 'recovery_code', recoveryCodesLeft: 9 });
    const again = await verify(cookieOf(await login('liu'))!, { recoveryCode: code });
    expect(again.statusCode).toBe(401);
    expect(again.json().error.fields[0].field).toBe('recoveryCode');
    expect((await get('/api/auth/totp', cookieOf(res)!)).json().recoveryCodesLeft).toBe(9);
  });

  it('wrong codes lock the account like wrong passwords; the password alone never resets the count', async () => {
    const { secret: s } = await userWithTotp('zhao');
    const first = cookieOf(await login('zhao'))!;
    for (let i = 0; i < 2; i++) expect((await verify(first, { code: wrongCode(s) })).statusCode).toBe(401);
    const cookie = cookieOf(await login('zhao'))!; // right password again
    expect(await failures('zhao')).toBe(2);
    for (let i = 0; i < 2; i++) expect((await verify(cookie, { code: wrongCode(s) })).statusCode).toBe(401);
    const locking = await verify(cookie, { code: wrongCode(s) });
    expect(locking.statusCode).toBe(429);
    expect(locking.json().error.code).toBe('ACCOUNT_LOCKED');
    // Every half-open session ended: the password must be given again once the lock expires.
    expect((await get('/api/auth/me', cookie)).statusCode).toBe(401);
    expect((await get('/api/auth/me', first)).statusCode).toBe(401);
    expect((await login('zhao')).json().error.code).toBe('ACCOUNT_LOCKED');
    tick();
    expect((await verify(cookie, { code: codeOf(s) })).statusCode).toBe(401);
  });

  it('a verified login with an expired password goes on to the password change', async () => {
    const { secret: s } = await userWithTotp('sun');
    await t.database.db.update(users).set({ passwordChangedAt: new Date(now - 91 * 86_400_000) }).where(eq(users.username, 'sun'));
    tick();
    const first = await login('sun');
    expect(first.json()).toMatchObject({ mfaRequired: true });
    expect(first.json().mustChangePassword).toBeUndefined();
    const res = await verify(cookieOf(first)!, { code: codeOf(s) });
    expect(res.json()).toMatchObject({ mustChangePassword: true });
    const blocked = await get('/api/org', cookieOf(res)!);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('verify is refused on a session that needs no second factor', async () => {
    const cookie = await fullLogin('liu', secret);
    expect((await verify(cookie, { code: codeOf(secret) })).statusCode).toBe(409);
  });
});

describe('policy-required enrolment', () => {
  it('a city_admin without TOTP can do nothing but enrol; enrolling rotates the session and opens the rest', async () => {
    await makeUser(t, 'wang', [{ role: 'city_admin' }]);
    const res = await login('wang');
    expect(res.json()).toMatchObject({ mfaEnrolRequired: true, totpEnabled: false });
    const cookie = cookieOf(res)!;
    const blocked = await get('/api/org', cookie);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('MFA_ENROL_REQUIRED');
    expect((await get('/api/talents', cookie)).statusCode).toBe(403);
    expect((await get('/api/auth/me', cookie)).json().mfaEnrolRequired).toBe(true);
    const e = await enrol(cookie);
    expect(e.cookie).not.toBe(cookie);
    expect(e.body.user).toMatchObject({ mfaEnrolRequired: false, totpEnabled: true });
    expect((await get('/api/auth/me', cookie)).statusCode).toBe(401);
    expect((await get('/api/org', e.cookie)).statusCode).toBe(200);
    // It cannot be turned off while the policy requires it.
    const off = await post('/api/auth/totp/disable', e.cookie, { password: TEST_PASSWORD, code: codeOf(e.secret, 1) });
    expect(off.statusCode).toBe(403);
    // The next login asks for a code.
    tick();
    expect((await login('wang')).json()).toMatchObject({ mfaRequired: true });
  });

  it('the password change comes first, then the enrolment', async () => {
    await makeUser(t, 'qian', [{ role: 'auditor' }]);
    await t.database.db.update(users).set({ passwordChangedAt: new Date(0) }).where(eq(users.username, 'qian'));
    const cookie = cookieOf(await login('qian'))!;
    expect((await get('/api/auth/me', cookie)).json()).toMatchObject({ mustChangePassword: true, mfaEnrolRequired: false });
    expect((await post('/api/auth/totp/setup', cookie)).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const ch = await post('/api/auth/password', cookie, { currentPassword: TEST_PASSWORD, newPassword: 'Renewed@Pass2026' });
    expect(ch.json()).toMatchObject({ mustChangePassword: false, mfaEnrolRequired: true });
    expect((await get('/api/audit', cookie)).json().error.code).toBe('MFA_ENROL_REQUIRED');
    const e = await enrol(cookie);
    expect((await get('/api/audit', e.cookie)).statusCode).toBe(200);
  });

  it('demo accounts are exempt, and cannot enrol', async () => {
    await insertUser(t.database.db, t.env, { username: 'demo_x', displayName: '演示', password: TEST_PASSWORD, roles: [{ role: 'city_admin', countyId: null, outpostId: null }], isDemo: true }, { id: null, name: 'test', ip: null });
    const res = await login('demo_x');
    expect(res.json().mfaEnrolRequired).toBe(false);
    expect((await get('/api/org', cookieOf(res)!)).statusCode).toBe(200);
    // Nor can a visitor turn it on for the shared demo account.
    expect((await post('/api/auth/totp/setup', cookieOf(res)!)).statusCode).toBe(403);
  });
});

describe('disabling', () => {
  it('needs the password and a current code; afterwards the login is one step again', async () => {
    const { secret: s } = await userWithTotp('zhou');
    const cookie = await fullLogin('zhou', s);
    tick();
    const badPw = await post('/api/auth/totp/disable', cookie, { password: 'not-it', code: codeOf(s) });
    expect(badPw.json().error.fields[0].field).toBe('password');
    const badCode = await post('/api/auth/totp/disable', cookie, { password: TEST_PASSWORD, code: wrongCode(s) });
    expect(badCode.json().error.code).toBe('INVALID_TOTP');
    expect(await failures('zhou')).toBe(2);
    const ok = await post('/api/auth/totp/disable', cookie, { password: TEST_PASSWORD, code: codeOf(s) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().totpEnabled).toBe(false);
    expect((await lastAudit('auth.totp_disable'))!.outcome).toBe('success');
    expect((await login('zhou')).json().mfaRequired).toBeUndefined();
  });
});

describe('administrator reset and the policy', () => {
  let sysCookie: string;
  let secCookie: string;
  beforeAll(async () => {
    await makeUser(t, 'sys1', [{ role: 'sysadmin' }]);
    sysCookie = (await enrol(cookieOf(await login('sys1'))!)).cookie;
    await makeUser(t, 'sec1', [{ role: 'security_admin' }]);
    secCookie = (await enrol(cookieOf(await login('sec1'))!)).cookie;
  });

  it('a sysadmin resets a user’s second factor, which ends their sessions; nobody else may', async () => {
    const { id, secret } = await userWithTotp('wu');
    const wuCookie = await fullLogin('wu', secret);
    expect((await post(`/api/users/${id}/reset-totp`, secCookie)).statusCode).toBe(403);
    expect((await post(`/api/users/${id}/reset-totp`, wuCookie)).statusCode).toBe(403);
    const res = await post(`/api/users/${id}/reset-totp`, sysCookie);
    expect(res.statusCode, res.body).toBe(200);
    expect((await get('/api/auth/me', wuCookie)).statusCode).toBe(401);
    expect(await t.database.db.select().from(userTotp).where(eq(userTotp.userId, id))).toHaveLength(0);
    expect(await lastAudit('user.totp_reset')).toMatchObject({ actorName: 'sys1', targetId: id, detail: { username: 'wu', hadTotp: true } });
    expect((await login('wu')).json().mfaRequired).toBeUndefined();
    const me = (await get('/api/auth/me', sysCookie)).json();
    expect((await post(`/api/users/${me.id}/reset-totp`, sysCookie)).statusCode).toBe(403);
  });

  it('only the security administrator reads and changes the policy; it is validated and audited', async () => {
    const initial = await get('/api/security/totp-policy', secCookie);
    expect(initial.json()).toEqual({ roles: ['sysadmin', 'security_admin', 'auditor', 'city_admin'], source: 'default', updatedAt: null });
    expect((await get('/api/security/totp-policy', sysCookie)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url: '/api/security/totp-policy', headers: { cookie: sysCookie }, payload: { roles: [] } })).statusCode).toBe(403);
    const county = cookieOf(await login('zhou'))!;
    expect((await get('/api/security/totp-policy', county)).statusCode).toBe(403);

    const put = (roles: unknown) => t.app.inject({ method: 'PUT', url: '/api/security/totp-policy', headers: { cookie: secCookie }, payload: { roles } });
    const bad = await put(['sysadmin', 'boss']);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toMatch(/^roles/);
    const ok = await put(['security_admin', 'county_admin', 'county_admin']);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ roles: ['security_admin', 'county_admin'], source: 'settings' });
    expect(await lastAudit('security.totp_policy')).toMatchObject({
      actorName: 'sec1',
      detail: { before: ['sysadmin', 'security_admin', 'auditor', 'city_admin'], after: ['security_admin', 'county_admin'] },
    });
    // From the next login: a county admin without TOTP must enrol; a new city admin need not.
    expect((await login('zhou')).json().mfaEnrolRequired).toBe(true);
    await makeUser(t, 'city2', [{ role: 'city_admin' }]);
    const city = await login('city2');
    expect(city.json().mfaEnrolRequired).toBe(false);
    expect((await get('/api/org', cookieOf(city)!)).statusCode).toBe(200);
    // The settings now win over the environment default, even with an empty list.
    expect((await put([])).json()).toMatchObject({ roles: [], source: 'settings' });
    expect((await login('zhou')).json().mfaEnrolRequired).toBe(false);
  });
});

describe('sessions and storage', () => {
  it('a session waiting for the code expires after ten minutes', async () => {
    const cookie = cookieOf(await login('liu'))!;
    const [row] = await t.database.db.select().from(sessions).where(and(eq(sessions.restricted, 'totp')));
    expect(row!.expiresAt.getTime() - now).toBeLessThanOrEqual(10 * 60_000);
    tick(21); // 10.5 minutes
    expect((await get('/api/auth/me', cookie)).statusCode).toBe(401);
  });
});
