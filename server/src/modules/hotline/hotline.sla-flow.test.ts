import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../../contracts/roles.ts';
import { hotlineCaseEvents, hotlineCases } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { createTestContext, makeUser, type TestContext } from '../../test/harness.ts';
import { acceptCase, answerCase, closeCase, followUpCase, reopenCase, resumeCase, transferCase, waitForCaller } from './case-actions.ts';
import { listCases, listEscalations, sweepEscalations } from './case-queries.ts';
import { createCase, getCase } from './hotline.service.ts';

/**
 * A case through its whole life at controlled Beijing times around 春节 2026 (Feb 15–23 off,
 * Saturdays Feb 14 and Feb 28 worked): transfer, escalation, pause, answer, follow-up, reopening.
 * Working hours 08:30–12:00 and 14:00–17:30.
 */
let t: TestContext;
let city: Ctx;
let county1: Ctx;
let county2: Ctx;
let caseId: string;
const bj = (s: string) => new Date(`${s}:00+08:00`);

async function ctxFor(name: string, role: Role, countyId: string | null): Promise<Ctx> {
  const id = await makeUser(t, name, [{ role, countyId }]);
  return { db: t.database.db, env: t.env, ip: null, requestId: 'test', user: { id, username: name, displayName: name, isDemo: false, roles: [{ role, countyId, countyName: null, outpostId: null, outpostName: null }] } };
}
const row = async () => (await t.database.db.select().from(hotlineCases).where(eq(hotlineCases.id, caseId)))[0]!;
const version = async () => (await row()).version;

beforeAll(async () => {
  t = await createTestContext();
  city = await ctxFor('flow_city', 'hotline_agent', null);
  county1 = await ctxFor('flow_c1', 'hotline_agent', t.org.county1);
  county2 = await ctxFor('flow_c2', 'hotline_agent', t.org.county2);
});
afterAll(() => t.close());

