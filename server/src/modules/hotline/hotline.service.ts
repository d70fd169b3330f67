import { and, desc, eq, or, sql } from 'drizzle-orm';
import { maskPhone } from '../../../../contracts/id-number.ts';
import {
  CreateCaseBodySchema,
  HOTLINE_STATUSES,
  HOTLINE_STAFF,
  type CreateCaseBody,
  type HotlineCaseDetail,
  type TalentCaseView,
} from '../../../../contracts/hotline.ts';
import type { Db } from '../../db/client.ts';
import { counties, hotlineCaseCounters, hotlineCaseEvents, hotlineCases, talents, userRoles, users } from '../../db/schema/index.ts';
import type { Env } from '../../env.ts';
import { appendAudit } from '../../lib/audit.ts';
import { hasRole, type Ctx, type SessionUser } from '../../lib/context.ts';
import { forbidden, invalid, notFound } from '../../lib/errors.ts';
import { getPii } from '../../lib/pii.ts';
import { loadNameMaps } from '../talents/talent-lookups.ts';
import { talentScope } from '../talents/talents.policy.ts';
import { dueColumns, type CaseRow } from './case-sla.ts';
import { eventsOf, loadCaseNames, talentBrief, toDetail } from './case-view.ts';
import { assertCanOpenAt, caseScope } from './hotline.policy.ts';
import { loadSlaContext, policyFor } from './sla-config.ts';
import { parseInput } from './parse.ts';
import { beijingDate } from './sla.ts';

/**
 * Who opens a case: desk staff (a route's `Ctx` fits: `{ user, env, ip }`), or the portal (its
 * `PortalCtx` fits: `{ accountId, talentId, env, ip }` — the account of the session and its linked
 * talent, never ids from the request).
 */
export type CaseActor = StaffActor | PortalActor;
export interface StaffActor {
  user: SessionUser;
  env: Env;
  ip?: string | null;
}
export interface PortalActor {
  accountId: string;
  talentId: string | null;
  env: Env;
  ip?: string | null;
}
const isPortal = (a: CaseActor): a is PortalActor => 'accountId' in a && typeof a.accountId === 'string';

/** Beijing year + per-year counter: RX-2026-000123. */
async function nextNumber(tx: Db, at: Date): Promise<string> {
  const year = Number(beijingDate(at).slice(0, 4));
  const [row] = await tx
    .insert(hotlineCaseCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: hotlineCaseCounters.year, set: { last: sql`${hotlineCaseCounters.last} + 1` } })
    .returning({ last: hotlineCaseCounters.last });
  return `RX-${year}-${String(row!.last).padStart(6, '0')}`;
}

/** An assignee must be an active desk user working at the case's level (or the city level). */
export async function assertAssignable(db: Db, assigneeId: string, countyId: string | null): Promise<void> {
  const rows = await db
    .select({ role: userRoles.role, countyId: userRoles.countyId })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(userRoles.userId, assigneeId), eq(users.disabled, false)));
  const desk = rows.filter((r) => HOTLINE_STAFF.includes(r.role as never));
  // A city case may go to any desk user by name; a county case to that county's or the city's staff.
  const ok = countyId === null ? desk.length > 0 : desk.some((r) => r.countyId === null || r.countyId === countyId);
  if (!ok) throw invalid('assigneeId', '承办人须为该层级热线的在岗人员');
}

export async function assertCountyExists(db: Db, countyId: string | null): Promise<void> {
  if (!countyId) return;
  const [c] = await db.select({ id: counties.id }).from(counties).where(and(eq(counties.id, countyId), eq(counties.active, true)));
  if (!c) throw invalid('countyId', '承办层级不存在');
}

/**
 * Opens a case — the one entry of the queue for calls, visits and the portal's "ask for help".
 *
 * - Desk staff (hotline_agent, city_admin, county_admin) open cases at a level they work at; a
 *   linked talent must be one they can see.
 * - A talent (portal) may only open `source: 'portal'` cases for the talent record whose account
 *   they are; it lands on the city hotline unless `countyId` says otherwise.
 *
 * The input is validated here with the API's schema, so callers outside HTTP get the same errors.
 */
