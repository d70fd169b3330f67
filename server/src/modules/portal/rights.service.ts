import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { RIGHTS_DUE_DAYS, RIGHTS_TYPES, type CreateRightsRequestBodySchema, type ResolveRightsBodySchema, type RightsListQuerySchema } from '../../../../contracts/portal-admin.ts';
import type { WithdrawConsentBodySchema } from '../../../../contracts/portal.ts';
import type { Db } from '../../db/client.ts';
import { counties, portalAccounts, portalChanges, portalConsents, portalRegistrations, portalRightsRequests, talentHistory, talents } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { Ctx } from '../../lib/context.ts';
import { conflict, invalid, notFound, versionConflict } from '../../lib/errors.ts';
import type { NotifierLog } from '../../lib/notifier.ts';
import { deletePortalAccountSessions } from '../../lib/portal-session.ts';
import { updateTalentRecord } from '../talents/talents.service.ts';
import { notifyAccount } from './account-notify.ts';
import { consentStatus } from './consent.service.ts';
import { accountLabel, loadAccount, portalWriter, type PortalAccountRow, type PortalCtx } from './portal-context.ts';
import { reviewScope } from './portal.policy.ts';
import { linkedTalent, latestRegistration } from './profile.service.ts';
import type { SealedProfile } from './profile-data.ts';

/**
 * The talent's rights (PIPL art. 44–47): correction and deletion requests, consent withdrawal.
 * Requests go to a staff queue (county of the record, else the city) with a 30-day due date; the
 * outcome is recorded and shown to the talent. Withdrawing the sensitive-information consent
 * deletes the ID number at once (platform and registry); a completed deletion request closes the
 * account. Everything is audited.
 */
type RightsRow = typeof portalRightsRequests.$inferSelect;

const toItem = (r: RightsRow) => ({
  id: r.id,
  version: r.version,
  type: r.type as 'correction',
  detail: r.detail,
  status: r.status as 'pending',
  outcome: r.outcome,
  dueAt: r.dueAt.toISOString(),
  overdue: r.status === 'pending' && r.dueAt.getTime() < Date.now(),
  createdAt: r.createdAt.toISOString(),
  handledAt: r.handledAt?.toISOString() ?? null,
  handledByName: r.handledByName,
});

/** The county whose office answers for this account: its record's owner, else its registration's county. */
async function countyOfAccount(db: Db, account: PortalAccountRow): Promise<{ talentId: string | null; countyId: string | null }> {
  const t = await linkedTalent(db, account);
  if (t) return { talentId: t.id, countyId: t.ownerCountyId };
  const reg = await latestRegistration(db, account.id);
  return { talentId: null, countyId: reg?.countyId ?? null };
}

async function fileRequest(db: Db, account: PortalAccountRow, type: keyof typeof RIGHTS_TYPES, detail: string, ip: string | null) {
  const where = await countyOfAccount(db, account);
  const [r] = await db
    .insert(portalRightsRequests)
    .values({ accountId: account.id, ...where, type, detail, dueAt: new Date(Date.now() + RIGHTS_DUE_DAYS * 86400_000) })
    .returning();
  await appendAudit(db, { action: 'portal.rights_request', actorId: account.id, actorName: accountLabel(account), ip, targetType: 'portal_rights_request', targetId: r!.id, detail: { type } });
  return r!;
}

export async function createRightsRequest(pctx: PortalCtx, input: z.infer<typeof CreateRightsRequestBodySchema>) {
  const account = await loadAccount(pctx.db, pctx.accountId);
  const r = await pctx.db.transaction((tx) => fileRequest(tx, account, input.type, input.detail, pctx.ip));
  return toItem(r);
}

export async function listMyRightsRequests(pctx: PortalCtx) {
  const rows = await pctx.db.select().from(portalRightsRequests).where(eq(portalRightsRequests.accountId, pctx.accountId)).orderBy(desc(portalRightsRequests.createdAt)).limit(100);
  return rows.map(toItem);
}

