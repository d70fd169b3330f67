import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { ImportDecisionsBodySchema, ImportMatch, ImportReport, ImportStatus } from '../../../../../contracts/imports.ts';
import { jobs, talentImportRows, talentImports, users } from '../../../db/schema/index.ts';
import { appendAudit } from '../../../lib/audit.ts';
import { hasRole, type Ctx } from '../../../lib/context.ts';
import { conflict, invalid, notFound } from '../../../lib/errors.ts';
import { enqueueJob, wakeJobRunners } from '../../../lib/jobs.ts';
import { storageOf } from '../../../lib/storage.ts';
import { assertCampaignAcceptsImport } from '../../collections/collections.service.ts';
import { applyDecisions } from './decisions.ts';
import { JOB_COMMIT, JOB_PREVIEW, refOf, type StagedData } from './staged.ts';
import type { Upload } from './upload.ts';

type ImportRow = typeof talentImports.$inferSelect;

/** Own imports only; a city_admin sees every import. Anything else is "not found". */
function visibleTo(ctx: Ctx): SQL {
  return hasRole(ctx.user, 'city_admin') ? sql`true` : eq(talentImports.createdBy, ctx.user.id);
}

async function loadVisible(ctx: Ctx, id: string) {
  const [row] = await ctx.db
    .select({ imp: talentImports, job: { status: jobs.status, progress: jobs.progress, error: jobs.error }, by: users.displayName })
    .from(talentImports)
    .leftJoin(jobs, eq(jobs.id, talentImports.jobId))
    .leftJoin(users, eq(users.id, talentImports.createdBy))
    .where(and(eq(talentImports.id, id), visibleTo(ctx)));
  if (!row) throw notFound('导入记录');
  return row;
}

function statusOf(imp: ImportRow, job: { status: string; progress: number; error: string | null } | null, withReport: boolean, createdByName: string | null): ImportStatus {
  const status = job?.status === 'failed' ? 'failed' : job?.status === 'done' || !job ? 'done' : 'running';
  return {
    id: imp.id,
    fileName: imp.fileName,
    mode: imp.mode as ImportStatus['mode'],
    phase: imp.phase as ImportStatus['phase'],
    status,
    progress: status === 'done' ? 100 : (job?.progress ?? 0),
    error: status === 'failed' ? (job?.error ?? '导入失败') : null,
    report: withReport ? ((imp.report as ImportReport | null) ?? null) : null,
    campaignId: imp.campaignId,
    createdByName,
    createdAt: imp.createdAt.toISOString(),
    committedAt: imp.committedAt?.toISOString() ?? null,
  };
}

/** Records the upload and queues its preview job. */
export async function createImport(ctx: Ctx, upload: Upload): Promise<{ id: string }> {
  try {
    if (upload.campaignId) await assertCampaignAcceptsImport(ctx, upload.campaignId);
    const id = await ctx.db.transaction(async (tx) => {
      const [imp] = await tx
        .insert(talentImports)
        .values({ createdBy: ctx.user.id, fileName: upload.fileName, fileSize: upload.size, storageKey: upload.storageKey, mode: upload.mode, campaignId: upload.campaignId })
        .returning({ id: talentImports.id });
      const jobId = await enqueueJob(tx, { kind: JOB_PREVIEW, input: { importId: imp!.id }, createdBy: ctx.user.id });
      await tx.update(talentImports).set({ jobId }).where(eq(talentImports.id, imp!.id));
      await appendAudit(tx, { action: 'talent.import.upload', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'talent_import', targetId: imp!.id, detail: { fileName: upload.fileName, size: upload.size, mode: upload.mode } });
      return imp!.id;
    });
    wakeJobRunners();
    return { id };
  } catch (err) {
    await storageOf(ctx.env).remove(upload.storageKey);
    throw err;
  }
}

