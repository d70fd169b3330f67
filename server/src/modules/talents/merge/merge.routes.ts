import { OkSchema } from '../../../../../contracts/common.ts';
import {
  DismissDuplicateBodySchema,
  DuplicateListQuerySchema,
  DuplicateListSchema,
  MergeBodySchema,
  MergeResultSchema,
} from '../../../../../contracts/talent-merge.ts';
import { ctxOf, type App } from '../../../lib/http.ts';
import { dismissDuplicate, listDuplicates, restoreDuplicate } from './duplicates.service.ts';
import { MERGERS } from './merge.policy.ts';
import { mergeTalents } from './merge.service.ts';

const tags = ['talents'];

export async function talentMergeRoutes(app: App) {
  app.get('/api/talents/duplicates', {
    config: { access: MERGERS },
    schema: { tags, summary: '疑似重复人才（本人权限范围内，按相似度排序）', querystring: DuplicateListQuerySchema, response: { 200: DuplicateListSchema } },
    handler: (req) => listDuplicates(ctxOf(req), req.query),
  });
  app.post('/api/talents/duplicates/dismiss', {
    config: { access: MERGERS },
    schema: { tags, summary: '标记“不是同一人”（不再提示这一对）', body: DismissDuplicateBodySchema, response: { 200: OkSchema } },
    handler: (req) => dismissDuplicate(ctxOf(req), req.body),
  });
  app.post('/api/talents/duplicates/restore', {
    config: { access: MERGERS },
    schema: { tags, summary: '撤销“不是同一人”标记', body: DismissDuplicateBodySchema, response: { 200: OkSchema } },
    handler: (req) => restoreDuplicate(ctxOf(req), req.body),
  });
  app.post('/api/talents/merge', {
    config: { access: MERGERS },
    schema: { tags, summary: '合并两条人才记录（逐字段选择；电话、荣誉、标签取并集；带版本号）', body: MergeBodySchema, response: { 200: MergeResultSchema } },
    handler: (req) => mergeTalents(ctxOf(req), req.body),
  });
}
