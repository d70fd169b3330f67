import { and, count, desc, eq, gte, ilike, lte, type SQL } from 'drizzle-orm';
import { AuditEntrySchema, AuditQuerySchema } from '../../../../contracts/audit.ts';
import { pageOf } from '../../../../contracts/common.ts';
import { auditLog } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import { ctxOf, noStore, type App } from '../../lib/http.ts';
import { auditCheckRoutes } from './audit-checks.routes.ts';

/**
 * The audit log is read-only through the application: the list, and the chain-check results
 * (audit-checks.routes.ts). Nothing changes or removes a row.
 */
export async function auditRoutes(app: App) {
  await auditCheckRoutes(app);
  app.get('/api/audit', {
    config: { access: ['auditor'] },
    schema: {
      tags: ['audit'],
      summary: '审计日志（仅安全审计员）',
      querystring: AuditQuerySchema,
      response: { 200: pageOf(AuditEntrySchema) },
    },
    handler: async (req, reply) => {
      const ctx = ctxOf(req);
      const q = req.query;
      const where: SQL[] = [];
      if (q.actor) where.push(ilike(auditLog.actorName, `%${q.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
      if (q.action) where.push(eq(auditLog.action, q.action));
      if (q.from) where.push(gte(auditLog.at, q.from));
      if (q.to) where.push(lte(auditLog.at, q.to));
      const cond = where.length ? and(...where) : undefined;
      const [rows, [total]] = await Promise.all([
        ctx.db
          .select()
          .from(auditLog)
          .where(cond)
          .orderBy(desc(auditLog.id))
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
        ctx.db.select({ n: count() }).from(auditLog).where(cond),
      ]);
      // Reading the log is itself an audited act (等保: the auditor's actions are recorded too).
      if (q.page === 1) {
        await appendAudit(ctx.db, {
          action: 'audit.view',
          actorId: ctx.user.id,
          actorName: ctx.user.username,
          ip: ctx.ip,
          detail: { filter: { actor: q.actor, action: q.action, from: q.from, to: q.to } },
        });
      }
      noStore(reply);
      return {
        items: rows.map((r) => ({
          id: r.id,
          at: new Date(r.at).toISOString(),
          actorId: r.actorId,
          actorName: r.actorName,
          action: r.action,
          outcome: r.outcome,
          targetType: r.targetType,
          targetId: r.targetId,
          ip: r.ip,
          detail: r.detail as Record<string, unknown>,
        })),
        total: total?.n ?? 0,
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  });
}
