import { PassThrough } from 'node:stream';
import { IdParamSchema } from '../../../../../contracts/common.ts';
import {
  CreateExportRequestBodySchema,
  DecideExportRequestBodySchema,
  ExportRequestListQuerySchema,
  ExportRequestListSchema,
  ExportRequestSchema,
  TalentExportQuerySchema,
} from '../../../../../contracts/talent-export.ts';
import { ctxOf, type App } from '../../../lib/http.ts';
import {
  claimExportRequest,
  createExportRequest,
  decideExportRequest,
  getExportRequest,
  listExportRequests,
} from './export-requests.service.ts';
import { asExporter, EXPORT_APPROVERS, EXPORTERS } from './export.policy.ts';
import { writeTalentExport, type ExportPlan } from './export.stream.ts';

const tags = ['talents'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function attachment(masked: boolean): string {
  const day = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).replace(/-/g, '');
  const name = `人才信息${masked ? '' : '（未脱敏）'}_${day}.xlsx`;
  return `attachment; filename="talents_${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function talentExportRoutes(app: App) {
  app.get('/api/talents/export', {
    config: { access: EXPORTERS },
    schema: {
      tags,
      summary: '导出人才（xlsx，默认脱敏；带已批准的 exportRequestId 时按申请的筛选条件导出未脱敏数据，仅一次）',
      querystring: TalentExportQuerySchema,
    },
    handler: async (req, reply) => {
      const ctx = asExporter(ctxOf(req));
      const { exportRequestId, ...filter } = req.query;
      const plan: ExportPlan = exportRequestId
        ? { filter: await claimExportRequest(ctx, exportRequestId), masked: false, exportRequestId }
        : { filter, masked: true, exportRequestId: null };
      const out = new PassThrough();
      writeTalentExport(ctx, plan, out).catch((err: unknown) => req.log.error({ err }, 'talent export: audit write failed'));
      return reply.header('content-type', XLSX).header('content-disposition', attachment(plan.masked)).send(out);
    },
  });

  app.post('/api/talents/export-requests', {
    config: { access: EXPORTERS },
    schema: { tags, summary: '申请导出未脱敏数据（需市委人才办其他管理员审批）', body: CreateExportRequestBodySchema, response: { 201: ExportRequestSchema } },
    handler: async (req, reply) => reply.status(201).send(await createExportRequest(ctxOf(req), req.body)),
  });
  app.get('/api/talents/export-requests', {
    config: { access: EXPORTERS },
    schema: { tags, summary: '导出申请列表（市委人才办看全部，其他人看本人的）', querystring: ExportRequestListQuerySchema, response: { 200: ExportRequestListSchema } },
    handler: (req) => listExportRequests(ctxOf(req), req.query),
  });
  app.get('/api/talents/export-requests/:id', {
    config: { access: EXPORTERS },
    schema: { tags, summary: '导出申请详情', params: IdParamSchema, response: { 200: ExportRequestSchema } },
    handler: (req) => getExportRequest(ctxOf(req), req.params.id),
  });
  for (const decision of ['approve', 'reject'] as const) {
    app.post(`/api/talents/export-requests/:id/${decision}`, {
      config: { access: EXPORT_APPROVERS },
      schema: {
        tags,
        summary: decision === 'approve' ? '批准导出申请（不能审批本人的申请）' : '驳回导出申请（须填写意见）',
        params: IdParamSchema,
        body: DecideExportRequestBodySchema,
        response: { 200: ExportRequestSchema },
      },
      handler: (req) => decideExportRequest(ctxOf(req), req.params.id, decision, req.body?.note),
    });
  }
}
