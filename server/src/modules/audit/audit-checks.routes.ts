import { AuditCheckRequestedSchema, AuditChecksViewSchema } from '../../../../contracts/audit.ts';
import { ctxOf, noStore, type App } from '../../lib/http.ts';
import { listAuditChecks, requestAuditCheck } from './audit-checks.ts';

/** The chain check results (auditor only) and "check now". */
export async function auditCheckRoutes(app: App) {
  app.get('/api/audit/checks', {
    config: { access: ['auditor'] },
    schema: { tags: ['audit'], summary: '审计日志完整性校验结果（每日自动校验及手动校验）', response: { 200: AuditChecksViewSchema } },
    handler: async (req, reply) => {
      noStore(reply);
      return listAuditChecks(ctxOf(req).db);
    },
  });
  app.post('/api/audit/checks', {
    config: { access: ['auditor'] },
    schema: { tags: ['audit'], summary: '立即校验审计日志完整性（排队执行）', response: { 202: AuditCheckRequestedSchema } },
    handler: async (req, reply) => {
      const ctx = ctxOf(req);
      return reply.status(202).send({ jobId: await requestAuditCheck(ctx.db, ctx.user) });
    },
  });
}
