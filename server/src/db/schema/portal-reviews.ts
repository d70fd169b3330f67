import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { counties } from './counties.ts';
import { portalAccounts } from './portal.ts';
import { talents } from './talents.ts';

/**
 * A portal registration waiting for its county (本人登记审核). `data` is the submitted profile,
 * its ID number and phones sealed by lib/pii.ts. Matched against the registry by the duplicate
 * rules: `link` = one confident match (`match_talent_id`, owned by `county_id`), confirmed by that
 * county; `new` = no match (or several, `candidate_ids`), a new record owned by the chosen native
 * county once approved. `county_id` is the row's scope.
 */
export const portalRegistrations = pgTable(
  'portal_registrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    version: integer('version').notNull().default(1),
    accountId: uuid('account_id')
      .notNull()
      .references(() => portalAccounts.id),
    /** pending | approved | rejected | withdrawn */
    status: varchar('status', { length: 10 }).notNull().default('pending'),
    /** new | link */
    kind: varchar('kind', { length: 6 }).notNull(),
    countyId: uuid('county_id')
      .notNull()
      .references(() => counties.id),
    matchTalentId: uuid('match_talent_id').references(() => talents.id),
    matchReasons: text('match_reasons').array().notNull().default(sql`'{}'::text[]`),
    candidateIds: uuid('candidate_ids').array().notNull().default(sql`'{}'::uuid[]`),
    data: jsonb('data').notNull(),
    /** The record the account was linked to on approval. */
    talentId: uuid('talent_id').references(() => talents.id),
    reason: text('reason'),
    reviewedBy: uuid('reviewed_by'),
    reviewedByName: text('reviewed_by_name'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('portal_registrations_county_idx').on(t.countyId, t.status, t.createdAt), index('portal_registrations_account_idx').on(t.accountId)],
);

/**
 * A change of identity or classification fields a linked talent asked for, reviewed by the county
 * that owns the record. `proposed` holds the new values (ID number sealed), `changes` the
 * before/after shown to reviewers (masked).
 */
export const portalChanges = pgTable(
  'portal_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    version: integer('version').notNull().default(1),
    accountId: uuid('account_id')
      .notNull()
      .references(() => portalAccounts.id),
    talentId: uuid('talent_id')
      .notNull()
      .references(() => talents.id),
    countyId: uuid('county_id')
      .notNull()
      .references(() => counties.id),
    /** pending | approved | rejected | withdrawn */
    status: varchar('status', { length: 10 }).notNull().default('pending'),
    proposed: jsonb('proposed').notNull(),
    changes: jsonb('changes').notNull(),
    reason: text('reason'),
    reviewedBy: uuid('reviewed_by'),
    reviewedByName: text('reviewed_by_name'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('portal_changes_county_idx').on(t.countyId, t.status, t.createdAt), index('portal_changes_talent_idx').on(t.talentId)],
);

/**
 * Requests under PIPL art. 44–47 (个人信息权利请求): correction, deletion, withdrawal of consent.
 * Staff answer within 30 days (`due_at`) and record the outcome. `county_id` (the county of the
 * talent's record or pending registration; NULL = the city) is the scope.
 */
export const portalRightsRequests = pgTable(
  'portal_rights_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    version: integer('version').notNull().default(1),
    accountId: uuid('account_id')
      .notNull()
      .references(() => portalAccounts.id),
    talentId: uuid('talent_id').references(() => talents.id),
    countyId: uuid('county_id').references(() => counties.id),
    /** correction | deletion | withdrawal */
    type: varchar('type', { length: 12 }).notNull(),
    detail: text('detail').notNull(),
    /** pending | completed | refused */
    status: varchar('status', { length: 10 }).notNull().default('pending'),
    outcome: text('outcome'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    handledBy: uuid('handled_by'),
    handledByName: text('handled_by_name'),
    handledAt: timestamp('handled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('portal_rights_county_idx').on(t.countyId, t.status, t.dueAt), index('portal_rights_account_idx').on(t.accountId)],
);
