import { and, asc, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  AssignBodySchema,
  Assignment,
  AssignmentListQuerySchema,
  Contact,
  ContactBodySchema,
  FollowUp,
  InspectionBodySchema,
  Rules,
  Supervision,
} from '../../../../contracts/liaison.ts';
import type { Db } from '../../db/client.ts';
import {
  counties,
  liaisonAssignments,
  liaisonContacts,
  liaisonFestivals,
  liaisonFollowUps,
  liaisonFrequencyRules,
  liaisonInspections,
  liaisonNotifications,
  talentHistory,
  talents,
  userRoles,
  users,
} from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { Ctx } from '../../lib/context.ts';
import { conflict, invalid, notFound } from '../../lib/errors.ts';
import { talentWhere } from '../talents/talents.search.ts';
import { writeScope } from '../talents/talents.policy.ts';
import { BUILTIN_FESTIVALS, beijingToday, computeDue, intervalFor, type DueResult, type Festival } from './due.ts';
import { leaderRoleOf, leaderWhere, officeUser } from './liaison.policy.ts';

const iso = (d: Date | string | null) => (d === null ? null : typeof d === 'string' ? d : d.toISOString());
const beijingDate = (d: Date) => beijingToday(d);

// ---------------------------------------------------------------- rules

export async function loadRules(db: Db): Promise<{ intervals: Map<string, number>; festivals: Festival[] }> {
  const [freq, fest] = await Promise.all([db.select().from(liaisonFrequencyRules), db.select().from(liaisonFestivals)]);
  return {
    intervals: new Map(freq.map((r) => [r.tier, r.intervalMonths])),
    festivals: [...BUILTIN_FESTIVALS, ...fest.map((f) => ({ name: f.name, day: f.day, windowBefore: f.windowBefore, windowAfter: f.windowAfter }))],
  };
}

export async function getRules(ctx: Ctx): Promise<Rules> {
  const [freq, fest] = await Promise.all([ctx.db.select().from(liaisonFrequencyRules).orderBy(asc(liaisonFrequencyRules.tier)), ctx.db.select().from(liaisonFestivals).orderBy(asc(liaisonFestivals.day))]);
  return {
    frequency: freq.length > 0 ? freq.map((r) => ({ tier: r.tier, intervalMonths: r.intervalMonths })) : [{ tier: '*', intervalMonths: 3 }],
    festivals: [...BUILTIN_FESTIVALS.map((f) => ({ ...f, builtin: true })), ...fest.map((f) => ({ name: f.name, day: f.day, windowBefore: f.windowBefore, windowAfter: f.windowAfter, builtin: false }))],
  };
}

const festivalText = (f: { name: string; day: string; windowBefore: number; windowAfter: number }) => `${f.name} ${f.day} −${f.windowBefore}/+${f.windowAfter}天`;

