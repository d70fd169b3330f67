import { IdParamSchema, PageQuerySchema } from '../../../../../contracts/common.ts';
import {
  ImportCreatedSchema,
  ImportDecisionsBodySchema,
  ImportDecisionsResultSchema,
  ImportListSchema,
  ImportMatchListSchema,
  ImportMatchQuerySchema,
  ImportStatusSchema,
} from '../../../../../contracts/imports.ts';
import { registerJobHandler } from '../../../lib/jobs.ts';
import { ctxOf, noStore, type App } from '../../../lib/http.ts';
import { runCommitJob, runRefreshTalentStatsJob } from './commit.job.ts';
import { errorsWorkbook } from './errors-file.ts';
import { commitImport, createImport, decideImport, getImport, listImports, listMatches } from './import.service.ts';
import { runPreviewJob } from './preview.job.ts';
import { IMPORTERS, JOB_COMMIT, JOB_PREVIEW, JOB_REFRESH_STATS } from './staged.ts';
import { buildTemplate } from './template.ts';
import { receiveUpload } from './upload.ts';

registerJobHandler(JOB_PREVIEW, runPreviewJob);
registerJobHandler(JOB_COMMIT, runCommitJob);
registerJobHandler(JOB_REFRESH_STATS, runRefreshTalentStatsJob);

const tags = ['talents'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (name: string) => `attachment; filename="import.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;

export async function talentImportRoutes(app: App) {
  app.get('/api/talents/imports/template.xlsx', {
    config: { access: IMPORTERS },
    schema: { tags, summary: '下载人才导入模板（含下拉字典）' },
    handler: async (req, reply) => {
      const buf = await buildTemplate(ctxOf(req).db);
      return reply.type(XLSX).header('content-disposition', attachment('人才信息导入模板.xlsx')).send(buf);
    },
  });
  app.post('/api/talents/imports', {
    config: { access: IMPORTERS },
    schema: {
      tags,
      summary: '上传人才表格（multipart：file，mode=preview|commit，可选 campaignId），返回导入 ID',
      consumes: ['multipart/form-data'],
      response: { 202: ImportCreatedSchema },
    },
    handler: async (req, reply) => {
      const ctx = ctxOf(req);
      const upload = await receiveUpload(req, ctx.env);
      return reply.status(202).send(await createImport(ctx, upload));
    },
  });
  app.get('/api/talents/imports', {
    config: { access: IMPORTERS },
    schema: { tags, summary: '我的导入记录', querystring: PageQuerySchema, response: { 200: ImportListSchema } },
    handler: (req) => listImports(ctxOf(req), req.query.page, req.query.pageSize),
  });
  app.get('/api/talents/imports/:id', {
    config: { access: IMPORTERS },
    schema: { tags, summary: '导入进度与报告', params: IdParamSchema, response: { 200: ImportStatusSchema } },
    handler: (req) => getImport(ctxOf(req), req.params.id),
  });
  app.get('/api/talents/imports/:id/matches', {
    config: { access: IMPORTERS },
    schema: { tags, summary: '预览：与已有记录或文件内其他行匹配的行', params: IdParamSchema, querystring: ImportMatchQuerySchema, response: { 200: ImportMatchListSchema } },
    handler: (req) => listMatches(ctxOf(req), req.params.id, req.query.page, req.query.pageSize),
  });
  app.post('/api/talents/imports/:id/decisions', {
    config: { access: IMPORTERS },
    schema: { tags, summary: '预览：逐行或全部选择新增 / 更新 / 跳过', params: IdParamSchema, body: ImportDecisionsBodySchema, response: { 200: ImportDecisionsResultSchema } },
    handler: (req) => decideImport(ctxOf(req), req.params.id, req.body),
  });
  app.post('/api/talents/imports/:id/commit', {
    config: { access: IMPORTERS },
    schema: { tags, summary: '提交已预览的导入（全部成功或全部不写入）', params: IdParamSchema, response: { 202: ImportCreatedSchema } },
    handler: async (req, reply) => reply.status(202).send(await commitImport(ctxOf(req), req.params.id)),
  });
  app.get('/api/talents/imports/:id/errors.xlsx', {
    config: { access: IMPORTERS },
    schema: { tags, summary: '下载错误数据（标注原因，可修改后重新上传）', params: IdParamSchema },
    handler: async (req, reply) => {
      const { fileName, stream } = await errorsWorkbook(ctxOf(req), req.params.id);
      noStore(reply);
      return reply.type(XLSX).header('content-disposition', attachment(fileName)).send(stream);
    },
  });
}
