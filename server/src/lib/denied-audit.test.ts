import { and, asc, gt, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../db/schema/index.ts';
import { createTestContext, usersOfEveryRole, type TestContext } from '../test/harness.ts';
import { PER_WINDOW } from './denied-audit.ts';

/** Every denied request is audited centrally (error handler), with a bound on floods. */
let t: TestContext;
let cookies: Record<string, string>;
let theirs: string;
beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
  const res = await t.app.inject({ method: 'POST', url: '/api/talents', headers: { cookie: cookies.county1! }, payload: { name: '甲县某人', ownerCountyId: t.org.county1 } });
  theirs = res.json().id;
});
afterAll(() => t.close());

const lastId = async () => (await t.database.db.select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id)).at(-1)?.id ?? 0;
const since = (id: number, actions = ['access.denied', 'access.denied_suppressed']) =>
  t.database.db.select().from(auditLog).where(and(gt(auditLog.id, id), inArray(auditLog.action, actions))).orderBy(asc(auditLog.id));

describe('audit of denied requests', () => {
  it('a record out of scope (404) is audited with actor, route, target id and reason', async () => {
    const before = await lastId();
    const res = await t.app.inject({ url: `/api/talents/${theirs}`, headers: { cookie: cookies.county2! } });
    expect(res.statusCode).toBe(404);
    const rows = await since(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'access.denied',
      outcome: 'denied',
      actorName: 'u_county2',
      targetType: 'talent',
      targetId: theirs,
      detail: { method: 'GET', route: '/api/talents/:id', status: 404, code: 'NOT_FOUND', reason: '人才记录不存在' },
    });
    expect(rows[0]!.ip).toBeTruthy();
  });

  it('a missing record of any :id route is audited the same way (the caller cannot tell the two apart)', async () => {
    const before = await lastId();
    const missing = '00000000-0000-4000-8000-0000000000ff';
    expect((await t.app.inject({ url: `/api/collections/${missing}`, headers: { cookie: cookies.county1! } })).statusCode).toBe(404);
    expect((await since(before))[0]).toMatchObject({ actorName: 'u_county1', targetId: missing, detail: { route: '/api/collections/:id', status: 404 } });
  });

  it('every 403 is audited: a role without access, a service refusal, a cross-site write', async () => {
    const before = await lastId();
    expect((await t.app.inject({ url: '/api/users', headers: { cookie: cookies.county1! } })).statusCode).toBe(403);
    const csrf = await t.app.inject({ method: 'POST', url: '/api/auth/logout-others', headers: { cookie: cookies.city!, 'sec-fetch-site': 'cross-site' } });
    expect(csrf.statusCode).toBe(403);
    const rows = await since(before);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ actorName: 'u_county1', detail: { method: 'GET', route: '/api/users', status: 403, code: 'FORBIDDEN', reason: '没有权限执行此操作' } });
    expect(rows[1]).toMatchObject({ detail: { method: 'POST', route: '/api/auth/logout-others', status: 403, reason: '跨站请求已被拒绝' } });
  });

  it('anonymous 401s and unknown URLs write nothing (an unauthenticated flood costs no audit rows)', async () => {
    const before = await lastId();
    for (let i = 0; i < 50; i++) {
      expect((await t.app.inject({ url: `/api/talents/${theirs}` })).statusCode).toBe(401);
    }
    expect((await t.app.inject({ url: '/api/no-such-thing/1', headers: { cookie: cookies.county1! } })).statusCode).toBe(404);
    expect(await since(before)).toHaveLength(0);
  });

  it(`a flood of denials by one user writes ${PER_WINDOW} rows a minute, then one summary with the count`, async () => {
    // A fresh user so no earlier denial counts against the window.
    const { makeUser, loginAs } = await import('../test/harness.ts');
    await makeUser(t, 'prober', [{ role: 'county_admin', countyId: t.org.county2 }]);
    const cookie = await loginAs(t, 'prober');
    const before = await lastId();
    const extra = 15;
    for (let i = 0; i < PER_WINDOW + extra; i++) {
      expect((await t.app.inject({ url: i % 2 ? '/api/users' : `/api/talents/${theirs}`, headers: { cookie } })).statusCode).toBeGreaterThanOrEqual(403);
    }
    expect(await since(before)).toHaveLength(PER_WINDOW);
    await t.app.deniedAudit.flush(true);
    const rows = await since(before);
    expect(rows).toHaveLength(PER_WINDOW + 1);
    const summary = rows.at(-1)!;
    expect(summary).toMatchObject({ action: 'access.denied_suppressed', actorName: 'prober', detail: { count: extra, perWindow: PER_WINDOW } });
    const routes = (summary.detail as { routes: Record<string, number> }).routes;
    expect(Object.values(routes).reduce((a, b) => a + b, 0)).toBe(extra);
    // Other users are not affected by one user's flood.
    const b2 = await lastId();
    await t.app.inject({ url: '/api/users', headers: { cookie: cookies.county2! } });
    expect(await since(b2)).toHaveLength(1);
  });

  it('the services no longer write their own not-found lines (one row per denial)', async () => {
    const before = await lastId();
    await t.app.inject({ method: 'POST', url: `/api/talents/${theirs}/reveal`, headers: { cookie: cookies.county2! } });
    const all = await t.database.db.select().from(auditLog).where(gt(auditLog.id, before));
    expect(all.map((r) => r.action)).toEqual(['access.denied']);
    expect(all[0]).toMatchObject({ targetId: theirs, detail: { route: '/api/talents/:id/reveal' } });
  });
});
