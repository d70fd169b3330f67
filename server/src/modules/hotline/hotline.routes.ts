import { z } from 'zod';
import { IdParamSchema, PageQuerySchema, pageOf } from '../../../../contracts/common.ts';
import {
  AcceptBodySchema, AnswerBodySchema, AssignBodySchema, CancelBodySchema, CloseBodySchema, CollectTalentBodySchema, CollectTalentResultSchema,
  CreateCaseBodySchema, FollowUpBodySchema, HOTLINE_STAFF, HotlineCaseDetailSchema, HotlineCaseSchema, ListCasesQuerySchema, LookupQuerySchema,
  LookupResultSchema, NoteBodySchema, ReopenBodySchema, ResumeBodySchema, StaffOptionSchema, TransferBodySchema, WaitBodySchema,
} from '../../../../contracts/hotline.ts';
import { ctxOf, type App } from '../../lib/http.ts';
import {
  acceptCase, answerCase, assignCase, cancelCase, closeCase, followUpCase, noteCase, reopenCase, resumeCase, transferCase, waitForCaller,
} from './case-actions.ts';
import { listCases, listEscalations, listStaff, lookupCaller } from './case-queries.ts';
import { collectTalent } from './collect-talent.ts';
import { createCase, getCase } from './hotline.service.ts';

const tags = ['hotline'];
const access = HOTLINE_STAFF;
const Detail = { 200: HotlineCaseDetailSchema };

export async function hotlineRoutes(app: App) {
  app.get('/api/hotline/lookup', {
    config: { access },
    schema: { tags, summary: '来电号码查询：匹配的人才（脱敏）与历史诉求', querystring: LookupQuerySchema, response: { 200: LookupResultSchema } },
    handler: (req) => lookupCaller(ctxOf(req), req.query.phone),
  });
  app.get('/api/hotline/cases', {
    config: { access },
    schema: { tags, summary: '诉求列表（本层级范围内）', querystring: ListCasesQuerySchema, response: { 200: pageOf(HotlineCaseSchema) } },
    handler: (req) => listCases(ctxOf(req), req.query),
  });
  app.post('/api/hotline/cases', {
    config: { access },
    schema: { tags, summary: '登记诉求（来电、来访等）', body: CreateCaseBodySchema, response: { 201: HotlineCaseDetailSchema } },
    handler: async (req, reply) => {
      const ctx = ctxOf(req);
      const { id } = await createCase(ctx.db, ctx, req.body);
      return reply.status(201).send(await getCase(ctx, id));
    },
  });
  app.get('/api/hotline/cases/:id', {
    config: { access },
    schema: { tags, summary: '诉求详情与办理记录', params: IdParamSchema, response: Detail },
    handler: (req) => getCase(ctxOf(req), req.params.id),
  });
  const action = <S extends z.ZodTypeAny>(path: string, summary: string, body: S, fn: (ctx: ReturnType<typeof ctxOf>, id: string, b: z.infer<S>) => Promise<unknown>) =>
    app.post(`/api/hotline/cases/:id/${path}`, {
      config: { access },
      schema: { tags, summary, params: IdParamSchema, body, response: Detail },
      handler: (req) => fn(ctxOf(req), (req.params as { id: string }).id, req.body as z.infer<S>) as never,
    });
  action('accept', '受理（首次响应）', AcceptBodySchema, acceptCase);
  action('transfer', '转办到市或县（市、区）热线', TransferBodySchema, transferCase);
  action('assign', '指派承办人', AssignBodySchema, assignCase);
  action('wait', '等待来电人（暂停计时）', WaitBodySchema, waitForCaller);
  action('resume', '恢复办理（继续计时）', ResumeBodySchema, resumeCase);
  action('answer', '答复来电人（转待回访）', AnswerBodySchema, answerCase);
  action('close', '办结并记录办理结果', CloseBodySchema, closeCase);
  action('cancel', '撤销', CancelBodySchema, cancelCase);
  action('follow-up', '回访（满意度）', FollowUpBodySchema, followUpCase);
  action('reopen', '重新办理', ReopenBodySchema, reopenCase);
  action('notes', '添加办理备注', NoteBodySchema, noteCase);
  app.post('/api/hotline/cases/:id/talent', {
    config: { access },
    schema: { tags, summary: '信息收集：按人才库查重规则登记或更新来电人（来源：返乡热线）', params: IdParamSchema, body: CollectTalentBodySchema, response: { 200: CollectTalentResultSchema } },
    handler: (req) => collectTalent(ctxOf(req), req.params.id, req.body),
  });
  app.get('/api/hotline/escalations', {
    config: { access },
    schema: { tags, summary: '超时督办清单', querystring: PageQuerySchema, response: { 200: pageOf(HotlineCaseSchema) } },
    handler: (req) => listEscalations(ctxOf(req), req.query),
  });
  app.get('/api/hotline/staff', {
    config: { access },
    schema: { tags, summary: '可指派的热线人员', querystring: z.object({ level: z.string().max(40).optional() }), response: { 200: z.array(StaffOptionSchema) } },
    handler: (req) => listStaff(ctxOf(req), req.query.level),
  });
}
