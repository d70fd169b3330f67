import { pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/** Out-of-town talent workstations (驻外人才工作站), hosted by chambers of commerce. */
export const outposts = pgTable('outposts', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  /** GB/T 2260 code of the city where the outpost sits. */
  divisionCode: varchar('division_code', { length: 6 }).notNull(),
  hostOrganisation: text('host_organisation'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
