import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditChecks, auditLog, jobs } from '../../db/schema/index.ts';
import { runPendingJobs } from '../../lib/jobs.ts';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../test/harness.ts';
import { AUDIT_CHECK_JOB, ensureDailyAuditCheck, startAuditCheckScheduler } from './audit-checks.ts';

/** The daily chain check: a durable job, its stored results, and the auditor's view of them. */
let t: TestContext;
let cookies: Record<string, string>;
beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
});
afterAll(() => t.close());

const checks = (who = 'auditor') => t.app.inject({ url: '/api/audit/checks', headers: { cookie: cookies[who]! } });

describe('daily audit chain check (job)', () => {
  it('queues one check a day, whichever process asks and however often', async () => {
    const a = await ensureDailyAuditCheck(t.database.db);
    expect(a).toBeTruthy();
    expect(await ensureDailyAuditCheck(t.database.db)).toBeNull(); // one is waiting
    const queued = await t.database.db.select().from(jobs).where(eq(jobs.kind, AUDIT_CHECK_JOB));
    expect(queued).toHaveLength(1);
    expect((await checks()).json().pending).toBe(true);

    expect(await runPendingJobs(t.database.db, t.env)).toBe(1);
    const [row] = await t.database.db.select().from(auditChecks);
    expect(row).toMatchObject({ ok: true, trigger: 'daily', brokenId: null, jobId: a });
    expect(row!.checked).toBeGreaterThan(10);
    const [job] = await t.database.db.select().from(jobs).where(eq(jobs.id, a!));
    expect(job).toMatchObject({ status: 'done', result: { ok: true, checked: row!.checked } });
    const [ev] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'audit.verify'));
    expect(ev).toMatchObject({ outcome: 'success', detail: { trigger: 'daily', ok: true, checked: row!.checked } });

    // Done within 24 hours: nothing more today; a day later, the next one.
    expect(await ensureDailyAuditCheck(t.database.db)).toBeNull();
    expect(await ensureDailyAuditCheck(t.database.db, new Date(Date.now() + 25 * 3_600_000))).toBeTruthy();
    await runPendingJobs(t.database.db, t.env);
  });

  it('the scheduler queues the check as soon as the server starts', async () => {
    const { database, drop } = await (await import('../../test/harness.ts')).freshDatabase();
    try {
      const s = startAuditCheckScheduler(database.db, () => {});
      for (let i = 0; i < 50 && !(await database.db.select().from(jobs)).length; i++) await new Promise((r) => setTimeout(r, 20));
      s.stop();
      expect((await database.db.select().from(jobs)).map((j) => j.kind)).toEqual([AUDIT_CHECK_JOB]);
    } finally {
      await drop();
    }
  });

  it('records a broken chain with the first broken row, and the auditor sees it', async () => {
    const [victim] = await t.database.db.select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id).offset(3).limit(1);
    await t.database.db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await t.database.db.execute(sql`update audit_log set actor_name = 'forged' where id = ${victim!.id}`);
    await t.database.db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);

    const req = await t.app.inject({ method: 'POST', url: '/api/audit/checks', headers: { cookie: cookies.auditor! } });
    expect(req.statusCode).toBe(202);
    const again = await t.app.inject({ method: 'POST', url: '/api/audit/checks', headers: { cookie: cookies.auditor! } });
    expect(again.json().jobId).toBe(req.json().jobId); // one waiting check is enough
    await runPendingJobs(t.database.db, t.env);

    const view = (await checks()).json();
    expect(view.pending).toBe(false);
    expect(view.items[0]).toMatchObject({ ok: false, trigger: 'manual', requestedBy: 'u_auditor', brokenId: victim!.id, checked: 3 });
    expect(view.items[0].brokenReason).toMatch(/修改/);
    expect(view.items[1]).toMatchObject({ ok: true, trigger: 'daily' });
    expect(view.nextDailyAt).toBeTruthy();
  });

  it('the results are append-only', async () => {
    const refused = (e: unknown) => /append-only/.test(String((e as Error & { cause?: Error }).cause?.message ?? e));
    await expect(t.database.db.execute(sql`update audit_checks set ok = true`)).rejects.toSatisfy(refused);
    await expect(t.database.db.execute(sql`delete from audit_checks`)).rejects.toSatisfy(refused);
  });
});

describe('GET/POST /api/audit/checks — permissions', () => {
  it.each(['city', 'county1', 'outpost', 'hotline', 'leader', 'employer', 'talent', 'sysadmin', 'security'])('%s may neither see nor start checks (403)', async (who) => {
    expect((await checks(who)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/audit/checks', headers: { cookie: cookies[who]! } })).statusCode).toBe(403);
  });

  it('anonymous callers get 401', async () => {
    expect((await t.app.inject('/api/audit/checks')).statusCode).toBe(401);
  });
});
