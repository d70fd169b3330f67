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
