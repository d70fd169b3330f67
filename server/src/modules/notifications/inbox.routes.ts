import { IdParamSchema, OkSchema } from '../../../../contracts/common.ts';
import { InboxQuerySchema, InboxSchema, ReadAllResultSchema } from '../../../../contracts/notifications.ts';
import { ctxOf, type App } from '../../lib/http.ts';
import { inbox, markAllRead, markRead } from './inbox.service.ts';

/** The header bell: every signed-in staff user reads and marks their own notifications. */
export async function inboxRoutes(app: App) {
  const tags = ['notifications'];
  app.get('/api/notifications', {
    config: { access: 'authenticated' },
    schema: { tags, summary: '我的通知（最近若干条与未读数）', querystring: InboxQuerySchema, response: { 200: InboxSchema } },
    handler: (req) => inbox(ctxOf(req), req.query),
  });
  app.post('/api/notifications/read-all', {
    config: { access: 'authenticated' },
    schema: { tags, summary: '全部标为已读', response: { 200: ReadAllResultSchema } },
    handler: (req) => markAllRead(ctxOf(req)),
  });
  app.post('/api/notifications/:id/read', {
    config: { access: 'authenticated' },
    schema: { tags, summary: '标为已读', params: IdParamSchema, response: { 200: OkSchema } },
    handler: (req) => markRead(ctxOf(req), req.params.id),
  });
}
