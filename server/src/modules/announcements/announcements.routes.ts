import {
  AnnouncementBodySchema,
  AnnouncementListQuerySchema,
  AnnouncementListSchema,
  AnnouncementSchema,
  PatchAnnouncementBodySchema,
  PublicAnnouncementListSchema,
  PublicAnnouncementQuerySchema,
  PublicAnnouncementSchema,
  VersionBodySchema,
} from '../../../../contracts/announcements.ts';
import { IdParamSchema, OkSchema } from '../../../../contracts/common.ts';
import { ctxOf, type App } from '../../lib/http.ts';
import {
  createAnnouncement,
  deleteAnnouncement,
  getAnnouncement,
  getPublished,
  listAnnouncements,
  listPublished,
  patchAnnouncement,
  publishAnnouncement,
  unpublishAnnouncement,
} from './announcements.service.ts';

const tags = ['announcements'];
/** The city talent office publishes on the portal. */
const EDITORS = ['city_admin'] as const;

export async function announcementsRoutes(app: App) {
  app.get('/api/announcements', {
    config: { access: EDITORS },
    schema: { tags, summary: '公告管理列表（含草稿）', querystring: AnnouncementListQuerySchema, response: { 200: AnnouncementListSchema } },
    handler: (req) => listAnnouncements(ctxOf(req), req.query),
  });
  app.post('/api/announcements', {
    config: { access: EDITORS },
    schema: { tags, summary: '新建公告（草稿）', body: AnnouncementBodySchema, response: { 201: AnnouncementSchema } },
    handler: async (req, reply) => reply.status(201).send(await createAnnouncement(ctxOf(req), req.body)),
  });
  app.get('/api/announcements/:id', {
    config: { access: EDITORS },
    schema: { tags, summary: '公告详情', params: IdParamSchema, response: { 200: AnnouncementSchema } },
    handler: (req) => getAnnouncement(ctxOf(req), req.params.id),
  });
  app.patch('/api/announcements/:id', {
    config: { access: EDITORS },
    schema: { tags, summary: '修改公告', params: IdParamSchema, body: PatchAnnouncementBodySchema, response: { 200: AnnouncementSchema } },
    handler: (req) => patchAnnouncement(ctxOf(req), req.params.id, req.body),
  });
  app.post('/api/announcements/:id/publish', {
    config: { access: EDITORS },
    schema: { tags, summary: '发布公告', params: IdParamSchema, body: VersionBodySchema, response: { 200: AnnouncementSchema } },
    handler: (req) => publishAnnouncement(ctxOf(req), req.params.id, req.body.version),
  });
  app.post('/api/announcements/:id/unpublish', {
    config: { access: EDITORS },
    schema: { tags, summary: '撤回发布', params: IdParamSchema, body: VersionBodySchema, response: { 200: AnnouncementSchema } },
    handler: (req) => unpublishAnnouncement(ctxOf(req), req.params.id, req.body.version),
  });
  app.delete('/api/announcements/:id', {
    config: { access: EDITORS },
    schema: { tags, summary: '删除草稿', params: IdParamSchema, response: { 200: OkSchema } },
    handler: async (req) => {
      await deleteAnnouncement(ctxOf(req), req.params.id);
      return { ok: true as const };
    },
  });

  app.get('/api/portal/announcements', {
    config: { access: 'public' },
    schema: { tags, summary: '已发布的公告资讯（门户）', querystring: PublicAnnouncementQuerySchema, response: { 200: PublicAnnouncementListSchema } },
    handler: (req) => listPublished(app.database.db, req.query),
  });
  app.get('/api/portal/announcements/:id', {
    config: { access: 'public' },
    schema: { tags, summary: '公告正文（门户）', params: IdParamSchema, response: { 200: PublicAnnouncementSchema } },
    handler: (req) => getPublished(app.database.db, req.params.id),
  });
}

