import { pbkdf2Sync } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, loginThrottle, users } from '../../db/schema/index.ts';
import { hashPassword } from '../../lib/crypto.ts';
import { createTestContext, loginAs, makeUser, TEST_PASSWORD, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let admin: string;
beforeAll(async () => {
  t = await createTestContext();
  await makeUser(t, 'sec_sys', [{ role: 'sysadmin' }]);
  admin = await loginAs(t, 'sec_sys');
});
afterAll(() => t.close());

const attempt = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

describe('lockout', () => {
  it('locks a username after 5 failures, even against the right password, and says so the same way for unknown users', async () => {
    await makeUser(t, 'victim', [{ role: 'city_admin' }]);
    for (let i = 0; i < 5; i++) expect((await attempt('victim', 'wrong')).statusCode).toBe(401);
    const locked = await attempt('victim', TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');

    for (let i = 0; i < 5; i++) expect((await attempt('ghost_user', 'wrong')).statusCode).toBe(401);
    const ghost = await attempt('ghost_user', 'wrong');
    expect(ghost.statusCode).toBe(429);
    expect(ghost.json().error.message.replace(/\d+/g, 'N')).toBe(locked.json().error.message.replace(/\d+/g, 'N'));
    const denied = await t.database.db.select().from(auditLog).where(eq(auditLog.outcome, 'denied'));
    expect(denied.length).toBeGreaterThanOrEqual(2);
  });

  it('unlocks when the lock expires', async () => {
    await t.database.db.update(loginThrottle).set({ lockedUntil: new Date(Date.now() - 1000) }).where(eq(loginThrottle.key, 'user:victim'));
    expect((await attempt('victim', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('an administrator’s password reset lifts the lock', async () => {
    const id = await makeUser(t, 'victim2', [{ role: 'city_admin' }]);
    for (let i = 0; i < 5; i++) await attempt('victim2', 'wrong');
    expect((await attempt('victim2', TEST_PASSWORD)).statusCode).toBe(429);
    await t.app.inject({ method: 'POST', url: `/api/users/${id}/reset-password`, headers: { cookie: admin }, payload: { password: 'Fresh@Start2026' } });
    expect((await attempt('victim2', 'Fresh@Start2026')).statusCode).toBe(200);
  });
});

describe('rate limit per IP', () => {
  it('answers 429 past the per-minute limit', async () => {
    const t2 = await createTestContext({ LOGIN_RATE_PER_MINUTE: '3' });
    try {
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await t2.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `x${i}`, password: 'y' } })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await t2.close();
    }
  });
});

describe('password policy', () => {
  const create = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: admin }, payload: { username, displayName: 'x', password } });

  it('refuses short, simple, common and username-based passwords, naming the rule', async () => {
    expect((await create('pp1', 'Short@1')).json().error.fields[0].message).toBe('密码至少 10 位');
    expect((await create('pp2', 'alllowercase1')).json().error.fields[0].message).toMatch(/至少三类/);
    expect((await create('pp3', 'Password@2026')).json().error.fields[0].message).toMatch(/过于常见/);
    expect((await create('pp4', 'P@ssw0rd123')).json().error.fields[0].message).toMatch(/过于常见/);
    expect((await create('zhangsan', 'Zhangsan@2026')).json().error.fields[0].message).toMatch(/不能包含用户名/);
    expect((await create('pp5', 'Good@Horse2026')).statusCode).toBe(201);
  });

  it('refuses one of the last five passwords on change', async () => {
    await makeUser(t, 'rotator', [{ role: 'city_admin' }], 'First@Pass2026');
    const cookie = await loginAs(t, 'rotator', 'First@Pass2026');
    const change = (cur: string, next: string) => t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload: { currentPassword: cur, newPassword: next } });
    expect((await change('First@Pass2026', 'Second@Pass2026')).statusCode).toBe(200);
    const back = await change('Second@Pass2026', 'First@Pass2026');
    expect(back.statusCode).toBe(400);
    expect(back.json().error.fields[0]).toEqual({ field: 'newPassword', message: '不能与最近 5 次使用过的密码相同' });
    const wrong = await change('not-it', 'Third@Pass2026');
    expect(wrong.json().error.fields[0].field).toBe('currentPassword');
  });
});