/** Withdraws the sensitive-information consent (the ID number is deleted) or every consent. */
export async function withdrawConsent(pctx: PortalCtx, input: z.infer<typeof WithdrawConsentBodySchema>) {
  const { db, env } = pctx;
  const account = await loadAccount(db, pctx.accountId);
  const status = await consentStatus(db, account.id);
  const kinds: ('personal' | 'sensitive')[] = [];
  if (input.scope === 'all' && status.personal.granted) kinds.push('personal');
  if (status.sensitive.granted) kinds.push('sensitive');
  if (!kinds.length || (input.scope === 'all' && !status.personal.granted)) throw invalid('scope', '您目前没有可撤回的此项同意');
  const talent = await linkedTalent(db, account);
  const done: string[] = [];
  await db.transaction(async (tx) => {
    await tx.insert(portalConsents).values(kinds.map((kind) => ({ accountId: account.id, kind, action: 'withdraw', noticeVersion: (kind === 'personal' ? status.personal.version : status.sensitive.version) ?? status.currentVersion, ip: pctx.ip, userAgent: pctx.userAgent?.slice(0, 300) ?? null })));
    // The ID number goes now: from the pending registration and pending changes, and from the record.
    const reg = await latestRegistration(tx, account.id);
    if (reg?.status === 'pending') {
      const data = reg.data as SealedProfile;
      const next = input.scope === 'all' ? { status: 'withdrawn' } : { data: { ...data, idNumberEnc: null, idType: null } };
      await tx.update(portalRegistrations).set({ ...next, version: reg.version + 1, updatedAt: new Date() }).where(eq(portalRegistrations.id, reg.id));
      done.push(input.scope === 'all' ? '待审核的登记已撤回' : '待审核登记中的证件号码已删除');
    }
    const pendingChanges = await tx.select().from(portalChanges).where(and(eq(portalChanges.accountId, account.id), eq(portalChanges.status, 'pending')));
    for (const c of pendingChanges) {
      const proposed = { ...(c.proposed as SealedProfile) };
      const touchesId = 'idNumberEnc' in proposed;
      if (input.scope === 'all' || (touchesId && Object.keys(proposed).length === 1)) {
        await tx.update(portalChanges).set({ status: 'withdrawn', updatedAt: new Date() }).where(eq(portalChanges.id, c.id));
      } else if (touchesId) {
        delete proposed.idNumberEnc;
        const changes = (c.changes as { field: string }[]).filter((x) => x.field !== 'idNumber');
        await tx.update(portalChanges).set({ proposed, changes, version: c.version + 1, updatedAt: new Date() }).where(eq(portalChanges.id, c.id));
      }
    }
    if (talent?.idNumberEnc) {
      await updateTalentRecord(tx, env, portalWriter(account, pctx.ip), talent, talent.version, { idNumber: null, idType: null }, {
        action: 'portal_withdraw',
        note: '本人撤回对敏感个人信息的同意，证件号码已删除',
        auditAction: 'portal.id_number_deleted',
      });
      done.push('人才库中的证件号码已删除');
    }
    const what = input.scope === 'all' ? '撤回对个人信息处理的全部同意' : '撤回对敏感个人信息（证件号码）处理的同意';
    const detail = [`本人${what}。`, done.length ? `系统已自动处理：${done.join('；')}。` : '', input.scope === 'all' ? '请核实是否需要删除或匿名化其人才库记录，并记录办理情况。' : '请核实纸质或其他材料中的证件号码是否已一并删除。', input.reason ? `本人说明：${input.reason}` : '']
      .filter(Boolean)
      .join('');
    await fileRequest(tx, account, 'withdrawal', detail, pctx.ip);
    await appendAudit(tx, { action: 'portal.consent_withdraw', actorId: account.id, actorName: accountLabel(account), ip: pctx.ip, targetType: 'portal_account', targetId: account.id, detail: { kinds, scope: input.scope } });
  });
  return consentStatus(db, account.id);
}

// ---- Staff queue ----

const staffSelect = {
  r: portalRightsRequests,
  talentName: talents.name,
  countyName: counties.name,
  phoneMasked: portalAccounts.phoneMasked,
  emailMasked: portalAccounts.emailMasked,
};
type StaffRow = { r: RightsRow; talentName: string | null; countyName: string | null; phoneMasked: string | null; emailMasked: string | null };
const toStaffItem = (x: StaffRow) => ({ ...toItem(x.r), talentId: x.r.talentId, talentName: x.talentName, countyName: x.countyName, accountMasked: x.phoneMasked ?? x.emailMasked });

