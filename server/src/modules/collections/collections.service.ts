import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Collection, CreateCollectionBodySchema, ReviewBodySchema, Submission, SubmitBodySchema } from '../../../../contracts/collections.ts';
import { collectionSubmissions, collections, counties, talents } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import { hasRole, type Ctx } from '../../lib/context.ts';
import { AppError, forbidden, invalid, notFound } from '../../lib/errors.ts';
import { scopeOf } from '../../lib/scope.ts';

/** The counties whose submissions this user sees: all for the city, their own for a county admin. */
function visibleCounties(ctx: Ctx): string[] | 'all' {
  if (hasRole(ctx.user, 'city_admin')) return 'all';
  return ctx.user.roles.filter((r) => r.role === 'county_admin' && r.countyId).map((r) => r.countyId!);
}

/** Today's date in China (UTC+8): deadlines are Beijing dates, whatever the server's time zone. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

async function submissionsOf(ctx: Ctx, collectionId: string, deadline: string): Promise<Submission[]> {
  const vis = visibleCounties(ctx);
  const cond = vis === 'all' ? eq(collectionSubmissions.collectionId, collectionId) : and(eq(collectionSubmissions.collectionId, collectionId), inArray(collectionSubmissions.countyId, vis.length ? vis : ['00000000-0000-0000-0000-000000000000']));
  const subs = await ctx.db
    .select({ s: collectionSubmissions, countyName: counties.name, sortOrder: counties.sortOrder })
    .from(collectionSubmissions)
    .innerJoin(counties, eq(counties.id, collectionSubmissions.countyId))
    .where(cond)
    .orderBy(counties.sortOrder);
  // Rows landed in the registry with the campaign's tag, per owner county.
  const counts = await ctx.db
    .select({ countyId: talents.ownerCountyId, n: sql<number>`count(*)::int`, last: sql<string | null>`max(${talents.updatedAt})` })
    .from(talents)
    .where(and(eq(talents.campaignId, collectionId), sql`${talents.mergedInto} is null`))
    .groupBy(talents.ownerCountyId);
  const importStats = await importStatsOf(ctx, collectionId);
  return subs.map(({ s, countyName }) => {
    const c = counts.find((x) => x.countyId === s.countyId);
    const imp = importStats.get(s.countyId);
    const times = [s.lastActivityAt?.toISOString(), c?.last ? new Date(c.last).toISOString() : undefined, imp?.last].filter((x): x is string => !!x).sort();
    const done = s.status === 'submitted' || s.status === 'accepted';
    return {
      countyId: s.countyId,
      countyName,
      status: s.status as Submission['status'],
      rows: c?.n ?? 0,
      imports: imp?.imports ?? 0,
      errors: imp?.errors ?? 0,
      lastActivityAt: times.at(-1) ?? null,
      submittedAt: s.submittedAt?.toISOString() ?? null,
      note: s.note,
      reviewNote: s.reviewNote,
      overdue: !done && deadline < today(),
    };
  });
}

/**
 * Imports made for the campaign, per county: how many and how many error rows the last one had.
 */
async function importStatsOf(ctx: Ctx, collectionId: string): Promise<Map<string, { imports: number; errors: number; last: string }>> {
  const out = new Map<string, { imports: number; errors: number; last: string }>();
  // The county of an import is the county of the county admin who made it.
  const res = await ctx.db.execute(sql`
    select ur.county_id, count(*) filter (where ti.phase = 'committed')::int as imports,
           coalesce((array_agg(coalesce((ti.report->>'errorRows')::int, 0) order by ti.created_at desc))[1], 0)::int as errors,
           max(ti.created_at) as last
    from talent_imports ti
    join user_roles ur on ur.user_id = ti.created_by and ur.role = 'county_admin' and ur.county_id is not null
    where ti.campaign_id = ${collectionId}
    group by ur.county_id`);
  for (const r of (res as unknown as { rows: Record<string, unknown>[] }).rows) {
    if (r.county_id) out.set(String(r.county_id), { imports: Number(r.imports), errors: Number(r.errors), last: new Date(String(r.last)).toISOString() });
  }
  return out;
}

function toCollection(c: typeof collections.$inferSelect, subs: Submission[]): Collection {
  return {
    id: c.id,
    title: c.title,
    notice: c.notice,
    deadline: c.deadline,
    status: c.status as Collection['status'],
    createdAt: c.createdAt.toISOString(),
    summary: {
      counties: subs.length,
      submitted: subs.filter((s) => s.status === 'submitted' || s.status === 'accepted').length,
      overdue: subs.filter((s) => s.overdue).length,
      rows: subs.reduce((a, s) => a + s.rows, 0),
    },
  };
}

export async function createCollection(ctx: Ctx, input: z.infer<typeof CreateCollectionBodySchema>) {
  if (input.deadline < today()) throw invalid('deadline', '截止日期不能早于今天');
  const active = await ctx.db.select({ id: counties.id }).from(counties).where(eq(counties.active, true));
  if (!active.length) throw invalid('deadline', '尚未设置县（市、区），无法发起信息统计');
  const id = await ctx.db.transaction(async (tx) => {
    const [c] = await tx.insert(collections).values({ ...input, createdBy: ctx.user.id }).returning({ id: collections.id });
    await tx.insert(collectionSubmissions).values(active.map((a) => ({ collectionId: c!.id, countyId: a.id })));
    await appendAudit(tx, { action: 'collection.create', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'collection', targetId: c!.id, detail: { title: input.title, deadline: input.deadline } });
    return c!.id;
  });
  return getCollection(ctx, id);
}

