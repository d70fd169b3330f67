import { and, count, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import {
  EXPORT_APPROVAL_TTL_HOURS,
  type CreateExportRequestBodySchema,
  type ExportRequest,
  type ExportRequestListQuerySchema,
  type ExportRequestStatus,
} from '../../../../../contracts/talent-export.ts';
import { TalentFilterSchema, type TalentFilter } from '../../../../../contracts/talents.ts';
import type { Db } from '../../../db/client.ts';
import { exportRequests, talents, users } from '../../../db/schema/index.ts';
import { appendAudit } from '../../../lib/audit.ts';
import { hasRole, type Ctx } from '../../../lib/context.ts';
import { conflict, forbidden, invalid, notFound } from '../../../lib/errors.ts';
import { loadNameMaps, loadTiers } from '../talent-lookups.ts';
import { talentWhere } from '../talents.search.ts';
import { describeFilter } from './export-filter-text.ts';
import { asExporter, EXPORT_APPROVERS } from './export.policy.ts';

type Row = typeof exportRequests.$inferSelect;
const requester = alias(users, 'requester');
const decider = alias(users, 'decider');

const isApprover = (ctx: Ctx) => hasRole(ctx.user, ...EXPORT_APPROVERS);
/** The requests a user may see: a city_admin all of them, anyone else their own. */
const visibleTo = (ctx: Ctx): SQL | undefined => (isApprover(ctx) ? undefined : eq(exportRequests.requestedBy, ctx.user.id));

/** Approvals past their expiry become `expired` (lazily, on every read and use). */
export async function expireStaleRequests(db: Db): Promise<void> {
  await db
    .update(exportRequests)
    .set({ status: 'expired' })
    .where(and(eq(exportRequests.status, 'approved'), lt(exportRequests.expiresAt, new Date())));
}

async function load(ctx: Ctx, where: SQL | undefined, page = 1, pageSize = 1) {
  return ctx.db
    .select({ r: exportRequests, requestedByName: requester.displayName, decidedByName: decider.displayName })
    .from(exportRequests)
    .leftJoin(requester, eq(requester.id, exportRequests.requestedBy))
    .leftJoin(decider, eq(decider.id, exportRequests.decidedBy))
    .where(where)
    .orderBy(desc(exportRequests.createdAt), desc(exportRequests.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
}

async function present(ctx: Ctx, rows: Awaited<ReturnType<typeof load>>): Promise<ExportRequest[]> {
  const [names, tiers] = await Promise.all([loadNameMaps(ctx.db), loadTiers(ctx.db)]);
  const now = Date.now();
  return rows.map(({ r, requestedByName, decidedByName }) => {
    const filter = TalentFilterSchema.parse(r.filter);
    return {
      id: r.id,
      status: r.status as ExportRequestStatus,
      requestedById: r.requestedBy,
      requestedByName,
      filter: r.filter as Record<string, unknown>,
      filterText: describeFilter(filter, names, tiers),
      reason: r.reason,
      rowCount: r.rowCount,
      decidedByName,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionNote: r.decisionNote,
      expiresAt: r.expiresAt?.toISOString() ?? null,
      usedAt: r.usedAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
      canDecide: r.status === 'pending' && isApprover(ctx) && r.requestedBy !== ctx.user.id,
      canUse: r.status === 'approved' && r.requestedBy === ctx.user.id && !!r.expiresAt && r.expiresAt.getTime() > now,
    };
  });
}

async function getOne(ctx: Ctx, id: string): Promise<ExportRequest> {
  const rows = await load(ctx, and(eq(exportRequests.id, id), visibleTo(ctx)));
  if (!rows.length) throw notFound('导出申请');
  return (await present(ctx, rows))[0]!;
}

export async function createExportRequest(ctx: Ctx, input: z.infer<typeof CreateExportRequestBodySchema>): Promise<ExportRequest> {
  const exporter = asExporter(ctx);
  const where = await talentWhere(exporter, input.filter);
  const [{ n } = { n: 0 }] = await ctx.db.select({ n: count() }).from(talents).where(where);
  const id = await ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(exportRequests)
      .values({ requestedBy: ctx.user.id, filter: input.filter, reason: input.reason, rowCount: n })
      .returning({ id: exportRequests.id });
    await appendAudit(tx, { action: 'talent.export_request.create', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'export_request', targetId: r!.id, detail: { filter: input.filter, reason: input.reason, rowCount: n } });
    return r!.id;
  });
  return getOne(ctx, id);
}

export async function listExportRequests(ctx: Ctx, q: z.infer<typeof ExportRequestListQuerySchema>) {
  await expireStaleRequests(ctx.db);
  const mine = q.mine === 'true' || !isApprover(ctx);
  const where = and(mine ? eq(exportRequests.requestedBy, ctx.user.id) : undefined, q.status ? eq(exportRequests.status, q.status) : undefined);
  const [rows, [{ n } = { n: 0 }]] = await Promise.all([
    load(ctx, where, q.page, q.pageSize),
    ctx.db.select({ n: count() }).from(exportRequests).where(where),
  ]);
  return { items: await present(ctx, rows), total: n, page: q.page, pageSize: q.pageSize };
}

export async function getExportRequest(ctx: Ctx, id: string): Promise<ExportRequest> {
  await expireStaleRequests(ctx.db);
  return getOne(ctx, id);
}

/** Approve or reject a pending request: city_admin only, never one's own (separation of duties). */
export async function decideExportRequest(ctx: Ctx, id: string, decision: 'approve' | 'reject', note: string | undefined): Promise<ExportRequest> {
  if (!isApprover(ctx)) throw forbidden('只有市委人才办可以审批导出申请');
  const [r] = await ctx.db.select().from(exportRequests).where(eq(exportRequests.id, id));
  if (!r) throw notFound('导出申请');
  if (r.requestedBy === ctx.user.id) throw forbidden('不能审批本人提交的导出申请，请由其他市级管理员审批');
  if (decision === 'reject' && !note) throw invalid('note', '驳回时请填写审批意见');
  const now = new Date();
  await ctx.db.transaction(async (tx) => {
    const [u] = await tx
      .update(exportRequests)
      .set({
        status: decision === 'approve' ? 'approved' : 'rejected',
        decidedBy: ctx.user.id,
        decidedAt: now,
        decisionNote: note ?? null,
        expiresAt: decision === 'approve' ? new Date(now.getTime() + EXPORT_APPROVAL_TTL_HOURS * 3600_000) : null,
      })
      .where(and(eq(exportRequests.id, id), eq(exportRequests.status, 'pending')))
      .returning({ id: exportRequests.id });
    if (!u) throw conflict('该导出申请已处理，不能重复审批');
    await appendAudit(tx, { action: `talent.export_request.${decision}`, actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'export_request', targetId: id, detail: { note: note ?? null, requestedBy: r.requestedBy } });
  });
  return getOne(ctx, id);
}

const REFUSAL: Record<string, string> = {
  pending: '该导出申请尚未审批通过，不能导出未脱敏数据',
  rejected: '该导出申请已被驳回，不能导出未脱敏数据',
  used: '该导出申请已使用过，每个申请只能导出一次',
  expired: '该导出申请已过期，请重新申请',
};

/**
 * Takes an approved request for an unmasked export: only its requester, once (status → used,
 * atomically, so two downloads can't both pass). Returns the stored filter. Refusals are audited.
 */
export async function claimExportRequest(ctx: Ctx, id: string): Promise<TalentFilter> {
  await expireStaleRequests(ctx.db);
  const [r] = await ctx.db.select().from(exportRequests).where(and(eq(exportRequests.id, id), visibleTo(ctx)));
  const refuse = async (err: Error): Promise<never> => {
    await appendAudit(ctx.db, { action: 'talent.export', outcome: 'denied', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'export_request', targetId: id, detail: { masked: false, exportRequestId: id, reason: err.message } });
    throw err;
  };
  if (!r) return refuse(notFound('导出申请'));
  if (r.requestedBy !== ctx.user.id) return refuse(forbidden('只有申请人本人可以使用该导出申请'));
  if (r.status !== 'approved') return refuse(conflict(REFUSAL[r.status] ?? '该导出申请不可用'));
  const claimed = await ctx.db.transaction(async (tx) => {
    const [u] = await tx
      .update(exportRequests)
      .set({ status: 'used', usedAt: new Date() })
      .where(and(eq(exportRequests.id, id), eq(exportRequests.status, 'approved'), eq(exportRequests.requestedBy, ctx.user.id), sql`${exportRequests.expiresAt} > now()`))
      .returning();
    if (!u) return null;
    await appendAudit(tx, { action: 'talent.export_request.use', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'export_request', targetId: id });
    return u;
  });
  if (!claimed) return refuse(conflict('该导出申请已使用或已过期'));
  return TalentFilterSchema.parse((claimed as Row).filter);
}
