import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, loginAs, makeUser, usersOfEveryRole, type TestContext } from '../../test/harness.ts';
import { addDays, beijingToday } from './due.ts';
import { runReminders } from './reminders.ts';

/**
 * Merging two registry records (疑似重复 → 合并) carries the leaders' liaison work over to the
 * surviving record: assignments, contacts, follow-up items, reminders and the timeline — and a
 * talent still has one liaison leader at a time.
 */
let t: TestContext;
let cookies: Record<string, string>;
const ids: Record<string, string> = {};
const today = beijingToday();

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: { cookie: cookies[who]! } });
const rows = async <T = Record<string, unknown>>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const create = async (name: string) => {
  const res = await call('county1', 'POST', '/api/talents', { name, ownerCountyId: t.org.county1 });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};
const assign = async (leaderId: string, talentId: string) => {
  expect((await call('county1', 'POST', '/api/liaison/assignments', { leaderId, talentIds: [talentId] })).json()).toEqual({ assigned: 1, skipped: 0 });
  // Assigned a while ago, so contacts may be dated before today.
  await t.database.db.execute(sql`update liaison_assignments set assigned_at = now() - interval '200 days' where talent_id = ${talentId} and active`);
  return (await rows<{ id: string }>(sql`select id from liaison_assignments where talent_id = ${talentId} and active`))[0]!.id;
};
const contact = async (who: string, assignmentId: string, date: string, summary: string, problems?: string) => {
  const res = await call(who, 'POST', '/api/liaison/contacts', { assignmentId, channel: '电话', contactDate: date, summary, ...(problems ? { problems, followUpNeeded: true, followUpOwner: '县人社局' } : {}) });
  expect(res.statusCode, res.body).toBe(201);
};
const merge = async (survivorId: string, mergedId: string) => {
  const version = async (id: string) => (await call('county1', 'GET', `/api/talents/${id}`)).json().version as number;
  const res = await call('county1', 'POST', '/api/talents/merge', { survivorId, mergedId, fields: {}, survivorVersion: await version(survivorId), mergedVersion: await version(mergedId) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
  ids.leader = (await rows<{ id: string }>(sql`select id from users where username = 'u_leader'`))[0]!.id;
  ids.leader2 = await makeUser(t, 'u_leader2', [{ role: 'leader', countyId: t.org.county1 }]);
  cookies.leader2 = await loginAs(t, 'u_leader2');
});
afterAll(() => t.close());

describe('merging talents moves the liaison work to the survivor', () => {
  it('only the merged record was assigned: assignment, contacts, follow-ups, reminders and timeline move', async () => {
    const s = await create('合并甲');
    const m = await create('合并甲');
    const a = await assign(ids.leader!, m);
    await contact('leader', a, addDays(today, -150), '去年的电话问候');
    await contact('leader', a, addDays(today, -10), '电话了解子女入学', '子女入学');
    await t.database.db.execute(sql`update liaison_assignments set assigned_at = now() - interval '400 days' where id = ${a}`);
    await t.database.db.execute(sql`insert into liaison_notifications (user_id, assignment_id, talent_id, kind, due_date, text) values (${ids.leader}, ${a}, ${m}, 'due', ${today}::date, '联系对象合并甲今日到期')`);

    const out = await merge(s, m);
    expect(out.moved).toMatchObject({ liaison_assignments: 1, 'liaison_contacts.talent_id': 2, liaison_follow_ups: 1, liaison_notifications: 1 });
    expect(await rows(sql`select talent_id, leader_id, active from liaison_assignments where id = ${a}`)).toEqual([{ talent_id: s, leader_id: ids.leader, active: true }]);
    expect((await rows<{ talent_id: string }>(sql`select distinct talent_id from liaison_contacts where assignment_id = ${a}`)).map((r) => r.talent_id)).toEqual([s]);
    expect(await rows(sql`select count(*)::int as n from liaison_follow_ups where talent_id = ${m}`)).toEqual([{ n: 0 }]);
    expect(await rows(sql`select count(*)::int as n from liaison_notifications where talent_id = ${m}`)).toEqual([{ n: 0 }]);

    // What the leader and the county see: the survivor, with the merged record's contacts counted.
    const mine = (await call('leader', 'GET', '/api/liaison/my')).json();
    expect(mine.map((x: { talentId: string }) => x.talentId)).toEqual([s]);
    expect(mine[0]).toMatchObject({ lastContact: addDays(today, -10), openFollowUps: 1, status: 'ok' });
    const fu = (await call('leader', 'GET', '/api/liaison/follow-ups')).json();
    expect(fu).toEqual([expect.objectContaining({ talentId: s, problem: '子女入学' })]);
    const contacts = (await call('county1', 'GET', `/api/liaison/contacts?talentId=${s}`)).json();
    expect(contacts.map((c: { summary: string }) => c.summary).sort()).toEqual(['去年的电话问候', '电话了解子女入学'].sort());
    expect((await call('county1', 'GET', `/api/liaison/contacts?talentId=${m}`)).json()).toEqual([]);
    const hist = (await call('county1', 'GET', `/api/talents/${s}/history`)).json();
    expect(hist.filter((h: { action: string }) => h.action === 'liaison_contact')).toHaveLength(2);
    const inbox = (await call('leader', 'GET', '/api/notifications')).json();
    expect(inbox.items[0].link).toBe(`/liaison/my?assignment=${a}`);
  });

  it('both records with the same leader: one active assignment, every contact counts for it', async () => {
    const s = await create('合并乙');
    const m = await create('合并乙');
    const as = await assign(ids.leader!, s);
    // Assigning the duplicate to the same leader is a second assignment (a different record).
    const am = await assign(ids.leader!, m);
    await contact('leader', as, addDays(today, -120), '幸存记录上的联系');
    await contact('leader', am, addDays(today, -5), '被合并记录上的联系');

    await merge(s, m);
    const active = await rows<{ id: string; leader_id: string }>(sql`select id, leader_id from liaison_assignments where talent_id = ${s} and active`);
    expect(active).toEqual([{ id: as, leader_id: ids.leader }]);
    const ended = await rows<{ active: boolean; ended: boolean }>(sql`select active, ended_at is not null as ended from liaison_assignments where id = ${am}`);
    expect(ended).toEqual([{ active: false, ended: true }]);
    // The merged record's contacts now belong to the surviving assignment: the due date counts them.
    expect((await rows<{ assignment_id: string }>(sql`select distinct assignment_id from liaison_contacts where talent_id = ${s}`)).map((r) => r.assignment_id)).toEqual([as]);
    const mine = (await call('leader', 'GET', '/api/liaison/my')).json().filter((x: { talentId: string }) => x.talentId === s);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: as, lastContact: addDays(today, -5) });
    // The ledger lists the talent once, with both contacts.
    const ledger = await call('county1', 'GET', `/api/liaison/ledger.html?leaderId=${ids.leader}`);
    expect(ledger.body.split('被合并记录上的联系').length - 1).toBe(1);
    expect(ledger.body.split('幸存记录上的联系').length - 1).toBe(1);
  });

  it('records with different leaders: the survivor keeps its leader, the other assignment ends and keeps its contacts as history', async () => {
    const s = await create('合并丙');
    const m = await create('合并丙');
    const as = await assign(ids.leader!, s);
    const am = await assign(ids.leader2!, m);
    await contact('leader2', am, addDays(today, -3), '另一位领导的联系');

    await merge(s, m);
    expect(await rows(sql`select leader_id from liaison_assignments where talent_id = ${s} and active`)).toEqual([{ leader_id: ids.leader }]);
    expect(await rows(sql`select talent_id, active, ended_at is not null as ended from liaison_assignments where id = ${am}`)).toEqual([{ talent_id: s, active: false, ended: true }]);
    expect((await call('leader2', 'GET', '/api/liaison/my')).json().map((x: { talentId: string }) => x.talentId)).not.toContain(s);
    expect((await call('leader', 'GET', '/api/liaison/my')).json().filter((x: { talentId: string }) => x.talentId === s).map((x: { id: string }) => x.id)).toEqual([as]);
    // leader2's contact stays in leader2's ledger (under the surviving record's name) and in the talent's timeline.
    const ledger2 = await call('county1', 'GET', `/api/liaison/ledger.html?leaderId=${ids.leader2}`);
    expect(ledger2.body).toContain('另一位领导的联系');
    const hist = (await call('county1', 'GET', `/api/talents/${s}/history`)).json();
    expect(JSON.stringify(hist)).toContain('另一位领导的联系');
    // And the reminders job sees one assignment for the survivor.
    await runReminders(t.database.db, t.env);
    expect(await rows(sql`select count(distinct assignment_id)::int as n from liaison_notifications where talent_id = ${s} and created_at > now() - interval '1 minute' and assignment_id <> ${as}`)).toEqual([{ n: 0 }]);
  });
});