export async function getImport(ctx: Ctx, id: string): Promise<ImportStatus> {
  const { imp, job } = await loadVisible(ctx, id);
  const [u] = await ctx.db.select({ name: users.displayName }).from(users).where(eq(users.id, imp.createdBy));
  return statusOf(imp, job, true, u?.name ?? null);
}

export async function listImports(ctx: Ctx, page: number, pageSize: number) {
  const where = visibleTo(ctx);
  const [total] = await ctx.db.select({ n: count() }).from(talentImports).where(where);
  const rows = await ctx.db
    .select({ imp: talentImports, job: { status: jobs.status, progress: jobs.progress, error: jobs.error }, by: users.displayName })
    .from(talentImports)
    .leftJoin(jobs, eq(jobs.id, talentImports.jobId))
    .leftJoin(users, eq(users.id, talentImports.createdBy))
    .where(where)
    .orderBy(desc(talentImports.createdAt))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { items: rows.map((r) => { const { report: _r, ...rest } = statusOf(r.imp, r.job, false, r.by); return rest; }), total: total?.n ?? 0, page, pageSize };
}

/** Matched rows with their (masked) matches and current decision, in row order. */
export async function listMatches(ctx: Ctx, id: string, page: number, pageSize: number) {
  const { imp } = await loadVisible(ctx, id);
  const where = and(eq(talentImportRows.importId, imp.id), eq(talentImportRows.status, 'valid'), eq(talentImportRows.matched, true));
  const [total] = await ctx.db.select({ n: count() }).from(talentImportRows).where(where);
  const rows = await ctx.db.select().from(talentImportRows).where(where).orderBy(asc(talentImportRows.seq)).limit(pageSize).offset((page - 1) * pageSize);
  const items: ImportMatch[] = rows.map((r) => {
    const m = (r.match ?? { file: null, registry: [] }) as Pick<ImportMatch, 'file' | 'registry'>;
    return {
      ref: refOf(r.sheetNo, r.rowNo), sheet: r.sheet, row: r.rowNo, name: r.name ?? '',
      idNumberMasked: (r.data as StagedData).idNumberMasked ?? null,
      decision: (r.decision ?? 'skip') as ImportMatch['decision'], canCreate: r.canCreate, canUpdate: r.canUpdate,
      file: m.file ?? null, registry: m.registry ?? [],
    };
  });
  return { items, total: total?.n ?? 0, page, pageSize };
}

function assertPreviewed(imp: ImportRow, job: { status: string } | null): void {
  if (imp.phase === 'committed') throw conflict('该导入已提交，不能再修改');
  if (imp.phase !== 'previewed' || job?.status === 'queued' || job?.status === 'running') throw conflict('导入正在处理中，请稍候');
}

export async function decideImport(ctx: Ctx, id: string, body: z.infer<typeof ImportDecisionsBodySchema>) {
  const { imp, job } = await loadVisible(ctx, id);
  assertPreviewed(imp, job);
  return applyDecisions(ctx, imp, body);
}

/** Queues the commit of a previewed import (again after a failed attempt). */
export async function commitImport(ctx: Ctx, id: string): Promise<{ id: string }> {
  const { imp, job } = await loadVisible(ctx, id);
  assertPreviewed(imp, job);
  await ctx.db.transaction(async (tx) => {
    const jobId = await enqueueJob(tx, { kind: JOB_COMMIT, input: { importId: imp.id }, createdBy: ctx.user.id });
    const [u] = await tx.update(talentImports).set({ jobId, updatedAt: new Date() }).where(and(eq(talentImports.id, imp.id), eq(talentImports.phase, 'previewed'), imp.jobId ? eq(talentImports.jobId, imp.jobId) : sql`true`)).returning({ id: talentImports.id });
    if (!u) throw conflict('导入正在处理中，请稍候');
    await appendAudit(tx, { action: 'talent.import.commit_requested', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'talent_import', targetId: imp.id });
  });
  wakeJobRunners();
  return { id: imp.id };
}

export { loadVisible as loadVisibleImport };