export async function listCollections(ctx: Ctx): Promise<Collection[]> {
  const rows = await ctx.db.select().from(collections).orderBy(desc(collections.createdAt)).limit(200);
  return Promise.all(rows.map(async (c) => toCollection(c, await submissionsOf(ctx, c.id, c.deadline))));
}

export async function getCollection(ctx: Ctx, id: string) {
  const [c] = await ctx.db.select().from(collections).where(eq(collections.id, id));
  if (!c) throw notFound('信息统计任务');
  const subs = await submissionsOf(ctx, id, c.deadline);
  return { ...toCollection(c, subs), submissions: subs };
}

/** The county of the caller for a county action; the city may name one. */
function actingCounty(ctx: Ctx, countyId?: string): string {
  const own = scopeOf(ctx.user).countyIds;
  if (countyId) {
    if (hasRole(ctx.user, 'city_admin') || own.includes(countyId)) return countyId;
    throw notFound('信息统计任务');
  }
  if (own.length === 1) return own[0]!;
  throw invalid('countyId', '请指定县（市、区）');
}

export async function submitCollection(ctx: Ctx, id: string, input: z.infer<typeof SubmitBodySchema>) {
  if (!hasRole(ctx.user, 'county_admin', 'city_admin')) throw forbidden();
  const [c] = await ctx.db.select().from(collections).where(eq(collections.id, id));
  if (!c) throw notFound('信息统计任务');
  if (c.status !== 'open') throw new AppError('CONFLICT', 409, '该信息统计已结束，不能再提交');
  const countyId = actingCounty(ctx, input.countyId);
  const [s] = await ctx.db.select().from(collectionSubmissions).where(and(eq(collectionSubmissions.collectionId, id), eq(collectionSubmissions.countyId, countyId)));
  if (!s) throw notFound('信息统计任务');
  if (s.status === 'submitted' || s.status === 'accepted') throw new AppError('CONFLICT', 409, '已提交，等待市委人才办审核');
  await ctx.db.transaction(async (tx) => {
    await tx.update(collectionSubmissions).set({ status: 'submitted', submittedAt: new Date(), submittedBy: ctx.user.id, note: input.note ?? null, lastActivityAt: new Date() }).where(eq(collectionSubmissions.id, s.id));
    await appendAudit(tx, { action: 'collection.submit', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'collection', targetId: id, detail: { countyId } });
  });
  return getCollection(ctx, id);
}

export async function reviewCollection(ctx: Ctx, id: string, input: z.infer<typeof ReviewBodySchema>) {
  const [c] = await ctx.db.select().from(collections).where(eq(collections.id, id));
  if (!c) throw notFound('信息统计任务');
  if (c.status !== 'open') throw new AppError('CONFLICT', 409, '该信息统计已结束，不能再审核');
  const [s] = await ctx.db.select().from(collectionSubmissions).where(and(eq(collectionSubmissions.collectionId, id), eq(collectionSubmissions.countyId, input.countyId)));
  if (!s) throw notFound('信息统计任务');
  if (s.status !== 'submitted') throw new AppError('CONFLICT', 409, '只能审核已提交的报送');
  await ctx.db.transaction(async (tx) => {
    await tx.update(collectionSubmissions).set({ status: input.decision, reviewNote: input.note ?? null, reviewedAt: new Date(), reviewedBy: ctx.user.id }).where(eq(collectionSubmissions.id, s.id));
    await appendAudit(tx, { action: `collection.${input.decision === 'accepted' ? 'accept' : 'return'}`, actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'collection', targetId: id, detail: { countyId: input.countyId, note: input.note } });
  });
  return getCollection(ctx, id);
}

export async function closeCollection(ctx: Ctx, id: string) {
  const [c] = await ctx.db.select().from(collections).where(eq(collections.id, id));
  if (!c) throw notFound('信息统计任务');
  if (c.status !== 'open') throw new AppError('CONFLICT', 409, '该信息统计已经结束');
  await ctx.db.transaction(async (tx) => {
    await tx.update(collections).set({ status: 'closed', closedAt: new Date() }).where(eq(collections.id, id));
    await appendAudit(tx, { action: 'collection.close', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'collection', targetId: id });
  });
  return getCollection(ctx, id);
}

/** Called by the import pipeline when a county imports for a campaign. */
export async function touchSubmission(db: Ctx['db'], collectionId: string, countyId: string): Promise<void> {
  await db.update(collectionSubmissions).set({ lastActivityAt: new Date() }).where(and(eq(collectionSubmissions.collectionId, collectionId), eq(collectionSubmissions.countyId, countyId)));
}

/**
 * An import tagged with a campaign is accepted only while the campaign is open and, for a county
 * admin, while their county's submission is still open (pending or returned).
 */
export async function assertCampaignAcceptsImport(ctx: Ctx, collectionId: string): Promise<void> {
  const [c] = await ctx.db.select().from(collections).where(eq(collections.id, collectionId));
  if (!c) throw invalid('campaignId', '信息统计任务不存在');
  if (c.status !== 'open') throw invalid('campaignId', '该信息统计已结束，不能再导入');
  if (hasRole(ctx.user, 'city_admin')) return;
  const own = scopeOf(ctx.user).countyIds;
  const subs = await ctx.db
    .select({ status: collectionSubmissions.status })
    .from(collectionSubmissions)
    .where(and(eq(collectionSubmissions.collectionId, collectionId), inArray(collectionSubmissions.countyId, own.length ? own : ['00000000-0000-0000-0000-000000000000'])));
  if (!subs.length) throw invalid('campaignId', '信息统计任务不存在');
  if (subs.every((x) => x.status === 'submitted' || x.status === 'accepted')) {
    throw invalid('campaignId', '本县（市、区）已确认报送，如需补充请联系市委人才办退回后再导入');
  }
}
