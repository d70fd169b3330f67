import { boolean, integer, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * The counties/districts (县（市、区）) of the home city. Data, not code: set on first run and
 * edited by a city_admin. `code` is the GB/T 2260 division code when the county has one.
 */
export const counties = pgTable('counties', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: varchar('code', { length: 6 }).unique(),
  name: text('name').notNull().unique(),
  sortOrder: integer('sort_order').notNull().default(0),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
