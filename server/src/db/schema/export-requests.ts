import { index, integer, jsonb, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { users } from './users.ts';

/**
 * Requests for an unmasked talent export (ID numbers and phones in clear). A city_admin other
 * than the requester approves or rejects; an approved request can be used once, by the requester,
 * before `expires_at`. `filter` is the registry filter (contracts TalentFilterSchema) the export
 * will use; `row_count` is how many records it matched in the requester's scope when requested.
 */
export const exportRequests = pgTable(
  'export_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    filter: jsonb('filter').notNull(),
    reason: text('reason').notNull(),
    /** pending → approved | rejected; approved → used | expired. */
    status: varchar('status', { length: 12 }).notNull().default('pending'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    rowCount: integer('row_count'),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('export_requests_status_idx').on(t.status, t.createdAt),
    index('export_requests_requester_idx').on(t.requestedBy, t.createdAt),
  ],
);
