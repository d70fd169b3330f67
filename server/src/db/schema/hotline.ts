import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { counties } from './counties.ts';
import { portalAccounts } from './portal.ts';
import { talents } from './talents.ts';
import { users } from './users.ts';

/**
 * The return hotline (返乡热线): every call, portal request or visit becomes a case. The case is
 * handled at a level — the city (`county_id` NULL) or a county — and optionally by a named user;
 * those two columns are its scope (modules/hotline/hotline.policy.ts).
 *
 * SLA clocks run in working minutes (working-day calendar + working hours): targets are copied
 * from the policy of the case's category × level when the case is created or transferred, due
 * times are recomputed whenever the clock pauses/resumes (待回访, waiting for the caller), and the
 * used working minutes are stored when the first response / closing happens, so statistics are
 * plain SQL over stored columns.
 */
export const hotlineCases = pgTable(
  'hotline_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** RX-2026-000123: year of intake and a per-year counter (hotline_case_counters). */
    number: varchar('number', { length: 20 }).notNull().unique(),
    version: integer('version').notNull().default(1),
    /** phone | portal | walk_in | letter | other */
    source: varchar('source', { length: 12 }).notNull(),
    callerName: text('caller_name'),
    callerPhoneEnc: text('caller_phone_enc'),
    callerPhoneHash: text('caller_phone_hash'),
    callerPhoneMasked: text('caller_phone_masked'),
    talentId: uuid('talent_id').references(() => talents.id),
    /** The portal account that asked (网上诉求), also before the account is linked to a talent. */
    portalAccountId: uuid('portal_account_id').references(() => portalAccounts.id),
    /** policy | project | startup | employment | info | other */
    category: varchar('category', { length: 16 }).notNull(),
    /** The handling level: NULL = the city hotline, else the county's hotline. Scope column. */
    countyId: uuid('county_id').references(() => counties.id),
    /** The named staff member handling it (a county agent sees city cases assigned to them). */
    assigneeId: uuid('assignee_id').references(() => users.id),
    /** new | in_progress | follow_up | closed | cancelled */
    status: varchar('status', { length: 12 }).notNull().default('new'),
    /** Waiting for the caller (材料/答复): the SLA clock is paused while true. */
    waitingCaller: boolean('waiting_caller').notNull().default(false),
    subject: text('subject').notNull(),
    content: text('content').notNull(),
    /** phone | sms | wechat | email | none */
    contactPref: varchar('contact_pref', { length: 12 }).notNull().default('phone'),
    contactNote: text('contact_note'),
    /** The answer given to the caller; the portal shows it to the talent. */
    answer: text('answer'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),

    // ---- SLA (working minutes) ----
    slaFirstResponseMinutes: integer('sla_first_response_minutes').notNull(),
    slaResolutionMinutes: integer('sla_resolution_minutes').notNull(),
    /** Working minutes the clock was paused so far (added to the targets). */
    pausedMinutes: integer('paused_minutes').notNull().default(0),
    /** Set while the clock is paused (待回访 or waiting for the caller). */
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    firstResponseDueAt: timestamp('first_response_due_at', { withTimezone: true }),
    resolutionDueAt: timestamp('resolution_due_at', { withTimezone: true }),
    /** When the remaining time drops below the warning share of the target (near-due highlighting). */
    firstResponseWarnAt: timestamp('first_response_warn_at', { withTimezone: true }),
    resolutionWarnAt: timestamp('resolution_warn_at', { withTimezone: true }),
    firstRespondedAt: timestamp('first_responded_at', { withTimezone: true }),
    /** Working minutes used to the first response / to closing (pauses excluded). */
    firstResponseUsedMinutes: integer('first_response_used_minutes'),
    resolutionUsedMinutes: integer('resolution_used_minutes'),
    firstResponseMet: boolean('first_response_met'),
    resolutionMet: boolean('resolution_met'),
    /** Set by the escalation sweep when a target passed: the case is on the supervisor list. */
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),

    // ---- closing and follow-up ----
    /** job | investment | project | policy | info | consult */
    outcome: varchar('outcome', { length: 12 }),
    outcomeNote: text('outcome_note'),
    /** A project this case led to (projects module, later). */
    projectId: uuid('project_id'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by'),
    /** 1–5 from the follow-up call (回访). */
    satisfaction: smallint('satisfaction'),
    followUpNote: text('follow_up_note'),
    followedUpAt: timestamp('followed_up_at', { withTimezone: true }),
    reopenCount: integer('reopen_count').notNull().default(0),

    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('hotline_cases_county_idx').on(t.countyId, t.createdAt),
    index('hotline_cases_assignee_idx').on(t.assigneeId),
    index('hotline_cases_status_idx').on(t.status, t.createdAt),
    index('hotline_cases_created_idx').on(t.createdAt),
    index('hotline_cases_phone_idx').on(t.callerPhoneHash),
    index('hotline_cases_talent_idx').on(t.talentId),
    index('hotline_cases_portal_account_idx').on(t.portalAccountId),
  ],
);

/** Per-year case number counter (RX-<year>-<counter>), bumped with one upsert. */
export const hotlineCaseCounters = pgTable('hotline_case_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull().default(0),
});

/** Every transition and action on a case: who, when, from/to, a note. */
export const hotlineCaseEvents = pgTable(
  'hotline_case_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => hotlineCases.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    /** create | accept | transfer | assign | wait | resume | answer | close | cancel | follow_up | reopen | escalate | note | talent */
    action: varchar('action', { length: 16 }).notNull(),
    fromStatus: varchar('from_status', { length: 12 }),
    toStatus: varchar('to_status', { length: 12 }),
    note: text('note'),
    detail: jsonb('detail'),
  },
  (t) => [index('hotline_case_events_case_idx').on(t.caseId, t.id)],
);

/** SLA targets in working minutes per category × level ('city' | 'county'). */
export const hotlineSlaPolicies = pgTable(
  'hotline_sla_policies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    category: varchar('category', { length: 16 }).notNull(),
    level: varchar('level', { length: 8 }).notNull(),
    firstResponseMinutes: integer('first_response_minutes').notNull(),
    resolutionMinutes: integer('resolution_minutes').notNull(),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('hotline_sla_policies_unique').on(t.category, t.level)],
);

/**
 * Exceptions to the Monday–Friday week: public holidays (`holiday`, a weekday off) and adjusted
 * working days (`workday`, 调休: a Saturday or Sunday worked). Editable per year.
 */
export const hotlineCalendarDays = pgTable(
  'hotline_calendar_days',
  {
    day: date('day').primaryKey(),
    /** holiday | workday */
    kind: varchar('kind', { length: 8 }).notNull(),
    name: text('name').notNull(),
    updatedBy: uuid('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('hotline_calendar_days_kind_idx').on(t.kind, t.day)],
);
