import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/index.ts';
import { createTestContext, loginAs, makeUser, usersOfEveryRole, type TestContext } from '../../test/harness.ts';

/** 角色授权: the security administrator grants and revokes roles and scopes (三权分立). */
let t: TestContext;
let cookies: Record<string, string>;
beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
});
afterAll(() => t.close());

const asSec = (method: 'GET' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({ method, url, payload: payload as object, headers: { cookie: cookies.security! } });
const userByName = async (username: string) => (await asSec('GET', `/api/security/users?q=${username}`)).json().items.find((u: { username: string }) => u.username === username);
const grant = async (username: string, roles: unknown[]) => {
  const u = await userByName(username);
  return asSec('PUT', `/api/security/users/${u.id}/roles`, { version: u.version, roles });
};

describe('PUT /api/security/users/:id/roles (security_admin)', () => {
  it('grants a county-bound role to an account the sysadmin created; the user gets it at the next login; audited', async () => {
    await makeUser(t, 'newclerk', []);
    const before = await loginAs(t, 'newclerk');
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: before } })).json().roles).toEqual([]);
    const res = await grant('newclerk', [{ role: 'county_admin', countyId: t.org.county1 }]);
    expect(res.statusCode).toBe(200);
    expect(res.json().roles[0]).toMatchObject({ role: 'county_admin', countyName: '甲县' });
    // Sessions end so the change applies at once.
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie: before } })).statusCode).toBe(401);
    const me = (await t.app.inject({ url: '/api/auth/me', headers: { cookie: await loginAs(t, 'newclerk') } })).json();
    expect(me.roles[0]).toMatchObject({ role: 'county_admin', countyId: t.org.county1 });
    const [a] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'user.roles_change'), eq(auditLog.targetId, res.json().id)));
    expect(a).toMatchObject({ actorName: 'u_security', detail: { username: 'newclerk', before: [], after: [{ role: 'county_admin', countyId: t.org.county1, outpostId: null }] } });
  });

  it('changes the scope and revokes everything with an empty list', async () => {
    expect((await grant('newclerk', [{ role: 'county_admin', countyId: t.org.county2 }])).json().roles[0].countyName).toBe('乙县');
    expect((await grant('newclerk', [])).json().roles).toEqual([]);
  });

  it('requires a county for county_admin and an outpost for outpost_staff, and known ones', async () => {
    const a = await grant('newclerk', [{ role: 'county_admin' }]);
    expect(a.statusCode).toBe(400);
    expect(a.json().error.fields[0].field).toBe('roles.0.countyId');
    const b = await grant('newclerk', [{ role: 'outpost_staff' }]);
    expect(b.json().error.fields[0].field).toBe('roles.0.outpostId');
    const c = await grant('newclerk', [{ role: 'county_admin', countyId: '00000000-0000-4000-8000-000000000001' }]);
    expect(c.json().error.message).toMatch(/县（市、区）不存在/);
  });

  it('enforces 三权分立: no account holds two administrator roles, nor one with a business role', async () => {
    const a = await grant('newclerk', [{ role: 'sysadmin' }, { role: 'auditor' }]);
    expect(a.statusCode).toBe(400);
    expect(a.json().error.message).toMatch(/三权分立/);
    const b = await grant('newclerk', [{ role: 'auditor' }, { role: 'city_admin' }]);
    expect(b.statusCode).toBe(400);
    expect(b.json().error.message).toMatch(/不能同时担任业务角色/);
    // Adding a second administrator role to an existing administrator is the same refusal.
    const c = await grant('u_sysadmin', [{ role: 'sysadmin' }, { role: 'security_admin' }]);
    expect(c.statusCode).toBe(400);
  });

  it('a security administrator cannot change their own roles', async () => {
    const res = await grant('u_security', [{ role: 'security_admin' }, { role: 'city_admin' }]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/不能修改自己的角色/);
  });

  it('refuses to remove the last enabled sysadmin', async () => {
    const res = await grant('u_sysadmin', []);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/最后一个在用的系统管理员/);
  });

  it('a stale version is 409; unknown ids 404; unknown fields 400', async () => {
    const u = await userByName('newclerk');
    expect((await asSec('PUT', `/api/security/users/${u.id}/roles`, { version: u.version - 1, roles: [] })).statusCode).toBe(409);
    expect((await asSec('PUT', '/api/security/users/00000000-0000-4000-8000-000000000000/roles', { version: 1, roles: [] })).statusCode).toBe(404);
    const extra = await asSec('PUT', `/api/security/users/${u.id}/roles`, { version: u.version, roles: [], disabled: true });
    expect(extra.statusCode).toBe(400);
  });

  it('lists accounts with their roles, filtered and paged', async () => {
    const res = (await asSec('GET', '/api/security/users?role=auditor')).json();
    expect(res.items.map((u: { username: string }) => u.username)).toEqual(['u_auditor']);
    expect((await asSec('GET', '/api/security/users?pageSize=2')).json().items).toHaveLength(2);
    // Accounts waiting for a grant (newclerk's roles were revoked above).
    const none = (await asSec('GET', '/api/security/users?role=none')).json();
    expect(none.items.map((u: { username: string }) => u.username)).toEqual(['newclerk']);
  });
});

describe('role grants — permissions', () => {
  it.each(['city', 'county1', 'outpost', 'hotline', 'leader', 'employer', 'talent', 'sysadmin', 'auditor'])(
    '%s may neither list accounts for granting nor grant roles (403)',
    async (who) => {
      const target = await userByName('newclerk');
      const list = await t.app.inject({ url: '/api/security/users', headers: { cookie: cookies[who]! } });
      expect(list.statusCode).toBe(403);
      const put = await t.app.inject({ method: 'PUT', url: `/api/security/users/${target.id}/roles`, headers: { cookie: cookies[who]! }, payload: { version: target.version, roles: [{ role: 'city_admin' }] } });
      expect(put.statusCode).toBe(403);
      expect((await userByName('newclerk')).roles).toEqual([]);
    },
  );

  it('the security administrator cannot create accounts, reset passwords or read business data', async () => {
    const c = cookies.security!;
    expect((await t.app.inject({ method: 'POST', url: '/api/users', headers: { cookie: c }, payload: { username: 'sneaky', displayName: 'x', password: 'Sneaky@2026x' } })).statusCode).toBe(403);
    const target = await userByName('newclerk');
    expect((await t.app.inject({ method: 'POST', url: `/api/users/${target.id}/reset-password`, headers: { cookie: c }, payload: { password: 'Sneaky@2026x' } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/talents', headers: { cookie: c } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/audit', headers: { cookie: c } })).statusCode).toBe(403);
  });

  it('anonymous callers get 401', async () => {
    expect((await t.app.inject('/api/security/users')).statusCode).toBe(401);
  });
});
