import { boolean, date, index, integer, pgTable, text, timestamp, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { counties } from './counties.ts';
import { liaisonAssignments, talents } from './talents.ts';
import { users } from './users.ts';

/**
 * Leaders' liaison (领导联系服务). Assignments live in `liaison_assignments` (talents.ts), one row
 * per leader-talent period: reassignment ends the old row (active=false, ended_at/ended_by) and
 * starts a new one, so the history is kept.
 */

/** Minimum contact frequency per talent tier ('*' = every tier without its own row). Default: 3 months. */
export const liaisonFrequencyRules = pgTable('liaison_frequency_rules', {
  tier: varchar('tier', { length: 1 }).primaryKey(),
  intervalMonths: integer('interval_months').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Festival greetings besides the built-in 春节/中秋 (due.ts): a dated festival and its window. */
export const liaisonFestivals = pgTable('liaison_festivals', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  day: date('day').notNull(),
  windowBefore: integer('window_before').notNull().default(7),
  windowAfter: integer('window_after').notNull().default(7),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One contact a leader made with an assigned talent. */
export const liaisonContacts = pgTable(
  'liaison_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => liaisonAssignments.id),
    talentId: uuid('talent_id')
      .notNull()
      .references(() => talents.id),
    leaderId: uuid('leader_id')
      .notNull()
      .references(() => users.id),
    /** 电话 短信 邮件 微信 节日慰问 实地走访 座谈 */
    channel: varchar('channel', { length: 8 }).notNull(),
    contactDate: date('contact_date').notNull(),
    summary: text('summary').notNull(),
    problems: text('problems'),
    followUpNeeded: boolean('follow_up_needed').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('liaison_contacts_assignment_idx').on(t.assignmentId, t.contactDate), index('liaison_contacts_leader_idx').on(t.leaderId, t.contactDate)],
);

/** A problem a talent raised, tracked to resolution. */
export const liaisonFollowUps = pgTable(
  'liaison_follow_ups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => liaisonContacts.id),
    talentId: uuid('talent_id').notNull(),
    leaderId: uuid('leader_id').notNull(),
    problem: text('problem').notNull(),
    owner: text('owner').notNull(),
    dueDate: date('due_date').notNull(),
    /** open | solved */
    status: varchar('status', { length: 8 }).notNull().default('open'),
    resolution: text('resolution'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('liaison_follow_ups_leader_idx').on(t.leaderId, t.status)],
);

/** 督导检查: a supervisor's inspection of a county's (or one leader's) liaison work. */
export const liaisonInspections = pgTable('liaison_inspections', {
  id: uuid('id').primaryKey().defaultRandom(),
  countyId: uuid('county_id')
    .notNull()
    .references(() => counties.id),
  leaderId: uuid('leader_id').references(() => users.id),
  inspectedOn: date('inspected_on').notNull(),
  inspector: text('inspector').notNull(),
  findings: text('findings').notNull(),
  rectificationDeadline: date('rectification_deadline'),
  rectifiedAt: timestamp('rectified_at', { withTimezone: true }),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** In-app reminders (a week before due, on due, overdue); one per assignment, kind and due date. */
export const liaisonNotifications = pgTable(
  'liaison_notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    assignmentId: uuid('assignment_id').notNull(),
    talentId: uuid('talent_id').notNull(),
    /** week_before | due | overdue */
    kind: varchar('kind', { length: 12 }).notNull(),
    dueDate: date('due_date').notNull(),
    text: text('text').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('liaison_notifications_once').on(t.assignmentId, t.kind, t.dueDate), index('liaison_notifications_user_idx').on(t.userId, t.createdAt)],
);