/** The city's rules (city_admin): replaces the frequency rows and the own festivals; audited with before/after. */
export async function putRules(ctx: Ctx, body: Rules): Promise<Rules> {
  const seen = new Set<string>();
  body.frequency.forEach((f, i) => {
    if (seen.has(f.tier)) throw invalid(`frequency.${i}.tier`, f.tier === '*' ? '默认频次只能设置一条' : `${f.tier}类的联系频次已设置，每个层级只能设置一条`);
    seen.add(f.tier);
  });
  const own = body.festivals.filter((f) => !f.builtin);
  const days = new Set<string>();
  body.festivals.forEach((f, i) => {
    if (f.builtin) return;
    const parsed = new Date(`${f.day}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== f.day) throw invalid(`festivals.${i}.day`, `节日日期 ${f.day} 不是有效日期`);
    const key = `${f.name}|${f.day}`;
    if (days.has(key)) throw invalid(`festivals.${i}.name`, `节日“${f.name}”（${f.day}）重复`);
    days.add(key);
  });
  const before = await getRules(ctx);
  await ctx.db.transaction(async (tx) => {
    await tx.delete(liaisonFrequencyRules);
    if (body.frequency.length > 0) await tx.insert(liaisonFrequencyRules).values(body.frequency.map((f) => ({ ...f, updatedBy: ctx.user.id })));
    await tx.delete(liaisonFestivals);
    if (own.length > 0) await tx.insert(liaisonFestivals).values(own.map((f) => ({ name: f.name, day: f.day, windowBefore: f.windowBefore, windowAfter: f.windowAfter, createdBy: ctx.user.id })));
    await appendAudit(tx, {
      action: 'liaison.rules',
      actorId: ctx.user.id,
      actorName: ctx.user.username,
      ip: ctx.ip,
      targetType: 'liaison_rules',
      detail: {
        before: { frequency: before.frequency, festivals: before.festivals.filter((f) => !f.builtin).map(festivalText) },
        after: { frequency: body.frequency, festivals: own.map(festivalText) },
      },
    });
  });
  return getRules(ctx);
}

// ---------------------------------------------------------------- leaders

export async function listLeaders(ctx: Ctx) {
  const rows = await ctx.db
    .select({
      id: users.id,
      displayName: users.displayName,
      countyId: userRoles.countyId,
      countyName: counties.name,
      assigned: sql<number>`(select count(*)::int from ${liaisonAssignments} la where la.leader_id = ${users.id} and la.active)`,
    })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .leftJoin(counties, eq(counties.id, userRoles.countyId))
    .where(and(eq(userRoles.role, 'leader'), eq(users.disabled, false), leaderWhere(ctx.user, sql`${users.id}`)))
    .orderBy(asc(counties.sortOrder), asc(users.displayName));
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

/** A leader the caller may see (else 404, like a missing one). */
async function visibleLeader(ctx: Ctx, leaderId: string) {
  const [l] = await ctx.db
    .select({ id: users.id, displayName: users.displayName, countyId: userRoles.countyId })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(leaderRoleOf(leaderId), leaderWhere(ctx.user, sql`${users.id}`)))
    .limit(1);
  if (!l) throw notFound('联系领导', { type: 'user', id: leaderId });
  return l;
}

// ---------------------------------------------------------------- assignments with due dates

interface AssignRow {
  id: string;
  talentId: string;
  talentName: string;
  tier: string | null;
  employer: string | null;
  position: string | null;
  leaderId: string;
  leaderName: string;
  active: boolean;
  assignedAt: Date;
  endedAt: Date | null;
}

async function assignmentRows(db: Db, where: SQL): Promise<AssignRow[]> {
  return db
    .select({
      id: liaisonAssignments.id,
      talentId: liaisonAssignments.talentId,
      talentName: talents.name,
      tier: talents.tier,
      employer: talents.employer,
      position: talents.position,
      leaderId: liaisonAssignments.leaderId,
      leaderName: users.displayName,
      active: liaisonAssignments.active,
      assignedAt: liaisonAssignments.assignedAt,
      endedAt: liaisonAssignments.endedAt,
    })
    .from(liaisonAssignments)
    .innerJoin(talents, eq(talents.id, liaisonAssignments.talentId))
    .innerJoin(users, eq(users.id, liaisonAssignments.leaderId))
    .where(and(where, isNull(talents.mergedInto)));
}

export function assignmentRowsForJob(db: Db, ids: string[]) {
  return assignmentRows(db, inArray(liaisonAssignments.id, ids));
}

/** Due dates of active assignments (rules + contacts of each assignment). */
export async function withDue(db: Db, rows: AssignRow[], today = beijingToday()): Promise<(Assignment & { due: DueResult | null })[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [rules, contacts, open] = await Promise.all([
    loadRules(db),
    db.select({ a: liaisonContacts.assignmentId, d: liaisonContacts.contactDate }).from(liaisonContacts).where(inArray(liaisonContacts.assignmentId, ids)),
    db
      .select({ a: liaisonContacts.assignmentId, n: count() })
      .from(liaisonFollowUps)
      .innerJoin(liaisonContacts, eq(liaisonContacts.id, liaisonFollowUps.contactId))
      .where(and(inArray(liaisonContacts.assignmentId, ids), eq(liaisonFollowUps.status, 'open')))
      .groupBy(liaisonContacts.assignmentId),
  ]);
  const byA = new Map<string, string[]>();
  for (const c of contacts) byA.set(c.a, [...(byA.get(c.a) ?? []), c.d]);
  const openBy = new Map(open.map((o) => [o.a, o.n]));
  return rows.map((r) => {
    const due = r.active
      ? computeDue({ assignedOn: beijingDate(r.assignedAt), contacts: byA.get(r.id) ?? [], intervalMonths: intervalFor(r.tier, rules.intervals), festivals: rules.festivals, today })
      : null;
    const mine = (byA.get(r.id) ?? []).sort();
    return {
      ...r,
      assignedAt: r.assignedAt.toISOString(),
      endedAt: iso(r.endedAt),
      lastContact: due?.lastContact ?? mine[mine.length - 1] ?? null,
      nextDue: due?.nextDue ?? null,
      reason: due?.reason ?? null,
      daysLeft: due?.daysLeft ?? null,
      status: due?.status ?? null,
      missedFestivals: due?.missedFestivals ?? [],
      openFollowUps: openBy.get(r.id) ?? 0,
      due,
    };
  });
}

const strip = ({ due: _due, ...a }: Assignment & { due: unknown }): Assignment => a;
const byDue = (a: Assignment, b: Assignment) => (a.nextDue ?? '9999') < (b.nextDue ?? '9999') ? -1 : (a.nextDue ?? '9999') > (b.nextDue ?? '9999') ? 1 : a.talentName.localeCompare(b.talentName, 'zh');

export async function listAssignments(ctx: Ctx, q: z.infer<typeof AssignmentListQuerySchema>): Promise<Assignment[]> {
  const parts: SQL[] = [leaderWhere(ctx.user, liaisonAssignments.leaderId)];
  if (q.leaderId) parts.push(eq(liaisonAssignments.leaderId, q.leaderId));
  if (q.talentId) parts.push(eq(liaisonAssignments.talentId, q.talentId));
  if (q.includeEnded !== 'true') parts.push(eq(liaisonAssignments.active, true));
  const rows = await assignmentRows(ctx.db, and(...parts)!);
  return (await withDue(ctx.db, rows)).map(strip).sort(byDue);
}

/** The leader's own list, most urgent first. */
export async function myTalents(ctx: Ctx): Promise<Assignment[]> {
  const rows = await assignmentRows(ctx.db, and(eq(liaisonAssignments.leaderId, ctx.user.id), eq(liaisonAssignments.active, true))!);
  return (await withDue(ctx.db, rows)).map(strip).sort(byDue);
}

export async function assign(ctx: Ctx, body: z.infer<typeof AssignBodySchema>) {
  const leader = await visibleLeader(ctx, body.leaderId);
  const office = officeUser(ctx.user);
  const parts: SQL[] = [writeScope(office)];
  if (body.talentIds?.length) parts.push(inArray(talents.id, body.talentIds));
  if (body.filter) parts.push(await talentWhere({ ...ctx, user: office }, body.filter));
  // A leader looks after natives of their own county.
  if (leader.countyId) parts.push(eq(talents.ownerCountyId, leader.countyId));
  const found = await ctx.db.select({ id: talents.id }).from(talents).where(and(...parts)).limit(501);
  if (found.length > 500) throw invalid('filter', '筛选结果超过 500 人，请缩小筛选范围');
  if (body.talentIds?.length && found.length < body.talentIds.length) throw notFound('人才');
  const ids = found.map((f) => f.id);
  if (ids.length === 0) return { assigned: 0, skipped: 0 };
  return ctx.db.transaction(async (tx) => {
    const already = await tx.select({ t: liaisonAssignments.talentId, l: liaisonAssignments.leaderId, id: liaisonAssignments.id }).from(liaisonAssignments).where(and(inArray(liaisonAssignments.talentId, ids), eq(liaisonAssignments.active, true)));
    const mine = new Set(already.filter((a) => a.l === leader.id).map((a) => a.t));
    const others = already.filter((a) => a.l !== leader.id);
    // A talent has one liaison leader at a time: assigning moves it (the old row is kept as history).
    if (others.length > 0) {
      await tx.update(liaisonAssignments).set({ active: false, endedAt: new Date(), endedBy: ctx.user.id }).where(inArray(liaisonAssignments.id, others.map((o) => o.id)));
    }
    const todo = ids.filter((id) => !mine.has(id));
    if (todo.length > 0) await tx.insert(liaisonAssignments).values(todo.map((talentId) => ({ talentId, leaderId: leader.id, assignedBy: ctx.user.id })));
    await appendAudit(tx, { action: 'liaison.assign', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'user', targetId: leader.id, detail: { assigned: todo.length, moved: others.length, bulk: !!body.filter } });
    return { assigned: todo.length, skipped: ids.length - todo.length };
  });
}

async function visibleAssignment(ctx: Ctx, id: string) {
  const [a] = await ctx.db.select().from(liaisonAssignments).where(and(eq(liaisonAssignments.id, id), leaderWhere(ctx.user, liaisonAssignments.leaderId)));
  if (!a) throw notFound('联系关系', { type: 'liaison_assignment', id });
  return a;
}

export async function reassign(ctx: Ctx, id: string, leaderId: string) {
  const office: Ctx = { ...ctx, user: officeUser(ctx.user) };
  const a = await visibleAssignment(office, id);
  if (!a.active) throw conflict('该联系关系已结束');
  if (a.leaderId === leaderId) throw invalid('leaderId', '新的联系领导与原领导相同');
  await visibleLeader(office, leaderId);
  await ctx.db.transaction(async (tx) => {
    await tx.update(liaisonAssignments).set({ active: false, endedAt: new Date(), endedBy: ctx.user.id }).where(eq(liaisonAssignments.id, id));
    await tx.insert(liaisonAssignments).values({ talentId: a.talentId, leaderId, assignedBy: ctx.user.id });
    await appendAudit(tx, { action: 'liaison.reassign', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'liaison_assignment', targetId: id, detail: { from: a.leaderId, to: leaderId, talentId: a.talentId } });
  });
  return { ok: true as const };
}

export async function endAssignment(ctx: Ctx, id: string) {
  const a = await visibleAssignment({ ...ctx, user: officeUser(ctx.user) }, id);
  if (!a.active) throw conflict('该联系关系已结束');
  await ctx.db.transaction(async (tx) => {
    await tx.update(liaisonAssignments).set({ active: false, endedAt: new Date(), endedBy: ctx.user.id }).where(eq(liaisonAssignments.id, id));
    await appendAudit(tx, { action: 'liaison.end', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'liaison_assignment', targetId: id, detail: { talentId: a.talentId, leaderId: a.leaderId } });
  });
  return { ok: true as const };
}

// ---------------------------------------------------------------- contacts and follow-ups

export async function logContact(ctx: Ctx, body: z.infer<typeof ContactBodySchema>): Promise<Contact> {
  const [a] = await ctx.db.select().from(liaisonAssignments).where(and(eq(liaisonAssignments.id, body.assignmentId), eq(liaisonAssignments.leaderId, ctx.user.id), eq(liaisonAssignments.active, true)));
  if (!a) throw notFound('联系对象', { type: 'liaison_assignment', id: body.assignmentId });
  const today = beijingToday();
  if (body.contactDate > today) throw invalid('contactDate', '联系日期不能晚于今天');
  if (body.contactDate < beijingDate(a.assignedAt)) throw invalid('contactDate', '联系日期不能早于联系关系建立日期');
  if (body.followUpNeeded && body.followUpDue && body.followUpDue < body.contactDate) throw invalid('followUpDue', '办结期限不能早于联系日期');
  const id = await ctx.db.transaction(async (tx) => {
    const [c] = await tx
      .insert(liaisonContacts)
      .values({ assignmentId: a.id, talentId: a.talentId, leaderId: ctx.user.id, channel: body.channel, contactDate: body.contactDate, summary: body.summary, problems: body.problems || null, followUpNeeded: body.followUpNeeded })
      .returning({ id: liaisonContacts.id });
    if (body.followUpNeeded) {
      const due = body.followUpDue ?? addDaysIso(body.contactDate, 30);
      await tx.insert(liaisonFollowUps).values({ contactId: c!.id, talentId: a.talentId, leaderId: ctx.user.id, problem: body.problems!, owner: body.followUpOwner || ctx.user.displayName, dueDate: due });
    }
    await tx.insert(talentHistory).values({
      talentId: a.talentId,
      actorId: ctx.user.id,
      actorName: ctx.user.displayName,
      action: 'liaison_contact',
      changes: [],
      note: `领导联系（${body.channel}，${body.contactDate}）：${body.summary}${body.problems ? `；反映问题：${body.problems}` : ''}${body.followUpNeeded ? '（需跟进）' : ''}`,
    });
    await appendAudit(tx, { action: 'liaison.contact', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'talent', targetId: a.talentId, detail: { channel: body.channel, date: body.contactDate, followUp: body.followUpNeeded } });
    return c!.id;
  });
  const [row] = await contactRows(ctx.db, eq(liaisonContacts.id, id));
  return row!;
}

function addDaysIso(d: string, n: number) {
  return new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

async function contactRows(db: Db, where: SQL): Promise<Contact[]> {
  return db
    .select({
      id: liaisonContacts.id,
      assignmentId: liaisonContacts.assignmentId,
      talentId: liaisonContacts.talentId,
      talentName: talents.name,
      leaderId: liaisonContacts.leaderId,
      leaderName: users.displayName,
      channel: liaisonContacts.channel,
      contactDate: liaisonContacts.contactDate,
      summary: liaisonContacts.summary,
      problems: liaisonContacts.problems,
      followUpNeeded: liaisonContacts.followUpNeeded,
    })
    .from(liaisonContacts)
    .innerJoin(talents, eq(talents.id, liaisonContacts.talentId))
    .innerJoin(users, eq(users.id, liaisonContacts.leaderId))
    .where(where)
    .orderBy(desc(liaisonContacts.contactDate), desc(liaisonContacts.createdAt))
    .limit(1000);
}

export async function listContacts(ctx: Ctx, q: { leaderId?: string; talentId?: string }) {
  const parts: SQL[] = [leaderWhere(ctx.user, liaisonContacts.leaderId)];
  if (q.leaderId) parts.push(eq(liaisonContacts.leaderId, q.leaderId));
  if (q.talentId) parts.push(eq(liaisonContacts.talentId, q.talentId));
  return contactRows(ctx.db, and(...parts)!);
}

async function followUpRows(db: Db, where: SQL): Promise<FollowUp[]> {
  const rows = await db
    .select({
      id: liaisonFollowUps.id,
      contactId: liaisonFollowUps.contactId,
      talentId: liaisonFollowUps.talentId,
      talentName: talents.name,
      leaderId: liaisonFollowUps.leaderId,
      leaderName: users.displayName,
      problem: liaisonFollowUps.problem,
      owner: liaisonFollowUps.owner,
      dueDate: liaisonFollowUps.dueDate,
      status: liaisonFollowUps.status,
      resolution: liaisonFollowUps.resolution,
      resolvedAt: liaisonFollowUps.resolvedAt,
    })
    .from(liaisonFollowUps)
    .innerJoin(talents, eq(talents.id, liaisonFollowUps.talentId))
    .innerJoin(users, eq(users.id, liaisonFollowUps.leaderId))
    .where(where)
    .orderBy(asc(liaisonFollowUps.status), asc(liaisonFollowUps.dueDate))
    .limit(1000);
  return rows.map((r) => ({ ...r, status: r.status as FollowUp['status'], resolvedAt: iso(r.resolvedAt) }));
}

export async function listFollowUps(ctx: Ctx, q: { leaderId?: string; status?: 'open' | 'solved' }) {
  const parts: SQL[] = [leaderWhere(ctx.user, liaisonFollowUps.leaderId)];
  if (q.leaderId) parts.push(eq(liaisonFollowUps.leaderId, q.leaderId));
  if (q.status) parts.push(eq(liaisonFollowUps.status, q.status));
  return followUpRows(ctx.db, and(...parts)!);
}

export async function resolveFollowUp(ctx: Ctx, id: string, resolution: string) {
  const [f] = await ctx.db.select().from(liaisonFollowUps).where(and(eq(liaisonFollowUps.id, id), leaderWhere(ctx.user, liaisonFollowUps.leaderId)));
  if (!f) throw notFound('跟进事项', { type: 'liaison_follow_up', id });
  if (f.status === 'solved') throw conflict('该事项已办结');
  await ctx.db.transaction(async (tx) => {
    await tx.update(liaisonFollowUps).set({ status: 'solved', resolution, resolvedAt: new Date(), resolvedBy: ctx.user.id }).where(eq(liaisonFollowUps.id, id));
    await tx.insert(talentHistory).values({ talentId: f.talentId, actorId: ctx.user.id, actorName: ctx.user.displayName, action: 'liaison_follow_up', changes: [], note: `领导联系反映问题已办结：${f.problem} → ${resolution}` });
    await appendAudit(tx, { action: 'liaison.resolve', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'liaison_follow_up', targetId: id });
  });
  const [row] = await followUpRows(ctx.db, eq(liaisonFollowUps.id, id));
  return row!;
}

// ---------------------------------------------------------------- supervision

type Row = Supervision['leaders'][number];

export async function supervision(ctx: Ctx, today = beijingToday()): Promise<Supervision> {
  const year = Number(today.slice(0, 4));
  const leaders = await listLeaders(ctx);
  const ids = leaders.map((l) => l.id);
  const empty = (): Omit<Row, 'leaderId' | 'leaderName' | 'countyId' | 'countyName'> => ({ assigned: 0, withinRule: 0, share: 1, overdue: 0, contactsThisYear: 0, problemsOpen: 0, problemsSolved: 0 });
  if (ids.length === 0) return { year, today, leaders: [], counties: [], overdueList: [] };
  const [rows, contactsN, problems] = await Promise.all([
    assignmentRows(ctx.db, and(inArray(liaisonAssignments.leaderId, ids), eq(liaisonAssignments.active, true))!).then((r) => withDue(ctx.db, r, today)),
    ctx.db
      .select({ l: liaisonContacts.leaderId, n: count() })
      .from(liaisonContacts)
      .where(and(inArray(liaisonContacts.leaderId, ids), sql`${liaisonContacts.contactDate} >= ${`${year}-01-01`}::date`, sql`${liaisonContacts.contactDate} <= ${`${year}-12-31`}::date`))
      .groupBy(liaisonContacts.leaderId),
    ctx.db.select({ l: liaisonFollowUps.leaderId, s: liaisonFollowUps.status, n: count() }).from(liaisonFollowUps).where(inArray(liaisonFollowUps.leaderId, ids)).groupBy(liaisonFollowUps.leaderId, liaisonFollowUps.status),
  ]);
  const per = new Map<string, Row>(leaders.map((l) => [l.id, { leaderId: l.id, leaderName: l.displayName, countyId: l.countyId, countyName: l.countyName, ...empty() }]));
  for (const a of rows) {
    const r = per.get(a.leaderId)!;
    r.assigned++;
    if (a.due?.overdue) r.overdue++;
    else r.withinRule++;
  }
  for (const c of contactsN) per.get(c.l)!.contactsThisYear = c.n;
  for (const p of problems) {
    const r = per.get(p.l)!;
    if (p.s === 'open') r.problemsOpen = p.n;
    else r.problemsSolved = p.n;
  }
  const leaderRows = [...per.values()].map((r) => ({ ...r, share: r.assigned === 0 ? 1 : r.withinRule / r.assigned }));
  const byCounty = new Map<string, Row>();
  for (const r of leaderRows) {
    const key = r.countyId ?? '';
    const c = byCounty.get(key) ?? { leaderId: null, leaderName: null, countyId: r.countyId, countyName: r.countyName ?? '市级', ...empty() };
    for (const k of ['assigned', 'withinRule', 'overdue', 'contactsThisYear', 'problemsOpen', 'problemsSolved'] as const) c[k] += r[k];
    byCounty.set(key, c);
  }
  const countyRows = [...byCounty.values()].map((r) => ({ ...r, share: r.assigned === 0 ? 1 : r.withinRule / r.assigned }));
  const overdueList = rows.filter((a) => a.due?.overdue).map(strip).sort(byDue);
  return { year, today, leaders: leaderRows, counties: countyRows, overdueList };
}

// ---------------------------------------------------------------- inspections

export async function listInspections(ctx: Ctx) {
  const office = officeUser(ctx.user);
  const s = office.roles.some((r) => r.role === 'city_admin' || (r.role === 'county_admin' && !r.countyId));
  const countyIds = office.roles.filter((r) => r.countyId).map((r) => r.countyId!);
  const rows = await ctx.db
    .select({ i: liaisonInspections, countyName: counties.name, leaderName: users.displayName })
    .from(liaisonInspections)
    .innerJoin(counties, eq(counties.id, liaisonInspections.countyId))
    .leftJoin(users, eq(users.id, liaisonInspections.leaderId))
    .where(s ? sql`true` : countyIds.length ? inArray(liaisonInspections.countyId, countyIds) : sql`false`)
    .orderBy(desc(liaisonInspections.inspectedOn))
    .limit(500);
  return rows.map(({ i, countyName, leaderName }) => ({ id: i.id, countyId: i.countyId, countyName, leaderId: i.leaderId, leaderName, inspectedOn: i.inspectedOn, inspector: i.inspector, findings: i.findings, rectificationDeadline: i.rectificationDeadline }));
}

export async function createInspection(ctx: Ctx, body: z.infer<typeof InspectionBodySchema>) {
  const office = officeUser(ctx.user);
  const all = office.roles.some((r) => r.role === 'city_admin' || (r.role === 'county_admin' && !r.countyId));
  if (!all && !office.roles.some((r) => r.countyId === body.countyId)) throw notFound('县（市、区）', { type: 'county', id: body.countyId });
  if (body.leaderId) {
    const l = await visibleLeader({ ...ctx, user: office }, body.leaderId);
    if (l.countyId !== body.countyId) throw invalid('leaderId', '该领导不属于所选县（市、区）');
  }
  if (body.rectificationDeadline && body.rectificationDeadline < body.inspectedOn) throw invalid('rectificationDeadline', '整改期限不能早于检查日期');
  const id = await ctx.db.transaction(async (tx) => {
    const [i] = await tx.insert(liaisonInspections).values({ ...body, leaderId: body.leaderId ?? null, rectificationDeadline: body.rectificationDeadline ?? null, createdBy: ctx.user.id }).returning({ id: liaisonInspections.id });
    await appendAudit(tx, { action: 'liaison.inspection', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'liaison_inspection', targetId: i!.id, detail: { countyId: body.countyId } });
    return i!.id;
  });
  return (await listInspections(ctx)).find((i) => i.id === id)!;
}

// ---------------------------------------------------------------- notifications

export async function myNotifications(ctx: Ctx) {
  const rows = await ctx.db.select().from(liaisonNotifications).where(eq(liaisonNotifications.userId, ctx.user.id)).orderBy(desc(liaisonNotifications.createdAt)).limit(100);
  return rows.map((n) => ({ id: n.id, talentId: n.talentId, kind: n.kind as 'week_before' | 'due' | 'overdue', dueDate: n.dueDate, text: n.text, readAt: iso(n.readAt), createdAt: n.createdAt.toISOString() }));
}

export async function readNotification(ctx: Ctx, id: string) {
  const r = await ctx.db.update(liaisonNotifications).set({ readAt: new Date() }).where(and(eq(liaisonNotifications.id, id), eq(liaisonNotifications.userId, ctx.user.id))).returning({ id: liaisonNotifications.id });
  if (r.length === 0) throw notFound('提醒');
  return { ok: true as const };
}

