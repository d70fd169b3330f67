import { z } from 'zod';
import { PageQuerySchema } from './common.ts';

/** The development/demo outbox of lib/notifier.ts (发件箱). */
export const OutboxItemSchema = z.object({
  id: z.uuid(),
  channel: z.enum(['sms', 'email']),
  toMasked: z.string(),
  template: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  createdAt: z.string(),
});
export const OutboxListSchema = z.object({ items: z.array(OutboxItemSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export const OutboxQuerySchema = PageQuerySchema;

/**
 * In-app notifications of the signed-in staff user (the header bell). Today they come from the
 * leaders' liaison reminders; `link` is the page the notification is about, if any.
 */
export const InboxItemSchema = z.object({
  id: z.uuid(),
  source: z.enum(['liaison']),
  kind: z.string(),
  /** Short Chinese label of the kind (到期提醒, 超期提醒 …). */
  kindLabel: z.string(),
  text: z.string(),
  link: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type InboxItem = z.infer<typeof InboxItemSchema>;
export const InboxSchema = z.object({ items: z.array(InboxItemSchema), unread: z.number().int() });
export type Inbox = z.infer<typeof InboxSchema>;
export const InboxQuerySchema = z.object({
  limit: z.coerce.number({ error: '条数须为数字' }).int('条数须为整数').min(1, '条数至少为 1').max(50, '条数最多为 50').default(20),
});
export const ReadAllResultSchema = z.object({ updated: z.number().int() });