describe('password expiry and forced change', () => {
  it('an expired password lets the user do nothing but change it', async () => {
    await makeUser(t, 'oldpw', [{ role: 'city_admin' }]);
    await t.database.db.update(users).set({ passwordChangedAt: new Date(Date.now() - 91 * 86_400_000) }).where(eq(users.username, 'oldpw'));
    const res = await attempt('oldpw', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().mustChangePassword).toBe(true);
    const cookie = `fg_session=${res.cookies.find((c) => c.name === 'fg_session')!.value}`;
    const blocked = await t.app.inject({ url: '/api/org', headers: { cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).json().mustChangePassword).toBe(true);
    const ch = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload: { currentPassword: TEST_PASSWORD, newPassword: 'Renewed@Pass2026' } });
    expect(ch.statusCode, ch.body).toBe(200);
    expect((await t.app.inject({ url: '/api/org', headers: { cookie } })).statusCode).toBe(200);
  });

  it('a password set by an administrator must be changed at the next login', async () => {
    const id = await makeUser(t, 'resetme', [{ role: 'city_admin' }]);
    await t.app.inject({ method: 'POST', url: `/api/users/${id}/reset-password`, headers: { cookie: admin }, payload: { password: 'Temp@Pass2026x' } });
    expect((await attempt('resetme', 'Temp@Pass2026x')).json().mustChangePassword).toBe(true);
  });
});

describe('sessions', () => {
  it('"log out my other sessions" ends them and keeps this one', async () => {
    await makeUser(t, 'multi', [{ role: 'city_admin' }]);
    const a = await loginAs(t, 'multi');
    const b = await loginAs(t, 'multi');
    expect(a).not.toBe(b);
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout-others', headers: { cookie: b } });
    expect(res.json()).toEqual({ ended: 1 });
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: a } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: b } })).statusCode).toBe(200);
  });
});

describe('password hashing', () => {
  it('stores PBKDF2-HMAC-SM3 with a per-user salt, and upgrades a weaker hash at the next login', async () => {
    const id = await makeUser(t, 'oldhash', [{ role: 'city_admin' }]);
    const read = async () => (await t.database.db.select({ h: users.passwordHash }).from(users).where(eq(users.id, id)))[0]!.h;
    const [scheme, iter, salt, key] = (await read()).split('$');
    expect(scheme).toBe('pbkdf2-sm3');
    expect(Number(iter)).toBe(t.env.PASSWORD_KDF_ITERATIONS);
    expect(pbkdf2Sync(TEST_PASSWORD.normalize('NFKC'), Buffer.from(salt!, 'base64'), Number(iter), 32, 'sm3').toString('base64')).toBe(key);
    // Same password, another user: another salt, another hash.
    const other = await makeUser(t, 'samepass', [{ role: 'city_admin' }]);
    const otherHash = (await t.database.db.select({ h: users.passwordHash }).from(users).where(eq(users.id, other)))[0]!.h;
    expect(otherHash.split('$')[2]).not.toBe(salt);

    // A hash from an older, cheaper setting is replaced once the password is proven right.
    await t.database.db.update(users).set({ passwordHash: await hashPassword(TEST_PASSWORD, 1000) }).where(eq(users.id, id));
    expect((await attempt('oldhash', 'Wrong@Pass2026')).statusCode).toBe(401);
    expect((await read()).split('$')[1]).toBe('1000'); // a wrong password changes nothing
    expect((await attempt('oldhash', TEST_PASSWORD)).statusCode).toBe(200);
    expect((await read()).split('$')[1]).toBe(String(t.env.PASSWORD_KDF_ITERATIONS));
    expect((await attempt('oldhash', TEST_PASSWORD)).statusCode).toBe(200);
  });
});
