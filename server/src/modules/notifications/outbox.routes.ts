import { desc, sql } from 'drizzle-orm';
import { OutboxListSchema, OutboxQuerySchema } from '../../../../contracts/notifications.ts';
import { notificationOutbox } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { App } from '../../lib/http.ts';
import { outboxEnabled } from '../../lib/notifier.ts';

/**
 * 发件箱: what the development/demo notifier (`outbox` provider) would have sent — verification
 * codes included — for the system administrator. With real providers it does not exist (404).
 */
export async function outboxRoutes(app: App) {
  app.get('/api/outbox', {
    config: { access: ['sysadmin'] },
    schema: { tags: ['system'], summary: '发件箱（开发/演示环境的短信和邮件）', querystring: OutboxQuerySchema, response: { 200: OutboxListSchema } },
    handler: async (req) => {
      if (!outboxEnabled(app.env)) throw new AppError('NOT_FOUND', 404, '发件箱仅在开发或演示环境（NOTIFIER_SMS/NOTIFIER_EMAIL=outbox）中可用');
      const db = app.database.db;
      const q = req.query;
      const [rows, [total]] = await Promise.all([
        db.select().from(notificationOutbox).orderBy(desc(notificationOutbox.createdAt)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
        db.select({ n: sql<number>`count(*)::int` }).from(notificationOutbox),
      ]);
      return {
        items: rows.map((r) => ({ id: r.id, channel: r.channel as 'sms', toMasked: r.toMasked, template: r.template, subject: r.subject, body: r.body, createdAt: r.createdAt.toISOString() })),
        total: total?.n ?? 0,
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  });
}
