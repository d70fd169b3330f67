import { z } from 'zod';
import { IdParamSchema, OkSchema } from '../../../../contracts/common.ts';
import {
  AssignBodySchema,
  AssignmentListQuerySchema,
  AssignmentSchema,
  AssignResultSchema,
  ContactBodySchema,
  ContactSchema,
  FollowUpSchema,
  InspectionBodySchema,
  InspectionSchema,
  LeaderSchema,
  LedgerQuerySchema,
  NotificationSchema,
  ReassignBodySchema,
  ResolveBodySchema,
  RulesSchema,
  SupervisionSchema,
} from '../../../../contracts/liaison.ts';
import { ctxOf, type App } from '../../lib/http.ts';
import { ledgerDocx, ledgerHtml, ledgerXlsx } from './ledger.ts';
import { LIAISON_ALL, LIAISON_LEADER, LIAISON_OFFICE } from './liaison.policy.ts';
import {
  assign,
  createInspection,
  endAssignment,
  getRules,
  listAssignments,
  listContacts,
  listFollowUps,
  listInspections,
  listLeaders,
  logContact,
  myNotifications,
  myTalents,
  putRules,
  reassign,
  readNotification,
  resolveFollowUp,
  supervision,
} from './liaison.service.ts';

const tags = ['liaison'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const attachment = (ascii: string, name: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export async function liaisonRoutes(app: App) {
  app.get('/api/liaison/leaders', {
    config: { access: LIAISON_OFFICE },
    schema: { tags, summary: '联系领导列表（本县/全市）', response: { 200: z.array(LeaderSchema) } },
    handler: (req) => listLeaders(ctxOf(req)),
  });
  app.get('/api/liaison/assignments', {
    config: { access: LIAISON_ALL },
    schema: { tags, summary: '联系关系（含下次应联系日期）', querystring: AssignmentListQuerySchema, response: { 200: z.array(AssignmentSchema) } },
    handler: (req) => listAssignments(ctxOf(req), req.query),
  });
  app.post('/api/liaison/assignments', {
    config: { access: LIAISON_OFFICE },
    schema: { tags, summary: '分配联系对象（逐个或按筛选批量）', body: AssignBodySchema, response: { 200: AssignResultSchema } },
    handler: (req) => assign(ctxOf(req), req.body),
  });
  app.post('/api/liaison/assignments/:id/reassign', {
    config: { access: LIAISON_OFFICE },
    schema: { tags, summary: '调整联系领导（保留历史）', params: IdParamSchema, body: ReassignBodySchema, response: { 200: OkSchema } },
    handler: (req) => reassign(ctxOf(req), req.params.id, req.body.leaderId),
  });
  app.post('/api/liaison/assignments/:id/end', {
    config: { access: LIAISON_OFFICE },
    schema: { tags, summary: '结束联系关系', params: IdParamSchema, response: { 200: OkSchema } },
    handler: (req) => endAssignment(ctxOf(req), req.params.id),
  });
  app.get('/api/liaison/my', {
    config: { access: LIAISON_LEADER },
    schema: { tags, summary: '我的联系对象（按到期先后）', response: { 200: z.array(AssignmentSchema) } },
    handler: (req) => myTalents(ctxOf(req)),
  });
  app.get('/api/liaison/contacts', {
    config: { access: LIAISON_ALL },
    schema: { tags, summary: '联系记录', querystring: z.object({ leaderId: z.uuid().optional(), talentId: z.uuid().optional() }), response: { 200: z.array(ContactSchema) } },
    handler: (req) => listContacts(ctxOf(req), req.query),
  });
  app.post('/api/liaison/contacts', {
    config: { access: LIAISON_LEADER },
    schema: { tags, summary: '登记一次联系', body: ContactBodySchema, response: { 201: ContactSchema } },
    handler: async (req, reply) => reply.status(201).send(await logContact(ctxOf(req), req.body)),
  });
  app.get('/api/liaison/follow-ups', {
    config: { access: LIAISON_ALL },
    schema: { tags, summary: '反映问题跟进事项', querystring: z.object({ leaderId: z.uuid().optional(), status: z.enum(['open', 'solved']).optional() }), response: { 200: z.array(FollowUpSchema) } },
    handler: (req) => listFollowUps(ctxOf(req), req.query),
  });
  app.post('/api/liaison/follow-ups/:id/resolve', {
    config: { access: LIAISON_ALL },
    schema: { tags, summary: '跟进事项办结', params: IdParamSchema, body: ResolveBodySchema, response: { 200: FollowUpSchema } },
    handler: (req) => resolveFollowUp(ctxOf(req), req.params.id, req.body.resolution),
  });
  app.get('/api/liaison/supervision', {
    config: { access: LIAISON_OFFICE },
    schema: { tags, summary: '督导统计（按领导、按县）', response: { 200: SupervisionSchema } },
    handler: (req) => supervision(ctxOf(req)),
  });
  app.get('/api/liaison/inspections', {
    config: { access: LIAISON_OFFICE },
    schema: { tags, summary: '督导检查记录', response: { 200: z.array(InspectionSchema) } },
    handler: (req) => listInspections(ctxOf(req)),
  });
  app.post('/api/liaison/inspections', {
    config: { access: LIAISON_OFFICE },
    schema: { tags, summary: '登记督导检查', body: InspectionBodySchema, response: { 201: InspectionSchema } },
    handler: async (req, reply) => reply.status(201).send(await createInspection(ctxOf(req), req.body)),
  });
  app.get('/api/liaison/ledger.xlsx', {
    config: { access: LIAISON_ALL },
    schema: { tags, summary: '工作台账（Excel）', querystring: LedgerQuerySchema },
    handler: async (req, reply) => {
      const { buffer, title } = await ledgerXlsx(ctxOf(req), req.query);
      return reply.header('content-type', XLSX).header('content-disposition', attachment('ledger.xlsx', `${title}.xlsx`)).send(buffer);
    },
  });
  app.get('/api/liaison/ledger.docx', {
    config: { access: LIAISON_ALL },
    schema: {
      tags,
      summary: '工作台账（Word，A4 横向，可打印归档）',
      description: '与 Excel 台账同一范围与栏目：按领导（leaderId）或按县（countyId）；领导不传参数时为本人台账。',
      querystring: LedgerQuerySchema,
    },
    handler: async (req, reply) => {
      const { buffer, title } = await ledgerDocx(ctxOf(req), req.query);
      return reply.header('content-type', DOCX).header('content-disposition', attachment('ledger.docx', `${title}.docx`)).send(buffer);
    },
  });
  app.get('/api/liaison/ledger.html', {
    config: { access: LIAISON_ALL },
    schema: { tags, summary: '工作台账（打印版，可另存为 PDF）', querystring: LedgerQuerySchema },
    handler: async (req, reply) => reply.header('content-type', 'text/html; charset=utf-8').send(await ledgerHtml(ctxOf(req), req.query)),
  });
  app.get('/api/liaison/notifications', {
    config: { access: LIAISON_LEADER },
    schema: { tags, summary: '我的联系提醒', response: { 200: z.array(NotificationSchema) } },
    handler: (req) => myNotifications(ctxOf(req)),
  });
  app.post('/api/liaison/notifications/:id/read', {
    config: { access: LIAISON_LEADER },
    schema: { tags, summary: '标记提醒已读', params: IdParamSchema, response: { 200: OkSchema } },
    handler: (req) => readNotification(ctxOf(req), req.params.id),
  });
  app.get('/api/liaison/rules', {
    config: { access: LIAISON_OFFICE },
    schema: { tags, summary: '联系频次与节日规则', response: { 200: RulesSchema } },
    handler: (req) => getRules(ctxOf(req)),
  });
  app.put('/api/liaison/rules', {
    config: { access: ['city_admin'] },
    schema: { tags, summary: '设置联系频次与节日规则', body: RulesSchema, response: { 200: RulesSchema } },
    handler: (req) => putRules(ctxOf(req), req.body),
  });
}