export async function createCase(db: Db, actor: CaseActor, input: CreateCaseBody, opts: { now?: Date } = {}): Promise<{ id: string; number: string }> {
  const body = parseInput(CreateCaseBodySchema, input);
  const now = opts.now ?? new Date();
  const staff = !isPortal(actor) && hasRole(actor.user, ...HOTLINE_STAFF);
  let talentId = body.talentId ?? null;
  if (isPortal(actor)) {
    if (body.source !== 'portal') throw invalid('source', '一家人云服务平台提交的诉求来源须为网上诉求');
    // The portal's own talent, never one named in the request.
    if (talentId && talentId !== actor.talentId) throw notFound('人才记录');
    talentId = actor.talentId;
  } else if (body.source === 'portal') {
    throw invalid('source', '网上诉求只能由人才本人在一家人云服务平台提交');
  } else {
    if (!staff) throw forbidden();
    assertCanOpenAt(actor.user, body.countyId);
    if (talentId) {
      const [t] = await db.select({ id: talents.id }).from(talents).where(and(eq(talents.id, talentId), talentScope(actor.user)));
      if (!t) throw invalid('talentId', '人才记录不存在');
    }
  }
  await assertCountyExists(db, body.countyId);
  if (body.assigneeId) {
    if (!staff) throw invalid('assigneeId', '不能指定承办人');
    await assertAssignable(db, body.assigneeId, body.countyId);
  }
  const pii = await getPii(db, actor.env);
  const phone = body.callerPhone ?? null;
  const policy = await policyFor(db, body.category, body.countyId);
  const sc = await loadSlaContext(db);
  const base = {
    createdAt: now,
    slaFirstResponseMinutes: policy.firstResponseMinutes,
    slaResolutionMinutes: policy.resolutionMinutes,
    pausedMinutes: 0,
    pausedAt: null,
    firstRespondedAt: null,
    firstResponseUsedMinutes: null,
    resolutionUsedMinutes: null,
  };
  const who = isPortal(actor) ? { id: null, name: `portal:${actor.accountId}` } : { id: actor.user.id, name: actor.user.username };
  const subject = body.subject ?? body.content.replace(/\s+/g, ' ').slice(0, 30);
  return db.transaction(async (tx) => {
    const number = await nextNumber(tx, now);
    const [row] = await tx
      .insert(hotlineCases)
      .values({
        ...base,
        ...dueColumns(sc, base),
        number,
        source: body.source,
        callerName: body.callerName ?? null,
        callerPhoneEnc: phone ? pii.encrypt(phone) : null,
        callerPhoneHash: phone ? pii.blindIndex('phone', phone) : null,
        callerPhoneMasked: phone ? maskPhone(phone) : null,
        talentId,
        portalAccountId: isPortal(actor) ? actor.accountId : null,
        category: body.category,
        countyId: body.countyId,
        assigneeId: body.assigneeId ?? null,
        status: 'new',
        subject,
        content: body.content,
        contactPref: body.contactPref,
        contactNote: body.contactNote ?? null,
        createdBy: who.id,
        updatedAt: now,
      })
      .returning({ id: hotlineCases.id });
    const id = row!.id;
    await tx.insert(hotlineCaseEvents).values({
      caseId: id, at: now, actorId: who.id, actorName: isPortal(actor) ? '本人（一家人云服务平台）' : who.name, action: 'create', toStatus: 'new',
      note: null, detail: { source: body.source, category: body.category, countyId: body.countyId, assigneeId: body.assigneeId ?? null },
    });
    await appendAudit(tx, { action: 'hotline.case_create', actorId: who.id, actorName: who.name, ip: actor.ip ?? null, targetType: 'hotline_case', targetId: id, detail: { number, source: body.source } });
    return { id, number };
  });
}

/**
 * The cases of one talent as the portal shows them to that talent: status and the answer given,
 * never internal notes, assignees or SLA data. The caller (the portal) must already have checked
 * that `talentId` is the logged-in talent's own record.
 */
export async function listCasesForTalent(db: Db, talentId: string): Promise<TalentCaseView[]> {
  const rows = await db.select().from(hotlineCases).where(eq(hotlineCases.talentId, talentId)).orderBy(desc(hotlineCases.createdAt)).limit(200);
  return rows.map(toTalentView);
}

function toTalentView(r: CaseRow): TalentCaseView {
  return {
    id: r.id,
    number: r.number,
    source: r.source as TalentCaseView['source'],
    category: r.category as TalentCaseView['category'],
    subject: r.subject,
    content: r.content,
    status: r.status as TalentCaseView['status'],
    statusLabel: HOTLINE_STATUSES[r.status as keyof typeof HOTLINE_STATUSES] ?? r.status,
    // The answer is shown once given (待回访 / 已办结, or kept after a reopening).
    answer: r.answer,
    answeredAt: r.answeredAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
  };
}

/**
 * The cases a portal account asked for, and those of its linked talent (e.g. earlier calls): the
 * portal's "my requests" list. Same shape as listCasesForTalent.
 */
export async function listCasesForPortalAccount(db: Db, accountId: string, talentId: string | null): Promise<TalentCaseView[]> {
  const where = talentId ? or(eq(hotlineCases.portalAccountId, accountId), eq(hotlineCases.talentId, talentId))! : eq(hotlineCases.portalAccountId, accountId);
  const rows = await db.select().from(hotlineCases).where(where).orderBy(desc(hotlineCases.createdAt)).limit(200);
  return rows.map(toTalentView);
}

/** A case in the user's scope, or 404 (out of scope looks exactly like missing). */
export async function loadCase(ctx: Ctx, id: string): Promise<CaseRow> {
  const [row] = await ctx.db.select().from(hotlineCases).where(and(eq(hotlineCases.id, id), caseScope(ctx.user)));
  if (!row) throw notFound('诉求');
  return row;
}

export async function caseDetail(ctx: Ctx, row: CaseRow, now = new Date()): Promise<HotlineCaseDetail> {
  const [names, sc, events] = await Promise.all([loadCaseNames(ctx.db, [row]), loadSlaContext(ctx.db), eventsOf(ctx.db, row.id)]);
  let talent = null;
  if (row.talentId) {
    const [t] = await ctx.db.select().from(talents).where(and(eq(talents.id, row.talentId), talentScope(ctx.user)));
    if (t) talent = talentBrief(t, (await loadNameMaps(ctx.db)).counties);
  }
  return toDetail(row, names, sc, now, talent, events);
}

export async function getCase(ctx: Ctx, id: string): Promise<HotlineCaseDetail> {
  return caseDetail(ctx, await loadCase(ctx, id));
}
