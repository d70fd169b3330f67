import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained audit log. A database trigger (see the migration) refuses UPDATE and
 * DELETE; `hash` = SM3(prev_hash || canonical row), so any edit made around the trigger is found
 * by `fenggui audit verify`.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    outcome: text('outcome').notNull().default('success'),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    detail: jsonb('detail').notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorId),
    index('audit_log_action_idx').on(t.action),
  ],
);

/**
 * Where the chain starts after a prune (`audit_log_prune`, migration): the last pruned row's id
 * and hash. `verifyAuditChain` starts from the newest anchor; an `audit.prune` event in the chain
 * repeats both values. Append-only like the log itself.
 */
export const auditAnchors = pgTable('audit_anchors', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  throughId: bigint('through_id', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
  prunedCount: bigint('pruned_count', { mode: 'number' }).notNull(),
  cutoff: timestamp('cutoff', { withTimezone: true }).notNull(),
  retentionDays: integer('retention_days').notNull(),
  actorName: text('actor_name'),
});

/** Results of the chain check (the daily job, or one the auditor asked for): what the auditor sees. */
export const auditChecks = pgTable(
  'audit_checks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
    ok: boolean('ok').notNull(),
    checked: bigint('checked', { mode: 'number' }).notNull(),
    brokenId: bigint('broken_id', { mode: 'number' }),
    brokenReason: text('broken_reason'),
    /** 'daily' (the scheduled job) or 'manual' (asked for by an auditor). */
    trigger: text('trigger').notNull(),
    requestedBy: text('requested_by'),
    jobId: uuid('job_id'),
  },
  (t) => [index('audit_checks_started_idx').on(t.startedAt)],
);
