import { and, arrayOverlaps, asc, desc, eq, ilike, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { isPhone, maskPhone, normalisePhone } from '../../../../contracts/id-number.ts';
import { HOTLINE_STAFF, type HotlineCase, type ListCasesQuerySchema, type LookupResult } from '../../../../contracts/hotline.ts';
import type { Db } from '../../db/client.ts';
import { hotlineCaseEvents, hotlineCases, talents, userRoles, users } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { invalid } from '../../lib/errors.ts';
import { getPii } from '../../lib/pii.ts';
import { loadNameMaps } from '../talents/talent-lookups.ts';
import { talentScope } from '../talents/talents.policy.ts';
import { loadCaseNames, talentBrief, toCase } from './case-view.ts';
import { caseScope } from './hotline.policy.ts';
import { loadSlaContext } from './sla-config.ts';

const OPEN = ['new', 'in_progress', 'follow_up'];
const RUNNING = ['new', 'in_progress'];

/** Open, not paused, and a target passed: what the supervisor's list shows. */
export function overdueWhere(now: Date): SQL {
  return and(
    inArray(hotlineCases.status, RUNNING),
    isNull(hotlineCases.pausedAt),
    or(lt(hotlineCases.firstResponseDueAt, now), lt(hotlineCases.resolutionDueAt, now)),
  )!;
}

function nearWhere(now: Date): SQL {
  return and(
    inArray(hotlineCases.status, RUNNING),
    isNull(hotlineCases.pausedAt),
    or(lt(hotlineCases.firstResponseWarnAt, now), lt(hotlineCases.resolutionWarnAt, now)),
    sql`not (${overdueWhere(now)})`,
  )!;
}

/**
 * Escalation (超时督办): marks every case whose target passed and that is not escalated yet, with an
 * `escalate` event on its timeline. Idempotent and cheap (indexed), so it runs before the lists are
 * read and from the periodic job; the supervisor's list itself is computed from the due times.
 */
export async function sweepEscalations(db: Db, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(hotlineCases)
      .set({ escalatedAt: now })
      .where(and(overdueWhere(now), isNull(hotlineCases.escalatedAt)))
      .returning({ id: hotlineCases.id, frDue: hotlineCases.firstResponseDueAt, resDue: hotlineCases.resolutionDueAt });
    if (rows.length) {
      await tx.insert(hotlineCaseEvents).values(
        rows.map((r) => ({
          caseId: r.id, at: now, actorId: null, actorName: '系统', action: 'escalate',
          note: r.frDue && r.frDue < now ? '超过首次响应时限，已提交督办' : '超过办结时限，已提交督办',
          detail: { firstResponseDueAt: r.frDue?.toISOString() ?? null, resolutionDueAt: r.resDue?.toISOString() ?? null },
        })),
      );
    }
    return rows.length;
  });
}

async function pageOfCases(ctx: Ctx, where: SQL, order: SQL[], page: number, pageSize: number, now: Date) {
  const [rows, [cnt], sc] = await Promise.all([
    ctx.db.select().from(hotlineCases).where(where).orderBy(...order).limit(pageSize).offset((page - 1) * pageSize),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(hotlineCases).where(where),
    loadSlaContext(ctx.db),
  ]);
  const names = await loadCaseNames(ctx.db, rows);
  return { items: rows.map((r) => toCase(r, names, sc, now)), total: cnt?.n ?? 0, page, pageSize };
}

