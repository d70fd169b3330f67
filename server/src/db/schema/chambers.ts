import { boolean, integer, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { outposts } from './outposts.ts';
import { talents } from './talents.ts';

/** Out-of-town chambers of commerce (异地商会), a list the city maintains; some host an outpost. */
export const chambers = pgTable('chambers', {
  id: uuid('id').primaryKey().defaultRandom(),
  version: integer('version').notNull().default(1),
  name: text('name').notNull().unique(),
  /** GB/T 2260 code of the city where the chamber sits. */
  divisionCode: varchar('division_code', { length: 6 }),
  outpostId: uuid('outpost_id').references(() => outposts.id),
  contact: text('contact'),
  active: boolean('active').notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The chamber a talent says they belong to (商会会员), stated on the portal. */
export const chamberMembers = pgTable('chamber_members', {
  talentId: uuid('talent_id')
    .primaryKey()
    .references(() => talents.id),
  chamberId: uuid('chamber_id')
    .notNull()
    .references(() => chambers.id),
  /** portal | staff */
  source: varchar('source', { length: 8 }).notNull(),
  statedAt: timestamp('stated_at', { withTimezone: true }).notNull().defaultNow(),
});
