import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { talents } from './talents.ts';
import { users } from './users.ts';

/**
 * Pairs a user marked "不是同一人" on the duplicates page, so they are not suggested again.
 * The pair is stored in canonical order (`talent_a` < `talent_b`).
 */
export const talentDuplicateDismissals = pgTable(
  'talent_duplicate_dismissals',
  {
    talentA: uuid('talent_a')
      .notNull()
      .references(() => talents.id),
    talentB: uuid('talent_b')
      .notNull()
      .references(() => talents.id),
    dismissedBy: uuid('dismissed_by').references(() => users.id),
    dismissedAt: timestamp('dismissed_at', { withTimezone: true }).notNull().defaultNow(),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.talentA, t.talentB] }), index('talent_duplicate_dismissals_b_idx').on(t.talentB)],
);
