import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, sessions } from '../../db/schema/index.ts';
import { createTestContext, loginAs, makeUser, TEST_PASSWORD, type TestContext } from '../../test/harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  await makeUser(t, 'alice', [{ role: 'county_admin', countyId: t.org.county1 }]);
});
afterAll(() => t.close());

const lastAudit = async () =>
  (await t.database.db.select().from(auditLog).orderBy(sql`${auditLog.id} desc`).limit(1))[0]!;

describe('POST /api/auth/login', () => {
  it('logs in, sets an httpOnly SameSite cookie and returns the user with roles', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'alice', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.username).toBe('alice');
    expect(body.roles).toEqual([expect.objectContaining({ role: 'county_admin', countyId: t.org.county1, countyName: '甲县' })]);
    expect(body).not.toHaveProperty('passwordHash');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/fg_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect((await lastAudit()).action).toBe('auth.login');
  });

  it('answers a wrong password with 401 and records the failure in the audit log', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'alice', password: 'wrong-password' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
    expect(res.headers['set-cookie']).toBeUndefined();
    const a = await lastAudit();
    expect(a).toMatchObject({ action: 'auth.login_failed', outcome: 'failure', actorName: 'alice' });
    expect(a.detail).toEqual({ reason: 'bad_password', locked: false });
  });

  it('gives an unknown user exactly the same answer as a wrong password', async () => {
    const a = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'x' } });
    const b = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'alice', password: 'x' } });
    expect(a.statusCode).toBe(401);
    expect(a.json().error.message).toBe(b.json().error.message);
    expect(a.json().error.code).toBe(b.json().error.code);
    expect((await lastAudit()).action).toBe('auth.login_failed');
  });

  it('validates the body and names the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '' } });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['username', 'password']));
    expect(err.message).toMatch(/用户名/);
  });
});

describe('sessions', () => {
  it('GET /api/auth/me needs a session', async () => {
    const res = await t.app.inject('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('logout ends the session on the server: the old cookie is useless', async () => {
    const cookie = await loginAs(t, 'alice');
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await lastAudit()).action).toBe('auth.logout');
  });

  it('expires a session that has been idle longer than SESSION_IDLE_MINUTES', async () => {
    const cookie = await loginAs(t, 'alice');
    await t.database.db.update(sessions).set({ lastSeenAt: new Date(Date.now() - (t.env.SESSION_IDLE_MINUTES + 1) * 60_000) });
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('keeps an active session alive and expires it at the absolute limit', async () => {
    const cookie = await loginAs(t, 'alice');
    await t.database.db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 5 * 60_000) });
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    await t.database.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) });
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('stores only a hash of the session token', async () => {
    const cookie = await loginAs(t, 'alice');
    const token = cookie.split('=')[1]!;
    const rows = await t.database.db.select().from(sessions).where(eq(sessions.tokenHash, token));
    expect(rows).toHaveLength(0);
  });

  it('a forged cookie is refused', async () => {
    const res = await t.app.inject({ url: '/api/auth/me', headers: { cookie: 'fg_session=forged' } });
    expect(res.statusCode).toBe(401);
  });
});
