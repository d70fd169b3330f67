import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '../../db/schema/index.ts';
import { getPii } from '../../lib/pii.ts';
import { userPhone } from './users.service.ts';
import { createTestContext, loginAs, makeUser, usersOfEveryRole, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let cookies: Record<string, string>;
beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
});
afterAll(() => t.close());

const asAdmin = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({ method, url, payload: payload as object, headers: { cookie: cookies.sysadmin! } });

const newUser = (over: Record<string, unknown> = {}) => ({
  username: 'clerk1',
  displayName: '办事员',
  password: 'Clerk@2026ok',
  ...over,
});

describe('user administration (sysadmin)', () => {
  it('creates an account without roles, with a temporary password, and lists it', async () => {
    const res = await asAdmin('POST', '/api/users', newUser());
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'clerk1', roles: [] });
    const list = await asAdmin('GET', '/api/users?q=clerk&pageSize=5');
    expect(list.json()).toMatchObject({ total: 1, page: 1, pageSize: 5 });
    expect(list.json().items[0].username).toBe('clerk1');
    const byRole = await asAdmin('GET', '/api/users?role=auditor');
    expect(byRole.json().items.map((u: { username: string }) => u.username)).toEqual(['u_auditor']);
    // The sysadmin chose the password: the user must change it at the first login.
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'clerk1', password: 'Clerk@2026ok' } });
    expect(login.json().mustChangePassword).toBe(true);
    const created = (await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'user.create'))).find((a) => a.targetId === res.json().id);
    expect(created).toMatchObject({ actorName: 'u_sysadmin', detail: { username: 'clerk1', roles: [] } });
  });

  it('三权分立: the sysadmin cannot grant roles — not at creation, not by editing (roles are the security administrator’s)', async () => {
    const a = await asAdmin('POST', '/api/users', newUser({ username: 'xx1', roles: [{ role: 'city_admin' }] }));
    expect(a.statusCode).toBe(400);
    expect(a.json().error.code).toBe('VALIDATION_FAILED');
    expect((await asAdmin('GET', '/api/users?q=xx1')).json().total).toBe(0);
    const u = (await asAdmin('GET', '/api/users?q=clerk1')).json().items[0];
    const b = await asAdmin('PATCH', `/api/users/${u.id}`, { version: u.version, roles: [{ role: 'city_admin' }] });
    expect(b.statusCode).toBe(400);
    expect((await asAdmin('GET', `/api/users/${u.id}`)).json().roles).toEqual([]);
    const c = await asAdmin('PUT', `/api/security/users/${u.id}/roles`, { version: u.version, roles: [{ role: 'city_admin' }] });
    expect(c.statusCode).toBe(403);
  });

  it('paginates', async () => {
    const p1 = (await asAdmin('GET', '/api/users?pageSize=3&page=1')).json();
    const p2 = (await asAdmin('GET', '/api/users?pageSize=3&page=2')).json();
    expect(p1.items).toHaveLength(3);
    expect(p1.total).toBeGreaterThan(6);
    expect(p2.items[0].id).not.toBe(p1.items[0].id);
  });

  it('rejects bad input naming the field and the rule', async () => {
    const res = await asAdmin('POST', '/api/users', newUser({ username: '1x', password: 'short' }));
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.fields as { field: string; message: string }[];
    expect(fields.find((f) => f.field === 'username')?.message).toMatch(/用户名/);
    expect(fields.find((f) => f.field === 'password')?.message).toMatch(/密码至少 10 位/);
  });

  it('refuses a duplicate username with 409', async () => {
    const res = await asAdmin('POST', '/api/users', newUser());
    expect(res.statusCode).toBe(409);
    expect(res.json().error.fields[0].field).toBe('username');
  });

  it('updates with a version; a stale version gets 409', async () => {
    const u = (await asAdmin('GET', '/api/users?q=clerk1')).json().items[0];
    const ok = await asAdmin('PATCH', `/api/users/${u.id}`, { version: u.version, displayName: '新名字' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ displayName: '新名字', version: u.version + 1 });
    const stale = await asAdmin('PATCH', `/api/users/${u.id}`, { version: u.version, displayName: '旧名字' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
  });

  it('disabling a user ends their sessions at once and blocks login', async () => {
    const cookie = await loginAs(t, 'clerk1', 'Clerk@2026ok');
    const u = (await asAdmin('GET', '/api/users?q=clerk1')).json().items[0];
    const res = await asAdmin('PATCH', `/api/users/${u.id}`, { version: u.version, disabled: true });
    expect(res.json().disabled).toBe(true);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'clerk1', password: 'Clerk@2026ok' } });
    expect(login.statusCode).toBe(401);
  });

  it('resets a password: the old one stops working', async () => {
    const id = await makeUser(t, 'forgetful', [{ role: 'city_admin' }]);
    const res = await asAdmin('POST', `/api/users/${id}/reset-password`, { password: 'Brand@New2026' });
    expect(res.statusCode).toBe(200);
    await expect(loginAs(t, 'forgetful')).rejects.toThrow(/401/);
    await expect(loginAs(t, 'forgetful', 'Brand@New2026')).resolves.toMatch(/fg_session/);
  });

  it('refuses to disable the last enabled security administrator (nobody could grant roles)', async () => {
    const secondId = await makeUser(t, 'second_sec', [{ role: 'security_admin' }]);
    const second = (await asAdmin('GET', `/api/users/${secondId}`)).json();
    expect((await asAdmin('PATCH', `/api/users/${secondId}`, { version: second.version, disabled: true })).statusCode).toBe(200);
    const sec = (await asAdmin('GET', '/api/users?q=u_security')).json().items[0];
    const res = await asAdmin('PATCH', `/api/users/${sec.id}`, { version: sec.version, disabled: true });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'disabled', message: expect.stringMatching(/最后一个在用的安全管理员/) });
    expect((await asAdmin('PATCH', `/api/users/${secondId}`, { version: second.version + 1, disabled: false })).statusCode).toBe(200);
  });

  it('a sysadmin cannot disable themselves', async () => {
    const me = (await t.app.inject({ url: '/api/auth/me', headers: { cookie: cookies.sysadmin! } })).json();
    const u = (await asAdmin('GET', `/api/users/${me.id}`)).json();
    const res = await asAdmin('PATCH', `/api/users/${me.id}`, { version: u.version, disabled: true });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('disabled');
  });

  it('a mobile number: sealed at rest, masked in lists, validated, changed and removed with an audit entry', async () => {
    const created = await asAdmin('POST', '/api/users', newUser({ username: 'phoned', phone: '+86 139-0013-9000' }));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().phoneMasked).toBe('139****9000');
    expect(created.body).not.toContain('13900139000');
    const id = created.json().id as string;
    const [row] = await t.database.db.select().from(users).where(eq(users.id, id));
    expect(row!.phoneEnc).toMatch(/^v1:\d+:/);
    expect(row!.phoneEnc).not.toContain('13900139000');
    expect((await getPii(t.database.db, t.env)).decrypt(row!.phoneEnc!)).toBe('13900139000');
    expect(await userPhone(t.database.db, t.env, id)).toBe('13900139000');
    const list = (await asAdmin('GET', '/api/users?q=phoned')).json();
    expect(list.items[0].phoneMasked).toBe('139****9000');
    expect(JSON.stringify(list)).not.toContain('13900139000');

    for (const bad of ['12345678901', '1390013900', '139001390001', '010-12345678', 'abc']) {
      const res = await asAdmin('PATCH', `/api/users/${id}`, { version: created.json().version, phone: bad });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.fields, bad).toEqual([{ field: 'phone', message: '手机号码须为 11 位大陆手机号（1 开头，第二位为 3–9），如 13812345678' }]);
    }
    const changed = await asAdmin('PATCH', `/api/users/${id}`, { version: created.json().version, phone: '13800138000' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().phoneMasked).toBe('138****8000');
    const audits = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'user.update'), eq(auditLog.targetId, id))).orderBy(desc(auditLog.id));
    expect(audits[0]!.detail).toEqual({ username: 'phoned', phone: { before: '139****9000', after: '138****8000' } });
    expect(JSON.stringify(audits)).not.toContain('13800138000');
    // The same number again is no change (no audit entry); '' removes it.
    const same = await asAdmin('PATCH', `/api/users/${id}`, { version: changed.json().version, phone: '138 0013 8000' });
    expect(same.statusCode).toBe(200);
    expect((await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'user.update'), eq(auditLog.targetId, id)))).length).toBe(1);
    const removed = await asAdmin('PATCH', `/api/users/${id}`, { version: same.json().version, phone: '' });
    expect(removed.json().phoneMasked).toBeNull();
    expect(await userPhone(t.database.db, t.env, id)).toBeNull();
    const bad = await asAdmin('POST', '/api/users', newUser({ username: 'badphone', phone: '23800138000' }));
    expect(bad.json().error.fields).toEqual([{ field: 'phone', message: '手机号码须为 11 位大陆手机号（1 开头，第二位为 3–9），如 13812345678' }]);
  });

  it('an unknown id is 404, a malformed id 400', async () => {
    expect((await asAdmin('GET', '/api/users/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await asAdmin('GET', '/api/users/not-a-uuid')).statusCode).toBe(400);
  });
});

describe('user administration — permissions', () => {
  const others = ['city', 'county1', 'outpost', 'hotline', 'leader', 'employer', 'talent', 'security', 'auditor'];
  it.each(others)('%s may not list, read, create, update or reset users (403)', async (who) => {
    const cookie = cookies[who]!;
    const target = (await asAdmin('GET', '/api/users?q=u_city')).json().items[0];
    const calls = [
      t.app.inject({ url: '/api/users', headers: { cookie } }),
      t.app.inject({ url: `/api/users/${target.id}`, headers: { cookie } }),
      t.app.inject({ method: 'POST', url: '/api/users', headers: { cookie }, payload: newUser({ username: `evil_${who}` }) }),
      t.app.inject({ method: 'PATCH', url: `/api/users/${target.id}`, headers: { cookie }, payload: { version: target.version, disabled: true } }),
      t.app.inject({ method: 'POST', url: `/api/users/${target.id}/reset-password`, headers: { cookie }, payload: { password: 'Evil@Pass2026' } }),
    ];
    for (const res of await Promise.all(calls)) expect(res.statusCode).toBe(403);
  });

  it('anonymous callers get 401', async () => {
    expect((await t.app.inject('/api/users')).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/users', payload: newUser({ username: 'anon' }) })).statusCode).toBe(401);
  });
});