export async function listCases(ctx: Ctx, q: z.infer<typeof ListCasesQuerySchema>, now = new Date()) {
  await sweepEscalations(ctx.db, now);
  const conds: SQL[] = [caseScope(ctx.user)];
  if (q.status === 'open') conds.push(inArray(hotlineCases.status, OPEN));
  else if (q.status) conds.push(eq(hotlineCases.status, q.status));
  if (q.category) conds.push(eq(hotlineCases.category, q.category));
  if (q.source) conds.push(eq(hotlineCases.source, q.source));
  if (q.level === 'city') conds.push(isNull(hotlineCases.countyId));
  else if (q.level) {
    if (!/^[0-9a-f-]{36}$/i.test(q.level)) throw invalid('level', '承办层级无效');
    conds.push(eq(hotlineCases.countyId, q.level));
  }
  if (q.mine) conds.push(eq(hotlineCases.assigneeId, ctx.user.id));
  if (q.sla === 'overdue') conds.push(overdueWhere(now));
  if (q.sla === 'near') conds.push(nearWhere(now));
  if (q.sla === 'paused') conds.push(and(inArray(hotlineCases.status, OPEN), isNotNull(hotlineCases.pausedAt))!);
  if (q.phone) conds.push(eq(hotlineCases.callerPhoneHash, await phoneHash(ctx, q.phone)));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(hotlineCases.number, like), ilike(hotlineCases.subject, like), ilike(hotlineCases.callerName, like), ilike(hotlineCases.content, like))!);
  }
  const order = q.sla ? [asc(sql`least(${hotlineCases.firstResponseDueAt}, ${hotlineCases.resolutionDueAt})`), desc(hotlineCases.createdAt)] : [desc(hotlineCases.createdAt), desc(hotlineCases.id)];
  return pageOfCases(ctx, and(...conds)!, order, q.page, q.pageSize, now);
}

/** 督办 list: open cases past a target, in scope, longest overdue first. */
export async function listEscalations(ctx: Ctx, q: { page: number; pageSize: number }, now = new Date()) {
  await sweepEscalations(ctx.db, now);
  const where = and(caseScope(ctx.user), overdueWhere(now), isNotNull(hotlineCases.escalatedAt))!;
  return pageOfCases(ctx, where, [asc(hotlineCases.escalatedAt), asc(hotlineCases.createdAt)], q.page, q.pageSize, now);
}

async function phoneHash(ctx: Ctx, raw: string): Promise<string> {
  const phone = normalisePhone(raw);
  if (!isPhone(phone)) throw invalid('phone', '来电号码不是有效的手机号或带区号的固定电话');
  return (await getPii(ctx.db, ctx.env)).blindIndex('phone', phone);
}

/**
 * A call comes in: the talents in scope with this phone (masked) and the earlier cases of this
 * number or of those talents — through the blind index, never decrypting anything.
 */
export async function lookupCaller(ctx: Ctx, raw: string, now = new Date()): Promise<LookupResult> {
  const hash = await phoneHash(ctx, raw);
  const found = await ctx.db
    .select()
    .from(talents)
    .where(and(arrayOverlaps(talents.phoneHashes, [hash]), talentScope(ctx.user)))
    .limit(5);
  const ids = found.map((t) => t.id);
  const match = ids.length ? or(eq(hotlineCases.callerPhoneHash, hash), inArray(hotlineCases.talentId, ids))! : eq(hotlineCases.callerPhoneHash, hash);
  const [rows, sc, nameMaps] = await Promise.all([
    ctx.db.select().from(hotlineCases).where(and(match, caseScope(ctx.user))).orderBy(desc(hotlineCases.createdAt)).limit(20),
    loadSlaContext(ctx.db),
    loadNameMaps(ctx.db),
  ]);
  const names = await loadCaseNames(ctx.db, rows);
  return {
    phoneMasked: maskPhone(normalisePhone(raw)),
    talents: found.map((t) => talentBrief(t, nameMaps.counties)),
    cases: rows.map((r): HotlineCase => toCase(r, names, sc, now)),
  };
}

/** Desk users a case at this level may be assigned to (the city's may take any case). */
export async function listStaff(ctx: Ctx, level: string | undefined) {
  const countyId = level && level !== 'city' ? level : null;
  const rows = await ctx.db
    .selectDistinct({ id: users.id, displayName: users.displayName, countyId: userRoles.countyId, role: userRoles.role })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(inArray(userRoles.role, [...HOTLINE_STAFF]), eq(users.disabled, false), countyId ? or(isNull(userRoles.countyId), eq(userRoles.countyId, countyId)) : undefined))
    .orderBy(users.displayName);
  return rows;
}
