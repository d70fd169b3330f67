import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ApproveChangeBodySchema, RejectBodySchema, ReviewListQuerySchema } from '../../../../contracts/portal-admin.ts';
import type { TalentFields } from '../../../../contracts/talents.ts';
import type { Db } from '../../db/client.ts';
import { counties, portalAccounts, portalChanges, talents } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { Ctx } from '../../lib/context.ts';
import { conflict, notFound, versionConflict } from '../../lib/errors.ts';
import type { NotifierLog } from '../../lib/notifier.ts';
import { getPii } from '../../lib/pii.ts';
import { writeScope } from '../talents/talents.policy.ts';
import { updateTalentRecord } from '../talents/talents.service.ts';
import { notifyAccount } from './account-notify.ts';
import { reviewScope } from './portal.policy.ts';
import { openProfile, type SealedProfile } from './profile-data.ts';

/**
 * Changes of identity/classification fields a linked talent asked for (待审核变更), reviewed by
 * the county owning the record: approve writes them through talents.service (history
 * `portal_change`, version check), reject keeps the record and shows the reason to the talent.
 */
type ChangeRow = typeof portalChanges.$inferSelect;
type Joined = { c: ChangeRow; talentName: string | null; countyName: string | null; phoneMasked: string | null; emailMasked: string | null };

function changeQuery(db: Db) {
  return db
    .select({ c: portalChanges, talentName: talents.name, countyName: counties.name, phoneMasked: portalAccounts.phoneMasked, emailMasked: portalAccounts.emailMasked })
    .from(portalChanges)
    .innerJoin(portalAccounts, eq(portalAccounts.id, portalChanges.accountId))
    .leftJoin(talents, eq(talents.id, portalChanges.talentId))
    .leftJoin(counties, eq(counties.id, portalChanges.countyId));
}

const toItem = (x: Joined) => ({
  id: x.c.id,
  version: x.c.version,
  status: x.c.status as 'pending',
  talentId: x.c.talentId,
  talentName: x.talentName,
  countyName: x.countyName,
  accountMasked: x.phoneMasked ?? x.emailMasked,
  changes: x.c.changes as { field: string; before: unknown; after: unknown }[],
  reason: x.c.reason,
  reviewedByName: x.c.reviewedByName,
  reviewedAt: x.c.reviewedAt?.toISOString() ?? null,
  createdAt: x.c.createdAt.toISOString(),
});

export async function listChanges(ctx: Ctx, q: z.infer<typeof ReviewListQuerySchema>) {
  const where = reviewScope(ctx.user, portalChanges.countyId, q.status === 'all' ? undefined : eq(portalChanges.status, q.status));
  const [rows, [total]] = await Promise.all([
    changeQuery(ctx.db).where(where).orderBy(q.status === 'pending' ? portalChanges.createdAt : desc(portalChanges.createdAt)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(portalChanges).where(where),
  ]);
  return { items: rows.map(toItem), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

async function loadChange(ctx: Ctx, id: string): Promise<Joined> {
  const [row] = await changeQuery(ctx.db).where(reviewScope(ctx.user, portalChanges.countyId, eq(portalChanges.id, id)));
  if (!row) throw notFound('变更申请');
  return row;
}

export async function getChange(ctx: Ctx, id: string) {
  return toItem(await loadChange(ctx, id));
}

async function decide(ctx: Ctx, c: ChangeRow, status: 'approved' | 'rejected', reason: string | null, tx: Db) {
  const [u] = await tx
    .update(portalChanges)
    .set({ status, reason, reviewedBy: ctx.user.id, reviewedByName: ctx.user.displayName, reviewedAt: new Date(), version: c.version + 1, updatedAt: new Date() })
    .where(and(eq(portalChanges.id, c.id), eq(portalChanges.version, c.version), eq(portalChanges.status, 'pending')))
    .returning({ id: portalChanges.id });
  if (!u) throw versionConflict();
  await appendAudit(tx, { action: `portal.change_${status === 'approved' ? 'approve' : 'reject'}`, actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'portal_change', targetId: c.id, detail: { talentId: c.talentId, fields: (c.changes as { field: string }[]).map((x) => x.field) } });
}

async function tell(ctx: Ctx, c: ChangeRow, result: string, reason: string, log?: NotifierLog) {
  const [account] = await ctx.db.select().from(portalAccounts).where(eq(portalAccounts.id, c.accountId));
  if (account?.status === 'active') await notifyAccount({ ...ctx, log }, account, 'portal.review_result', { what: '信息变更申请', result, reason });
}

export async function approveChange(ctx: Ctx, id: string, input: z.infer<typeof ApproveChangeBodySchema>, log?: NotifierLog) {
  const { c } = await loadChange(ctx, id);
  if (c.status !== 'pending') throw conflict('该变更申请已处理');
  if (c.version !== input.version) throw versionConflict();
  const [row] = await ctx.db.select().from(talents).where(and(eq(talents.id, c.talentId), writeScope(ctx.user)));
  if (!row) throw notFound('人才记录');
  const pii = await getPii(ctx.db, ctx.env);
  const { chamberId: _c, ...proposed } = openProfile(pii, c.proposed as SealedProfile);
  await ctx.db.transaction(async (tx) => {
    await updateTalentRecord(tx, ctx.env, { id: ctx.user.id, name: ctx.user.username, ip: ctx.ip }, row, row.version, proposed as Partial<TalentFields>, {
      action: 'portal_change',
      note: '本人在一家人云服务平台申请修改，经审核通过',
    });
    await decide(ctx, c, 'approved', null, tx);
  });
  await tell(ctx, c, '已审核通过', '', log);
  return getChange(ctx, id);
}

export async function rejectChange(ctx: Ctx, id: string, input: z.infer<typeof RejectBodySchema>, log?: NotifierLog) {
  const { c } = await loadChange(ctx, id);
  if (c.status !== 'pending') throw conflict('该变更申请已处理');
  if (c.version !== input.version) throw versionConflict();
  await ctx.db.transaction((tx) => decide(ctx, c, 'rejected', input.reason, tx));
  await tell(ctx, c, '未通过审核', input.reason.slice(0, 60), log);
  return getChange(ctx, id);
}
