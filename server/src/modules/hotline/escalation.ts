import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { jobs } from '../../db/schema/index.ts';
import { enqueueJob, registerJobHandler, wakeJobRunners } from '../../lib/jobs.ts';
import { sweepEscalations } from './case-queries.ts';

/**
 * Escalation (超时督办) as a durable job: while a server runs, `hotline.escalate` is queued every few
 * minutes (never twice at once, whichever process asks) and marks the cases that passed a target,
 * with an `escalate` event on their timeline. The supervisor's list is computed from the due times,
 * and the lists also sweep before they are read, so nothing depends on the job having run.
 */
export const ESCALATE_JOB = 'hotline.escalate';

registerJobHandler(ESCALATE_JOB, async ({ db }) => ({ escalated: await sweepEscalations(db) }));

/** Queues a sweep unless one is waiting or running. Returns the job id or null. */
export async function queueEscalationSweep(db: Db): Promise<string | null> {
  const [pending] = await db.select({ id: jobs.id }).from(jobs).where(and(eq(jobs.kind, ESCALATE_JOB), inArray(jobs.status, ['queued', 'running']))).limit(1);
  if (pending) return null;
  const id = await enqueueJob(db, { kind: ESCALATE_JOB, input: {} });
  wakeJobRunners();
  return id;
}

export function startEscalationScheduler(db: Db, log: (msg: string, err: unknown) => void, everyMs = 5 * 60_000): { stop: () => void } {
  const tick = () => void queueEscalationSweep(db).catch((err) => log('cannot queue the hotline escalation sweep', err));
  const timer = setInterval(tick, everyMs);
  timer.unref();
  tick();
  return { stop: () => clearInterval(timer) };
}
