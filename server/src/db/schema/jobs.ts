import { index, integer, jsonb, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * Durable background jobs (imports, exports, reports). The row is the only state of a job: any
 * server process may claim a queued job (`for update skip locked`), reports progress and a
 * heartbeat while it runs, and a job whose heartbeat stops (process died) is marked failed.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: varchar('kind', { length: 40 }).notNull(),
    /** queued | running | done | failed */
    status: varchar('status', { length: 8 }).notNull().default('queued'),
    progress: integer('progress').notNull().default(0),
    input: jsonb('input').notNull().default({}),
    result: jsonb('result'),
    /** Chinese message for the user when the job failed. */
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
  },
  (t) => [index('jobs_status_idx').on(t.status, t.createdAt)],
);
