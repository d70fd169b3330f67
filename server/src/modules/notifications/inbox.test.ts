import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReminders } from '../liaison/reminders.ts';
import { createTestContext, loginAs, makeUser, usersOfEveryRole, type TestContext } from '../../test/harness.ts';

/** The header bell (GET /api/notifications, mark read, mark all read): own notifications only. */
describe('notifications inbox', () => {
  let t: TestContext;
  let cookies: Record<string, string>;
  const ids: Record<string, string> = {};
  const call = (who: string | undefined, method: 'GET' | 'POST', url: string) => t.app.inject({ method, url, headers: who ? { cookie: cookies[who]! } : {} });
  const rows = async <T,>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;

  beforeAll(async () => {
    t = await createTestContext();
    cookies = await usersOfEveryRole(t);
    ids.leader2 = await makeUser(t, 'u_leader2', [{ role: 'leader', countyId: t.org.county1 }]);
    cookies.leader2 = await loginAs(t, 'u_leader2');
    ids.leader = (await rows<{ id: string }>(sql`select id from users where username = 'u_leader'`))[0]!.id;
    const talent = await t.app.inject({ method: 'POST', url: '/api/talents', payload: { name: '提醒对象', ownerCountyId: t.org.county1 }, headers: { cookie: cookies.county1! } });
    ids.talent = talent.json().id;
    const assigned = await t.app.inject({ method: 'POST', url: '/api/liaison/assignments', payload: { leaderId: ids.leader, talentIds: [ids.talent] }, headers: { cookie: cookies.county1! } });
    expect(assigned.json()).toEqual({ assigned: 1, skipped: 0 });
    // Assigned 400 days ago and never contacted: overdue, so the daily job writes one reminder.
    await t.database.db.execute(sql`update liaison_assignments set assigned_at = now() - interval '400 days' where talent_id = ${ids.talent}`);
    ids.assignment = (await rows<{ id: string }>(sql`select id from liaison_assignments where talent_id = ${ids.talent}`))[0]!.id;
    expect((await runReminders(t.database.db, t.env)).created).toBe(1);
  });
  afterAll(() => t.close());

  it('lists the caller’s own notifications with the unread count and a link to the item', async () => {
    const res = await call('leader', 'GET', '/api/notifications');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.unread).toBe(1);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ source: 'liaison', kind: 'overdue', kindLabel: '已超期', link: `/liaison/my?assignment=${ids.assignment}`, readAt: null });
    expect(body.items[0].text).toContain('提醒对象');
    ids.n1 = body.items[0].id;
    // Anyone else: nothing, and a count of nothing.
    for (const who of ['leader2', 'county1', 'city', 'sysadmin']) expect((await call(who, 'GET', '/api/notifications')).json(), who).toEqual({ items: [], unread: 0 });
    expect((await call(undefined, 'GET', '/api/notifications')).statusCode).toBe(401);
  });

  it('someone else’s notification is 404 and stays unread; read-all of another user touches nothing', async () => {
    expect((await call('leader2', 'POST', `/api/notifications/${ids.n1}/read`)).statusCode).toBe(404);
    expect((await call('county1', 'POST', `/api/notifications/${ids.n1}/read`)).statusCode).toBe(404);
    expect((await call('leader2', 'POST', '/api/notifications/read-all')).json()).toEqual({ updated: 0 });
    expect((await call('leader', 'GET', '/api/notifications')).json().unread).toBe(1);
    const denied = await rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'access.denied' and target_id = ${ids.n1}`);
    expect(denied[0]!.n).toBe(2);
  });

  it('marks one read (idempotent), then all read; newest first; limit is checked', async () => {
    const r = await call('leader', 'POST', `/api/notifications/${ids.n1}/read`);
    expect(r.statusCode, r.body).toBe(200);
    const after = (await call('leader', 'GET', '/api/notifications')).json();
    expect(after.unread).toBe(0);
    expect(after.items[0].readAt).not.toBeNull();
    const readAt = after.items[0].readAt;
    expect((await call('leader', 'POST', `/api/notifications/${ids.n1}/read`)).statusCode).toBe(200);
    expect((await call('leader', 'GET', '/api/notifications')).json().items[0].readAt).toBe(readAt);

    for (const [kind, days] of [['week_before', 3], ['due', 2], ['overdue', 1]] as const) {
      await t.database.db.execute(sql`insert into liaison_notifications (user_id, assignment_id, talent_id, kind, due_date, text, created_at)
        values (${ids.leader}, ${ids.assignment}, ${ids.talent}, ${kind}, current_date + ${days}::int, ${`测试提醒 ${kind}`}, now() + ${`${4 - days} minutes`}::interval)`);
    }
    const list = (await call('leader', 'GET', '/api/notifications?limit=2')).json();
    expect(list.unread).toBe(3);
    expect(list.items.map((i: { kind: string; kindLabel: string }) => [i.kind, i.kindLabel])).toEqual([['overdue', '已超期'], ['due', '今日到期']]);
    const all = await call('leader', 'POST', '/api/notifications/read-all');
    expect(all.json()).toEqual({ updated: 3 });
    expect((await call('leader', 'GET', '/api/notifications')).json().unread).toBe(0);
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from liaison_notifications where read_at is null`))[0]!.n).toBe(0);

    const bad = await call('leader', 'GET', '/api/notifications?limit=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0]).toMatchObject({ field: 'limit', message: '条数至少为 1' });
    expect((await call('leader', 'POST', '/api/notifications/not-a-uuid/read')).statusCode).toBe(400);
  });
});
