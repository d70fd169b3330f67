import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { maskPhone } from '../../../../contracts/id-number.ts';
import { INDUSTRY_BY_CODE } from '../../../../contracts/industries.ts';
import { IMMEDIATE_FIELDS, REVIEWED_FIELDS, type PortalProfileFields } from '../../../../contracts/portal.ts';
import type { ApproveRegistrationBodySchema, RegistrationDetail, RejectBodySchema, ReviewListQuerySchema } from '../../../../contracts/portal-admin.ts';
import type { TalentFields } from '../../../../contracts/talents.ts';
import type { Db } from '../../db/client.ts';
import { chambers, counties, portalAccounts, portalChanges, portalRegistrations, talentHistory, talents } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { Ctx } from '../../lib/context.ts';
import { conflict, invalid, notFound, versionConflict } from '../../lib/errors.ts';
import type { NotifierLog } from '../../lib/notifier.ts';
import { getPii, type Pii } from '../../lib/pii.ts';
import { countryName, divisionName } from '../org/divisions.ts';
import { keysOfRow, loadDuplicateRules, MATCH_REASON_LABELS, scorePair } from '../talents/duplicate-rules.ts';
import { assertCanOwn, talentScope, writeScope } from '../talents/talents.policy.ts';
import { rowToFields } from '../talents/talent-record.ts';
import { insertTalentRecord, updateTalentRecord, type TalentWriter } from '../talents/talents.service.ts';
import { notifyAccount } from './account-notify.ts';
import { accountLabel, portalWriter, type PortalAccountRow } from './portal-context.ts';
import { reviewScope } from './portal.policy.ts';
import { setChamber } from './profile.service.ts';
import { maskedId, openProfile, type SealedProfile } from './profile-data.ts';

/**
 * The county's side of portal registrations (本人登记审核): list and look at them in scope,
 * approve — link the account to the matched record, or create a new self-registered record
 * (source `portal`, tag 本人登记) — or return with a reason the talent sees.
 */
type RegRow = typeof portalRegistrations.$inferSelect;
const reviewerOf = (ctx: Ctx): TalentWriter => ({ id: ctx.user.id, name: ctx.user.username, ip: ctx.ip });

function registrationQuery(db: Db) {
  return db
    .select({ r: portalRegistrations, countyName: counties.name, phoneMasked: portalAccounts.phoneMasked, emailMasked: portalAccounts.emailMasked })
    .from(portalRegistrations)
    .innerJoin(portalAccounts, eq(portalAccounts.id, portalRegistrations.accountId))
    .leftJoin(counties, eq(counties.id, portalRegistrations.countyId));
}
type RegJoined = { r: RegRow; countyName: string | null; phoneMasked: string | null; emailMasked: string | null };

async function countyNames(db: Db): Promise<Map<string, string>> {
  return new Map((await db.select({ id: counties.id, name: counties.name }).from(counties)).map((c) => [c.id, c.name]));
}

