import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AuditCheck, AuditChecksView } from '../../../../contracts/audit.ts';
import type { Db } from '../../db/client.ts';
import { auditChecks, jobs } from '../../db/schema/index.ts';
import { appendAudit, verifyAuditChain } from '../../lib/audit.ts';
import { enqueueJob, registerJobHandler, wakeJobRunners } from '../../lib/jobs.ts';

/**
 * The chain check as a durable job (`audit.verify`): the daily one, queued by the scheduler while a
 * server runs, and one an auditor asks for. Each run stores its result in `audit_checks` (append-only:
 * time, ok, rows checked, first broken row) and appends an `audit.verify` event, so the auditor sees
 * the latest results on the audit page (GET /api/audit/checks).
 */
export const AUDIT_CHECK_JOB = 'audit.verify';
const DAY_MS = 86_400_000;
/** Serialises the "is a daily check due?" decision across server processes. */
const SCHEDULE_LOCK_KEY = 42_0627;

interface CheckInput {
  trigger: 'daily' | 'manual';
  requestedBy?: string | null;
  requestedById?: string | null;
}

/** Verifies the chain and records the result (what the job does). */
export async function runAuditCheck(db: Db, input: CheckInput, jobId: string | null = null): Promise<AuditCheck> {
  const startedAt = new Date();
  const r = await verifyAuditChain(db);
  const [row] = await db
    .insert(auditChecks)
    .values({
      startedAt,
      finishedAt: new Date(),
      ok: r.ok,
      checked: r.checked,
      brokenId: r.brokenAt?.id ?? null,
      brokenReason: r.brokenAt?.reason ?? null,
      trigger: input.trigger,
      requestedBy: input.requestedBy ?? null,
      jobId,
    })
    .returning();
  await appendAudit(db, {
    action: 'audit.verify',
    outcome: r.ok ? 'success' : 'failure',
    actorId: input.requestedById ?? null,
    actorName: input.requestedBy ?? null,
    detail: { trigger: input.trigger, ok: r.ok, checked: r.checked, brokenId: r.brokenAt?.id ?? null, brokenReason: r.brokenAt?.reason ?? null },
  });
  return toCheck(row!);
}

registerJobHandler(AUDIT_CHECK_JOB, async ({ db, job }) => {
  const check = await runAuditCheck(db, job.input as unknown as CheckInput, job.id);
  return { checkId: check.id, ok: check.ok, checked: check.checked, brokenId: check.brokenId };
});

function toCheck(r: typeof auditChecks.$inferSelect): AuditCheck {
  return {
    id: r.id,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt.toISOString(),
    ok: r.ok,
    checked: r.checked,
    brokenId: r.brokenId,
    brokenReason: r.brokenReason,
    trigger: r.trigger as AuditCheck['trigger'],
    requestedBy: r.requestedBy,
  };
}

async function pendingJob(db: Db): Promise<string | null> {
  const [j] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.kind, AUDIT_CHECK_JOB), inArray(jobs.status, ['queued', 'running'])))
    .limit(1);
  return j?.id ?? null;
}

/**
 * Queues the daily check when none ran in the last 24 hours and none is waiting. Safe to call from
 * every server process at any time (one advisory lock decides). Returns the queued job id or null.
 */
export async function ensureDailyAuditCheck(db: Db, now = new Date()): Promise<string | null> {
  const id = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SCHEDULE_LOCK_KEY})`);
    if (await pendingJob(tx)) return null;
    const recent = await tx
      .select({ id: auditChecks.id })
      .from(auditChecks)
      .where(and(eq(auditChecks.trigger, 'daily'), gt(auditChecks.startedAt, new Date(now.getTime() - DAY_MS))))
      .limit(1);
    if (recent.length) return null;
    return enqueueJob(tx, { kind: AUDIT_CHECK_JOB, input: { trigger: 'daily' } });
  });
  if (id) wakeJobRunners();
  return id;
}

/** An auditor asks for a check now; a check already waiting or running is reused. */
export async function requestAuditCheck(db: Db, user: { id: string; username: string }): Promise<string> {
  const id = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SCHEDULE_LOCK_KEY})`);
    return (await pendingJob(tx)) ?? enqueueJob(tx, { kind: AUDIT_CHECK_JOB, input: { trigger: 'manual', requestedBy: user.username, requestedById: user.id }, createdBy: user.id });
  });
  wakeJobRunners();
  return id;
}

/** The latest results for the auditor's page. */
export async function listAuditChecks(db: Db, limit = 30): Promise<AuditChecksView> {
  const rows = await db.select().from(auditChecks).orderBy(desc(auditChecks.id)).limit(limit);
  const [lastDaily] = await db.select({ at: auditChecks.startedAt }).from(auditChecks).where(eq(auditChecks.trigger, 'daily')).orderBy(desc(auditChecks.id)).limit(1);
  return {
    items: rows.map(toCheck),
    pending: !!(await pendingJob(db)),
    nextDailyAt: lastDaily ? new Date(lastDaily.at.getTime() + DAY_MS).toISOString() : null,
  };
}

export interface Scheduler {
  stop(): void;
}

/** While a server runs: checks every hour whether the daily chain check is due, and queues it. */
export function startAuditCheckScheduler(db: Db, log: (msg: string, err: unknown) => void, everyMs = 3_600_000): Scheduler {
  const tick = () => void ensureDailyAuditCheck(db).catch((err) => log('cannot schedule the daily audit chain check', err));
  const timer = setInterval(tick, everyMs);
  timer.unref();
  tick();
  return { stop: () => clearInterval(timer) };
}
