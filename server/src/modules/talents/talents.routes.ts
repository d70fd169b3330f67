import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { IdParamSchema, OkSchema } from '../../../../contracts/common.ts';
import {
  CreateSavedViewBodySchema,
  CreateTalentBodySchema,
  PatchTalentBodySchema,
  SavedViewSchema,
  TalentHistoryEntrySchema,
  TalentListQuerySchema,
  TalentListSchema,
  TalentSchema,
} from '../../../../contracts/talents.ts';
import { talentSavedViews } from '../../db/schema/index.ts';
import { notFound } from '../../lib/errors.ts';
import { ctxOf, noStore, type App } from '../../lib/http.ts';
import { loadTiers } from './talent-lookups.ts';
import { PII_VIEWERS, TALENT_READERS, TALENT_WRITERS } from './talents.policy.ts';
import { listTalents } from './talents.search.ts';
import { createTalent, getTalent, patchTalent, revealTalent, talentHistoryOf } from './talents.service.ts';

const tags = ['talents'];

export async function talentsRoutes(app: App) {
  app.get('/api/talents', {
    config: { access: TALENT_READERS },
    schema: { tags, summary: '人才查询（关键词、筛选、分面统计、排序、分页）', querystring: TalentListQuerySchema, response: { 200: TalentListSchema } },
    handler: (req) => listTalents(ctxOf(req), req.query),
  });
  app.post('/api/talents', {
    config: { access: TALENT_WRITERS },
    schema: { tags, summary: '新增人才', body: CreateTalentBodySchema, response: { 201: TalentSchema } },
    handler: async (req, reply) => reply.status(201).send(await createTalent(ctxOf(req), req.body)),
  });
  app.get('/api/talents/tiers', {
    config: { access: TALENT_READERS },
    schema: { tags, summary: '人才层级（可配置）', response: { 200: z.array(z.object({ code: z.string(), name: z.string(), criteria: z.string() })) } },
    handler: () => loadTiers(app.database.db),
  });
  app.get('/api/talents/:id', {
    config: { access: TALENT_READERS },
    schema: { tags, summary: '人才详情（敏感字段脱敏）', params: IdParamSchema, response: { 200: TalentSchema } },
    handler: (req) => getTalent(ctxOf(req), req.params.id),
  });
  app.patch('/api/talents/:id', {
    config: { access: TALENT_WRITERS },
    schema: { tags, summary: '修改人才（带版本号，过期写入返回 409）', params: IdParamSchema, body: PatchTalentBodySchema, response: { 200: TalentSchema } },
    handler: (req) => patchTalent(ctxOf(req), req.params.id, req.body),
  });
  app.get('/api/talents/:id/history', {
    config: { access: TALENT_READERS },
    schema: { tags, summary: '人才变更历史', params: IdParamSchema, response: { 200: z.array(TalentHistoryEntrySchema) } },
    handler: (req) => talentHistoryOf(ctxOf(req), req.params.id),
  });
  app.post('/api/talents/:id/reveal', {
    config: { access: PII_VIEWERS },
    schema: { tags, summary: '查看完整证件号码和电话（记入审计）', params: IdParamSchema, response: { 200: z.object({ idNumber: z.string().nullable(), phones: z.array(z.string()) }) } },
    handler: async (req, reply) => {
      noStore(reply);
      return revealTalent(ctxOf(req), req.params.id);
    },
  });

  // Saved views: per user, so only the owner's rows are ever touched.
  app.get('/api/talent-views', {
    config: { access: TALENT_READERS },
    schema: { tags, summary: '我的保存视图', response: { 200: z.array(SavedViewSchema) } },
    handler: async (req) => {
      const ctx = ctxOf(req);
      const rows = await ctx.db.select().from(talentSavedViews).where(eq(talentSavedViews.userId, ctx.user.id)).orderBy(desc(talentSavedViews.createdAt));
      return rows.map((r) => ({ id: r.id, name: r.name, query: r.query as Record<string, unknown>, createdAt: r.createdAt.toISOString() }));
    },
  });
  app.post('/api/talent-views', {
    config: { access: TALENT_READERS },
    schema: { tags, summary: '保存视图', body: CreateSavedViewBodySchema, response: { 201: SavedViewSchema } },
    handler: async (req, reply) => {
      const ctx = ctxOf(req);
      const [r] = await ctx.db.insert(talentSavedViews).values({ userId: ctx.user.id, name: req.body.name, query: req.body.query }).returning();
      return reply.status(201).send({ id: r!.id, name: r!.name, query: r!.query as Record<string, unknown>, createdAt: r!.createdAt.toISOString() });
    },
  });
  app.delete('/api/talent-views/:id', {
    config: { access: TALENT_READERS },
    schema: { tags, summary: '删除保存视图', params: IdParamSchema, response: { 200: OkSchema } },
    handler: async (req) => {
      const ctx = ctxOf(req);
      const del = await ctx.db.delete(talentSavedViews).where(and(eq(talentSavedViews.id, req.params.id), eq(talentSavedViews.userId, ctx.user.id))).returning({ id: talentSavedViews.id });
      if (!del.length) throw notFound('视图');
      return { ok: true as const };
    },
  });
}