function staffQuery(db: Db) {
  return db
    .select(staffSelect)
    .from(portalRightsRequests)
    .innerJoin(portalAccounts, eq(portalAccounts.id, portalRightsRequests.accountId))
    .leftJoin(talents, eq(talents.id, portalRightsRequests.talentId))
    .leftJoin(counties, eq(counties.id, portalRightsRequests.countyId));
}

export async function listRightsRequests(ctx: Ctx, q: z.infer<typeof RightsListQuerySchema>) {
  const where = reviewScope(
    ctx.user,
    portalRightsRequests.countyId,
    and(q.status === 'all' ? undefined : eq(portalRightsRequests.status, q.status), q.type ? eq(portalRightsRequests.type, q.type) : undefined),
  );
  const [rows, [total]] = await Promise.all([
    staffQuery(ctx.db).where(where).orderBy(portalRightsRequests.dueAt).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(portalRightsRequests).where(where),
  ]);
  return { items: rows.map(toStaffItem), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

async function loadInScope(ctx: Ctx, id: string): Promise<StaffRow> {
  const [row] = await staffQuery(ctx.db).where(reviewScope(ctx.user, portalRightsRequests.countyId, eq(portalRightsRequests.id, id)));
  if (!row) throw notFound('申请');
  return row;
}

export async function getRightsRequest(ctx: Ctx, id: string) {
  return toStaffItem(await loadInScope(ctx, id));
}

export async function resolveRightsRequest(ctx: Ctx, id: string, input: z.infer<typeof ResolveRightsBodySchema>, log?: NotifierLog) {
  const { r } = await loadInScope(ctx, id);
  if (r.status !== 'pending') throw conflict('该申请已办结');
  if (r.version !== input.version) throw versionConflict();
  const [account] = await ctx.db.select().from(portalAccounts).where(eq(portalAccounts.id, r.accountId));
  const closing = r.type === 'deletion' && input.status === 'completed';
  // Tell the talent before a completed deletion erases the address.
  if (account?.status === 'active') {
    await notifyAccount({ ...ctx, log }, account, 'portal.review_result', { what: `${RIGHTS_TYPES[r.type as 'correction']}申请`, result: input.status === 'completed' ? '已办结' : '不予办理', reason: input.outcome.slice(0, 60) });
  }
  await ctx.db.transaction(async (tx) => {
    const [u] = await tx
      .update(portalRightsRequests)
      .set({ status: input.status, outcome: input.outcome, handledBy: ctx.user.id, handledByName: ctx.user.displayName, handledAt: new Date(), version: r.version + 1 })
      .where(and(eq(portalRightsRequests.id, r.id), eq(portalRightsRequests.version, r.version)))
      .returning({ id: portalRightsRequests.id });
    if (!u) throw versionConflict();
    if (closing && account?.status === 'active') {
      await tx
        .update(portalAccounts)
        .set({ phoneEnc: null, phoneHash: null, emailEnc: null, emailHash: null, passwordHash: null, status: 'closed', closedAt: new Date(), talentId: null, version: account.version + 1 })
        .where(eq(portalAccounts.id, account.id));
      await tx.update(portalRegistrations).set({ status: 'withdrawn', updatedAt: new Date() }).where(and(eq(portalRegistrations.accountId, account.id), eq(portalRegistrations.status, 'pending')));
      await tx.update(portalChanges).set({ status: 'withdrawn', updatedAt: new Date() }).where(and(eq(portalChanges.accountId, account.id), eq(portalChanges.status, 'pending')));
    }
    if (r.talentId) {
      const note = `个人信息${RIGHTS_TYPES[r.type as 'correction']}申请${input.status === 'completed' ? '已办结' : '不予办理'}：${input.outcome}${closing ? '（门户账号已注销）' : ''}`;
      await tx.insert(talentHistory).values({ talentId: r.talentId, actorId: ctx.user.id, actorName: ctx.user.username, action: 'portal_rights', changes: [], note });
    }
    await appendAudit(tx, { action: 'portal.rights_resolve', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'portal_rights_request', targetId: r.id, detail: { type: r.type, status: input.status, accountClosed: closing } });
  });
  if (closing && account) await deletePortalAccountSessions(ctx.db, account.id);
  return getRightsRequest(ctx, id);
}
