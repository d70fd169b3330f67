import { index, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * Messages sent through lib/notifier.ts by the development/demo provider `outbox`: written here
 * (and to the server log) instead of leaving the system, shown to the system administrator on the
 * 发件箱 page. Real providers do not write here. The recipient is kept masked only.
 */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** sms | email */
    channel: varchar('channel', { length: 8 }).notNull(),
    toMasked: text('to_masked').notNull(),
    template: text('template').notNull(),
    subject: text('subject'),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notification_outbox_created_idx').on(t.createdAt)],
);
