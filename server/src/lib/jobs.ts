import { and, eq, lt, or, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { jobs } from '../db/schema/index.ts';
import type { Env } from '../env.ts';
import { AppError } from './errors.ts';

/**
 * Durable jobs (DESIGN.md §3): the `jobs` row is the whole state, so any server process may run
 * any job and a restart never leaves one stuck. A runner claims queued jobs one at a time
 * (`for update skip locked`), beats a heartbeat while the handler runs, and records done/failed.
 * A running job whose heartbeat stopped (its process died) is marked failed by `failStaleJobs`.
 *
 * Tests drive it deterministically with `runPendingJobs(db, env)`; the server starts
 * `startJobRunner` (serve.ts).
 */
export type JobRow = typeof jobs.$inferSelect;

export interface JobContext {
  db: Db;
  env: Env;
  job: JobRow;
  /**
   * Records progress (0–100) and a heartbeat. Never await it inside a transaction: on PGlite a
   * statement outside the transaction waits for it to end.
   */
  progress(percent: number): Promise<void>;
}

export type JobHandler = (jc: JobContext) => Promise<unknown>;

/** A failure whose message (Chinese) is meant for the user who started the job. */
export class JobError extends Error {
  override name = 'JobError';
}

const handlers = new Map<string, JobHandler>();
const INTERRUPTED = '任务因服务重启或中断而终止，未完成的更改均未写入，请重新提交';
const GENERIC = '任务执行失败，请稍后重试或联系管理员';

export function registerJobHandler(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

/** Queues a job (inside the caller's transaction when given one); call `wakeJobRunners` after commit. */
export async function enqueueJob(db: Db, job: { kind: string; input: Record<string, unknown>; createdBy?: string | null }): Promise<string> {
  const [row] = await db.insert(jobs).values({ kind: job.kind, input: job.input, createdBy: job.createdBy ?? null }).returning({ id: jobs.id });
  return row!.id;
}

/** Marks a running job done (a handler may call it inside its own final transaction). */
export async function completeJob(db: Db, id: string, result: unknown): Promise<void> {
  await db
    .update(jobs)
    .set({ status: 'done', progress: 100, result: result ?? null, finishedAt: new Date(), heartbeatAt: new Date() })
    .where(and(eq(jobs.id, id), eq(jobs.status, 'running')));
}

async function failJob(db: Db, id: string, message: string): Promise<void> {
  await db.update(jobs).set({ status: 'failed', error: message, finishedAt: new Date() }).where(and(eq(jobs.id, id), eq(jobs.status, 'running')));
}

export async function claimNextJob(db: Db): Promise<JobRow | null> {
  const next = sql`(select id from jobs where status = 'queued' order by created_at, id limit 1 for update skip locked)`;
  const [row] = await db
    .update(jobs)
    .set({ status: 'running', startedAt: new Date(), heartbeatAt: new Date(), attempts: sql`${jobs.attempts} + 1` })
    .where(and(eq(jobs.id, next), eq(jobs.status, 'queued')))
    .returning();
  return row ?? null;
}

export interface RunOptions {
  log?: (message: string, err?: unknown) => void;
}

/** Runs one claimed job to its end; never throws (the outcome is in the row). */
export async function runJob(db: Db, env: Env, job: JobRow, opts: RunOptions = {}): Promise<void> {
  let lastBeat = 0;
  let beat: Promise<unknown> = Promise.resolve();
  const touch = (set: Partial<JobRow>) => {
    lastBeat = Date.now();
    beat = beat.then(() => db.update(jobs).set({ ...set, heartbeatAt: new Date() }).where(and(eq(jobs.id, job.id), eq(jobs.status, 'running')))).catch(() => {});
    return beat;
  };
  const everyMs = Math.max(1000, (env.JOB_STALE_SECONDS * 1000) / 4);
  const timer = setInterval(() => void touch({}), everyMs);
  timer.unref();
  try {
    const handler = handlers.get(job.kind);
    if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
    const result = await handler({
      db,
      env,
      job,
      progress: async (p) => {
        if (Date.now() - lastBeat < 250 && p < 100) return;
        await touch({ progress: Math.max(0, Math.min(100, Math.round(p))) });
      },
    });
    clearInterval(timer);
    await beat;
    await completeJob(db, job.id, result);
  } catch (err) {
    clearInterval(timer);
    await beat;
    const known = err instanceof JobError || err instanceof AppError;
    if (!known || (err as Error).cause) opts.log?.(`job ${job.kind} ${job.id} failed`, known ? (err as Error).cause : err);
    await failJob(db, job.id, known ? (err as Error).message : GENERIC).catch((e) => opts.log?.(`job ${job.id}: cannot record failure`, e));
  }
}

/** Runs queued jobs until none is left (or `shouldStop` says so); returns how many ran. */
export async function runPendingJobs(db: Db, env: Env, opts: RunOptions & { shouldStop?: () => boolean } = {}): Promise<number> {
  let n = 0;
  while (!opts.shouldStop?.()) {
    const job = await claimNextJob(db);
    if (!job) break;
    await runJob(db, env, job, opts);
    n++;
  }
  return n;
}

/** Fails running jobs whose heartbeat is older than `staleSeconds` (0 = every running job). */
export async function failStaleJobs(db: Db, staleSeconds: number): Promise<string[]> {
  const cutoff = new Date(Date.now() - staleSeconds * 1000);
  const rows = await db
    .update(jobs)
    .set({ status: 'failed', error: INTERRUPTED, finishedAt: new Date() })
    .where(and(eq(jobs.status, 'running'), or(isNull(jobs.heartbeatAt), lt(jobs.heartbeatAt, cutoff))))
    .returning({ id: jobs.id });
  return rows.map((r) => r.id);
}

const wakers = new Set<() => void>();

/** Lets the runners of this process pick up a job just queued (others find it by polling). */
export function wakeJobRunners(): void {
  for (const w of wakers) w();
}

export interface JobRunner {
  stop(): Promise<void>;
}

/**
 * Polls for queued jobs and runs them one at a time. `exclusive`: this process is the only one on
 * the database (embedded PGlite), so jobs left running by a previous process are failed at once.
 */
export function startJobRunner(db: Db, env: Env, opts: RunOptions & { pollMs?: number; exclusive?: boolean } = {}): JobRunner {
  let stopped = false;
  let again = false;
  let current: Promise<void> | null = null;
  let first = true;
  const tick = () => {
    if (stopped) return;
    if (current) {
      again = true;
      return;
    }
    current = (async () => {
      do {
        again = false;
        try {
          await failStaleJobs(db, first && opts.exclusive ? 0 : env.JOB_STALE_SECONDS);
          first = false;
          await runPendingJobs(db, env, { ...opts, shouldStop: () => stopped });
        } catch (err) {
          opts.log?.('job runner error', err);
        }
      } while (again && !stopped);
    })().finally(() => (current = null));
  };
  const timer = setInterval(tick, opts.pollMs ?? 2000);
  timer.unref();
  wakers.add(tick);
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      wakers.delete(tick);
      // Don't hold shutdown hostage to a long job: its transaction rolls back and the next start fails it.
      await Promise.race([current, new Promise((r) => setTimeout(r, 5000).unref())]);
    },
  };
}