describe('SLA of a case through transfer, pause, follow-up and reopening', () => {
  it('opens on the city line on Friday Feb 13 16:30: first response due 17:30, resolution in two working days', async () => {
    const r = await createCase(t.database.db, city, { category: 'policy', content: '返乡创业补贴如何申请？', callerPhone: '13700001111' }, { now: bj('2026-02-13T16:30') });
    caseId = r.id;
    const c = await row();
    expect([c.slaFirstResponseMinutes, c.slaResolutionMinutes]).toEqual([60, 840]);
    expect(c.firstResponseDueAt).toEqual(bj('2026-02-13T17:30'));
    expect(c.resolutionDueAt).toEqual(bj('2026-02-24T16:30'));
  });

  it('a transfer to a county keeps the clock from the opening and takes the county targets', async () => {
    await transferCase(city, caseId, { version: await version(), countyId: t.org.county1, note: '属甲县政策，转甲县热线' }, { now: bj('2026-02-13T17:00') });
    const c = await row();
    expect([c.slaFirstResponseMinutes, c.slaResolutionMinutes]).toEqual([120, 1260]);
    // 60 min on Friday + 60 on the 调休 Saturday.
    expect(c.firstResponseDueAt).toEqual(bj('2026-02-14T09:30'));
    // The city no longer handles it but still sees it (city level sees all); 乙县 does not.
    await expect(getCase(county2, caseId)).rejects.toMatchObject({ status: 404 });
    expect((await getCase(county1, caseId)).levelName).toBe('甲县热线');
  });

  it('near its target the case is highlighted "near", past it "overdue" (list filters)', async () => {
    const q = { page: 1, pageSize: 20 } as const;
    // First response: 120 min target, warning in its last quarter (from Saturday 09:00).
    expect((await listCases(county1, { ...q, sla: 'near' }, bj('2026-02-14T08:50'))).total).toBe(0);
    const near = await listCases(county1, { ...q, sla: 'near' }, bj('2026-02-14T09:10'));
    expect(near.items.map((c) => [c.id, c.firstResponse.state])).toEqual([[caseId, 'near']]);
    expect((await listCases(county1, { ...q, sla: 'overdue' }, bj('2026-02-14T09:10'))).total).toBe(0);
    expect((await listCases(county2, { ...q, sla: 'near' }, bj('2026-02-14T09:10'))).total).toBe(0);
    await t.database.db.update(hotlineCases).set({ escalatedAt: null }).where(eq(hotlineCases.id, caseId));
  });

  it('past the first-response target the case is escalated, on the supervisor list of its county and of the city only', async () => {
    expect(await sweepEscalations(t.database.db, bj('2026-02-14T09:20'))).toBe(0);
    expect(await sweepEscalations(t.database.db, bj('2026-02-14T09:31'))).toBe(1);
    expect(await sweepEscalations(t.database.db, bj('2026-02-14T09:40'))).toBe(0); // once
    const now = bj('2026-02-14T09:45');
    expect((await listEscalations(county1, { page: 1, pageSize: 20 }, now)).items.map((c) => c.id)).toEqual([caseId]);
    expect((await listEscalations(city, { page: 1, pageSize: 20 }, now)).total).toBe(1);
    expect((await listEscalations(county2, { page: 1, pageSize: 20 }, now)).total).toBe(0);
    const d = await getCase(county1, caseId);
    expect(d.firstResponse.state).toBe('overdue');
    expect(d.events.map((e) => e.action)).toEqual(['create', 'transfer', 'escalate']);
  });

  it('accepting late records the first response as missed (150 > 120 working minutes)', async () => {
    const d = await acceptCase(county1, caseId, { version: await version() }, { now: bj('2026-02-14T10:00') });
    expect(d.firstResponse).toMatchObject({ state: 'missed', usedMinutes: 150 });
    expect(d.assigneeId).toBe(county1.user.id);
    expect((await listEscalations(county1, { page: 1, pageSize: 20 }, bj('2026-02-14T10:05'))).total).toBe(0);
  });

  it('waiting for the caller pauses the clock over the holiday; resuming moves the due time', async () => {
    await waitForCaller(county1, caseId, { version: await version(), note: '请来电人补充营业执照' }, { now: bj('2026-02-14T11:00') });
    let c = await row();
    expect(c.resolutionDueAt).toBeNull();
    const paused = await getCase(county1, caseId);
    expect(paused.resolution.state).toBe('paused');
    await resumeCase(county1, caseId, { version: await version() }, { now: bj('2026-02-24T09:00') });
    c = await row();
    // Sat 11:00–17:30 (270 min with the lunch break) + Tue 08:30–09:00 (30).
    expect(c.pausedMinutes).toBe(300);
    // 1260 + 300 working minutes after Friday 16:30.
    // Fri 60 + Sat 420 + Tue 420 + Wed 420 + Thu 240 (14:30).
    expect(c.resolutionDueAt).toEqual(bj('2026-02-26T14:30'));
  });

  it('answering moves to 待回访 and pauses; the follow-up closes with the outcome and the measured time', async () => {
    const a = await answerCase(county1, caseId, { version: await version(), answer: '可在线申请，材料清单已短信发送。' }, { now: bj('2026-02-24T10:00') });
    expect(a.status).toBe('follow_up');
    expect(a.resolution.state).toBe('paused');
    const f = await followUpCase(county1, caseId, { version: await version(), satisfaction: 5, resolved: true, outcome: 'policy', note: '已拿到补贴' }, { now: bj('2026-02-25T10:00') });
    expect(f).toMatchObject({ status: 'closed', outcome: 'policy', satisfaction: 5 });
    // Fri 60 + Sat 08:30–11:00 150 + Tue 09:00–10:00 60; the follow-up wait does not count.
    expect(f.resolution).toMatchObject({ state: 'met', usedMinutes: 270 });
  });

  it('a reopened case does not count the time it was closed', async () => {
    await reopenCase(county1, caseId, { version: await version(), note: '来电人反映补贴未到账' }, { now: bj('2026-02-26T09:00') });
    const c = await closeCase(county1, caseId, { version: await version(), outcome: 'policy', note: '已到账' }, { now: bj('2026-02-26T10:00') });
    expect(c.resolution.usedMinutes).toBe(330);
    expect(c.reopenCount).toBe(1);
    const events = await t.database.db.select().from(hotlineCaseEvents).where(eq(hotlineCaseEvents.caseId, caseId));
    expect(events.map((e) => [e.action, e.fromStatus, e.toStatus])).toEqual([
      ['create', null, 'new'], ['transfer', null, null], ['escalate', null, null], ['accept', 'new', 'in_progress'],
      ['wait', null, null], ['resume', null, null], ['answer', 'in_progress', 'follow_up'], ['follow_up', 'follow_up', 'closed'],
      ['reopen', 'closed', 'in_progress'], ['close', 'in_progress', 'closed'],
    ]);
    expect(events.filter((e) => e.action !== 'escalate').every((e) => e.actorId && e.at)).toBe(true);
    expect(events.find((e) => e.action === 'transfer')!.note).toBe('属甲县政策，转甲县热线');
  });
});

describe('the escalation job', () => {
  it('is queued once at a time and runs the sweep', async () => {
    const { queueEscalationSweep, ESCALATE_JOB } = await import('./escalation.ts');
    const { runPendingJobs } = await import('../../lib/jobs.ts');
    const { jobs } = await import('../../db/schema/index.ts');
    const c = await createCase(t.database.db, city, { category: 'policy', content: '一年前的来电' }, { now: new Date(Date.now() - 400 * 86400_000) });
    expect(await queueEscalationSweep(t.database.db)).toBeTruthy();
    expect(await queueEscalationSweep(t.database.db)).toBeNull();
    expect(await runPendingJobs(t.database.db, t.env)).toBe(1);
    const [job] = await t.database.db.select().from(jobs).where(eq(jobs.kind, ESCALATE_JOB));
    expect(job).toMatchObject({ status: 'done', result: { escalated: 1 } });
    expect((await getCase(city, c.id)).events.map((e) => e.action)).toEqual(['create', 'escalate']);
  });
});