function toItem(x: RegJoined, f: Partial<PortalProfileFields>, names: Map<string, string>) {
  const r = x.r;
  return {
    id: r.id,
    version: r.version,
    status: r.status as 'pending',
    kind: r.kind as 'new' | 'link',
    countyId: r.countyId,
    countyName: x.countyName,
    name: f.name ?? null,
    gender: f.gender ?? null,
    birthDate: f.birthDate ?? null,
    employer: f.employer ?? null,
    nativeCountyName: f.nativeCountyId ? (names.get(f.nativeCountyId) ?? null) : null,
    accountMasked: x.phoneMasked ?? x.emailMasked,
    idNumberMasked: maskedId(f.idNumber),
    matchReasons: r.matchReasons.map((m) => MATCH_REASON_LABELS[m as keyof typeof MATCH_REASON_LABELS] ?? m),
    candidateCount: r.kind === 'link' ? 1 : r.candidateIds.length,
    talentId: r.talentId,
    reason: r.reason,
    reviewedByName: r.reviewedByName,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

const statusWhere = (col: typeof portalRegistrations.status | typeof portalChanges.status, s: string) => (s === 'all' ? undefined : eq(col, s));

export async function listRegistrations(ctx: Ctx, q: z.infer<typeof ReviewListQuerySchema>) {
  const where = reviewScope(ctx.user, portalRegistrations.countyId, statusWhere(portalRegistrations.status, q.status));
  const [rows, [total], pii, names] = await Promise.all([
    registrationQuery(ctx.db).where(where).orderBy(q.status === 'pending' ? portalRegistrations.createdAt : desc(portalRegistrations.createdAt)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(portalRegistrations).where(where),
    getPii(ctx.db, ctx.env),
    countyNames(ctx.db),
  ]);
  return { items: rows.map((x) => toItem(x, openProfile(pii, x.r.data as SealedProfile), names)), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

async function loadRegistration(ctx: Ctx, id: string): Promise<RegJoined> {
  const [row] = await registrationQuery(ctx.db).where(reviewScope(ctx.user, portalRegistrations.countyId, eq(portalRegistrations.id, id)));
  if (!row) throw notFound('登记申请');
  return row;
}

const FIELD_ORDER = [...REVIEWED_FIELDS, ...IMMEDIATE_FIELDS];

export async function getRegistration(ctx: Ctx, id: string): Promise<RegistrationDetail> {
  const x = await loadRegistration(ctx, id);
  const pii = await getPii(ctx.db, ctx.env);
  const names = await countyNames(ctx.db);
  const f = openProfile(pii, x.r.data as SealedProfile);
  const [chamber] = f.chamberId ? await ctx.db.select({ name: chambers.name }).from(chambers).where(eq(chambers.id, f.chamberId)) : [];
  const data = FIELD_ORDER.filter((k) => f[k] !== undefined && f[k] !== null && !(Array.isArray(f[k]) && (f[k] as unknown[]).length === 0)).map((k) => ({
    field: k,
    value: k === 'idNumber' ? maskedId(f.idNumber) : k === 'phones' ? (f.phones ?? []).map(maskPhone) : k === 'nativeCountyId' ? names.get(f.nativeCountyId!) : k === 'chamberId' ? (chamber?.name ?? null) : k === 'locationCode' ? divisionName(f.locationCode!) : k === 'locationCountry' ? countryName(f.locationCountry!) : k === 'industryCode' ? (INDUSTRY_BY_CODE.get(f.industryCode!)?.name ?? f.industryCode) : f[k],
  }));
  const ids = x.r.kind === 'link' && x.r.matchTalentId ? [x.r.matchTalentId] : x.r.candidateIds;
  const visible = ids.length ? await ctx.db.select().from(talents).where(and(inArray(talents.id, ids), talentScope(ctx.user))) : [];
  const linked = new Set(
    visible.length ? (await ctx.db.select({ t: portalAccounts.talentId }).from(portalAccounts).where(inArray(portalAccounts.talentId, visible.map((v) => v.id)))).map((r) => r.t) : [],
  );
  const rules = await loadDuplicateRules(ctx.db);
  const keys = { idHash: f.idNumber ? pii.blindIndex('id', f.idNumber) : null, phoneHashes: (f.phones ?? []).map((p) => pii.blindIndex('phone', p)), name: f.name ?? '', birthDate: f.birthDate ?? null, employer: f.employer ?? null };
  const candidates = visible.map((t) => ({
    id: t.id,
    name: t.name,
    gender: t.gender,
    birthDate: t.birthDate,
    employer: t.employer,
    ownerCountyName: names.get(t.ownerCountyId) ?? null,
    idNumberMasked: t.idNumberMasked,
    phonesMasked: t.phonesMasked,
    reasons: scorePair(keys, keysOfRow(t), rules).reasons.map((m) => MATCH_REASON_LABELS[m]),
    linked: linked.has(t.id),
  }));
  return { ...toItem(x, f, names), data, candidates, hiddenCandidates: ids.length - visible.length };
}

function talentFieldsOf(f: Partial<PortalProfileFields>): Partial<TalentFields> {
  const { chamberId: _c, ...rest } = f;
  return rest;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export async function approveRegistration(ctx: Ctx, id: string, input: z.infer<typeof ApproveRegistrationBodySchema>, log?: NotifierLog) {
  const { r } = await loadRegistration(ctx, id);
  if (r.status !== 'pending') throw conflict('该登记已处理');
  if (r.version !== input.version) throw versionConflict();
  const [account] = await ctx.db.select().from(portalAccounts).where(eq(portalAccounts.id, r.accountId));
  if (!account || account.status !== 'active') throw conflict('该门户账号已注销');
  if (account.talentId) throw conflict('该门户账号已关联人才记录');
  const pii = await getPii(ctx.db, ctx.env);
  const f = openProfile(pii, r.data as SealedProfile);
  const reviewer = reviewerOf(ctx);
  const label = accountLabel(account).replace('portal:', '');
  if (input.linkTalentId) {
    const target = input.linkTalentId;
    if (target !== r.matchTalentId && !r.candidateIds.includes(target)) throw invalid('linkTalentId', '只能关联本次匹配到的人才记录');
    const [row] = await ctx.db.select().from(talents).where(and(eq(talents.id, target), writeScope(ctx.user)));
    if (!row) throw notFound('人才记录');
    const [holder] = await ctx.db.select({ id: portalAccounts.id }).from(portalAccounts).where(eq(portalAccounts.talentId, target));
    if (holder) throw conflict('该人才记录已关联其他门户账号');
    await ctx.db.transaction(async (tx) => {
      await tx.update(portalAccounts).set({ talentId: row.id, version: account.version + 1 }).where(eq(portalAccounts.id, account.id));
      await tx.insert(talentHistory).values({ talentId: row.id, actorId: ctx.user.id, actorName: ctx.user.username, action: 'portal_link', changes: [], note: `一家人云服务平台账号（${label}）经审核确认为本人，已关联` });
      await applySubmission(tx, ctx, pii, account, row, f);
      await markReviewed(tx, ctx, r, 'approved', { talentId: row.id });
    });
  } else {
    await ctx.db.transaction(async (tx) => {
      const row = await insertTalentRecord(tx, ctx.env, reviewer, { ...talentFieldsOf(f), ownerCountyId: r.countyId, isNative: true, status: 'abroad', source: 'portal', tags: ['本人登记'], category: f.category ?? 'other' }, {
        note: `本人通过一家人云服务平台登记（账号 ${label}），经审核确认`,
        check: (fields) => assertCanOwn(ctx.user, fields.ownerCountyId!, null),
      });
      await tx.update(portalAccounts).set({ talentId: row.id, version: account.version + 1 }).where(eq(portalAccounts.id, account.id));
      if (f.chamberId) await setChamber(tx, portalWriter(account, ctx.ip), row.id, null, f.chamberId);
      await markReviewed(tx, ctx, r, 'approved', { talentId: row.id });
    });
  }
  await notifyAccount({ ...ctx, log }, account, 'portal.review_result', { what: '登记信息', result: '已审核通过', reason: '' });
  return getRegistration(ctx, id);
}

/**
 * On linking, the talent's submission meets the existing record: contact details and free text
 * apply as if the talent had just saved them; identity/classification differences become a
 * pending change for the owning county.
 */
async function applySubmission(tx: Db, ctx: Ctx, pii: Pii, account: PortalAccountRow, row: typeof talents.$inferSelect, f: Partial<PortalProfileFields>) {
  const writer = portalWriter(account, ctx.ip);
  const current = rowToFields(row, pii);
  const immediate = IMMEDIATE_FIELDS.filter((k) => k !== 'chamberId' && f[k] !== undefined && !same(f[k], current[k as keyof typeof current]));
  let base = row;
  if (immediate.length) {
    const patch: Partial<TalentFields> = Object.fromEntries(immediate.map((k) => [k, k === 'phones' ? [...new Set([...(current.phones ?? []), ...(f.phones ?? [])])].slice(0, 5) : f[k]]));
    base = (await updateTalentRecord(tx, ctx.env, writer, row, row.version, patch, { action: 'portal_update', note: '本人登记信息（关联确认时写入）', auditAction: 'portal.profile_update' })).row;
  }
  if (f.chamberId) await setChamber(tx, writer, row.id, null, f.chamberId);
  const reviewed = REVIEWED_FIELDS.filter((k) => f[k] !== undefined && f[k] !== null && !same(f[k], current[k as keyof typeof current]));
  if (!reviewed.length) return;
  const proposed = Object.fromEntries(reviewed.map((k) => [k, f[k]]));
  const names = await countyNames(tx);
  const show = (k: string, v: unknown) => (k === 'idNumber' ? maskedId(v as string | null) : k === 'nativeCountyId' ? (names.get(v as string) ?? null) : (v ?? null));
  const { idNumber, ...plain } = proposed as Partial<PortalProfileFields>;
  await tx.insert(portalChanges).values({
    accountId: account.id,
    talentId: base.id,
    countyId: base.ownerCountyId,
    proposed: { ...plain, ...(idNumber !== undefined ? { idNumberEnc: idNumber ? pii.encrypt(idNumber) : null } : {}) },
    changes: reviewed.map((k) => ({ field: k, before: show(k, current[k as keyof typeof current]), after: show(k, f[k]) })),
  });
}

async function markReviewed(tx: Db, ctx: Ctx, r: RegRow, status: 'approved' | 'rejected', extra: { talentId?: string; reason?: string }) {
  const [u] = await tx
    .update(portalRegistrations)
    .set({ status, talentId: extra.talentId ?? null, reason: extra.reason ?? null, reviewedBy: ctx.user.id, reviewedByName: ctx.user.displayName, reviewedAt: new Date(), version: r.version + 1, updatedAt: new Date() })
    .where(and(eq(portalRegistrations.id, r.id), eq(portalRegistrations.version, r.version)))
    .returning({ id: portalRegistrations.id });
  if (!u) throw versionConflict();
  await appendAudit(tx, { action: status === 'approved' ? 'portal.registration_approve' : 'portal.registration_reject', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'portal_registration', targetId: r.id, detail: { kind: r.kind, talentId: extra.talentId ?? null } });
}

export async function rejectRegistration(ctx: Ctx, id: string, input: z.infer<typeof RejectBodySchema>, log?: NotifierLog) {
  const { r } = await loadRegistration(ctx, id);
  if (r.status !== 'pending') throw conflict('该登记已处理');
  if (r.version !== input.version) throw versionConflict();
  await ctx.db.transaction((tx) => markReviewed(tx, ctx, r, 'rejected', { reason: input.reason }));
  const [account] = await ctx.db.select().from(portalAccounts).where(eq(portalAccounts.id, r.accountId));
  if (account?.status === 'active') await notifyAccount({ ...ctx, log }, account, 'portal.review_result', { what: '登记信息', result: '被退回', reason: input.reason.slice(0, 60) });
  return getRegistration(ctx, id);
}

