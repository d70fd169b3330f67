import { date, index, pgTable, text, timestamp, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { counties } from './counties.ts';

/**
 * A city-wide data-collection campaign (信息统计): the city issues a notice with a deadline, each
 * county submits its talents through the registry import (records tagged with the campaign) and
 * marks its submission done; the city reviews.
 */
export const collections = pgTable('collections', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: text('title').notNull(),
  notice: text('notice').notNull(),
  deadline: date('deadline').notNull(),
  status: varchar('status', { length: 12 }).notNull().default('open'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
});

/** One county's part in a campaign. */
export const collectionSubmissions = pgTable(
  'collection_submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    countyId: uuid('county_id')
      .notNull()
      .references(() => counties.id),
    /** pending → submitted → accepted | returned (returned goes back to pending-like editing). */
    status: varchar('status', { length: 12 }).notNull().default('pending'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: uuid('submitted_by'),
    note: text('note'),
    reviewNote: text('review_note'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by'),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }),
  },
  (t) => [unique('collection_submissions_unique').on(t.collectionId, t.countyId), index('collection_submissions_county_idx').on(t.countyId)],
);
