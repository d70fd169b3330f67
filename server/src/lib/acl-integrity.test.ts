import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, settings, users } from '../db/schema/index.ts';
import { createTestContext, loginAs, makeUser, usersOfEveryRole, type TestContext } from '../test/harness.ts';
import { ACL_SEALED, sealLegacyRoles } from './acl-integrity.ts';

/** 密评 §8.4 access-control information integrity: roles changed around the application grant nothing. */
let t: TestContext;
let cookies: Record<string, string>;
beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
});
afterAll(() => t.close());

const me = (cookie: string) => t.app.inject({ url: '/api/auth/me', headers: { cookie } });
const idOf = async (username: string) => (await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]!.id;

describe('role bindings carry an HMAC-SM3 tag', () => {
  it('every account made by the application is tagged, and its roles work', async () => {
    const rows = await t.database.db.select({ mac: users.rolesMac }).from(users);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.mac ?? ''))).toBe(true);
    expect((await t.app.inject({ url: '/api/talents', headers: { cookie: cookies.county1! } })).statusCode).toBe(200);
  });

  it('a role inserted by SQL around the application grants nothing, and is audited', async () => {
    const id = await idOf('u_county2');
    await t.database.db.execute(sql`insert into user_roles (user_id, role) values (${id}, 'city_admin')`);
    const res = await me(cookies.county2!);
    expect(res.json().roles).toEqual([]);
    expect((await t.app.inject({ url: '/api/talents', headers: { cookie: cookies.county2! } })).statusCode).toBe(403);
    const [ev] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'security.acl_integrity_failed'), eq(auditLog.targetId, id)));
    expect(ev).toMatchObject({ outcome: 'failure', actorName: 'u_county2', detail: { reason: 'mismatch' } });
    // Logging in again does not help.
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'u_county2', password: 'Test@Pass2026' } });
    expect(again.json().roles).toEqual([]);
  });

  it('a scope changed by SQL, or a tag copied from another user, grants nothing either', async () => {
    const id = await idOf('u_county1');
    await t.database.db.execute(sql`update user_roles set county_id = ${t.org.county2} where user_id = ${id}`);
    expect((await me(cookies.county1!)).json().roles).toEqual([]);
    await t.database.db.execute(sql`update user_roles set county_id = ${t.org.county1} where user_id = ${id}`);
    expect((await me(cookies.county1!)).json().roles).toHaveLength(1); // restored: valid again

    const cityMac = (await t.database.db.select({ mac: users.rolesMac }).from(users).where(eq(users.username, 'u_city')))[0]!.mac;
    await t.database.db.execute(sql`update user_roles set role = 'city_admin', county_id = null where user_id = ${id}`);
    await t.database.db.update(users).set({ rolesMac: cityMac }).where(eq(users.id, id));
    expect((await me(cookies.county1!)).json().roles).toEqual([]);
  });

  it('a grant by the security administrator re-tags the roles', async () => {
    const id = await idOf('u_county1');
    const u = (await t.app.inject({ url: '/api/security/users?q=u_county1', headers: { cookie: cookies.security! } })).json().items[0];
    const res = await t.app.inject({ method: 'PUT', url: `/api/security/users/${id}/roles`, headers: { cookie: cookies.security! }, payload: { version: u.version, roles: [{ role: 'county_admin', countyId: t.org.county1 }] } });
    expect(res.statusCode).toBe(200);
    const cookie = await loginAs(t, 'u_county1');
    expect((await me(cookie)).json().roles).toMatchObject([{ role: 'county_admin', countyId: t.org.county1 }]);
  });

  it('an older install is tagged once; afterwards a cleared tag is a failure, not re-tagged at the next start', async () => {
    const id = await makeUser(t, 'legacy', [{ role: 'leader', countyId: t.org.county1 }]);
    await t.database.db.update(users).set({ rolesMac: null }).where(eq(users.id, id));
    const cookie = await loginAs(t, 'legacy');
    expect((await me(cookie)).json().roles).toEqual([]);
    expect(await sealLegacyRoles(t.database.db, t.env)).toBeGreaterThanOrEqual(1); // the first start of this version
    expect((await me(cookie)).json().roles).toMatchObject([{ role: 'leader' }]);
    expect(await t.database.db.select().from(settings).where(eq(settings.key, ACL_SEALED))).toHaveLength(1);
    await t.database.db.update(users).set({ rolesMac: null }).where(eq(users.id, id));
    expect(await sealLegacyRoles(t.database.db, t.env)).toBe(0);
    expect((await me(cookie)).json().roles).toEqual([]);
  });
});
