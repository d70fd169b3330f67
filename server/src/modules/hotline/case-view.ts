import { asc, eq, inArray } from 'drizzle-orm';
import type { CaseEventSchema, HotlineCase, HotlineCaseDetail, TalentBrief } from '../../../../contracts/hotline.ts';
import type { z } from 'zod';
import { CATEGORIES, STATUSES } from '../../../../contracts/talents.ts';
import type { Db } from '../../db/client.ts';
import { counties, hotlineCaseEvents, talents, users } from '../../db/schema/index.ts';
import { locationNameOf } from '../talents/talent-record.ts';
import { slaOf, type CaseRow } from './case-sla.ts';
import type { SlaContext } from './sla-config.ts';

export interface CaseNames {
  counties: Map<string, string>;
  users: Map<string, string>;
  talents: Map<string, string>;
}

/** Display names for a page of cases: counties (small table), assignees and talents by id. */
export async function loadCaseNames(db: Db, rows: Pick<CaseRow, 'assigneeId' | 'talentId'>[]): Promise<CaseNames> {
  const userIds = [...new Set(rows.map((r) => r.assigneeId).filter((x): x is string => !!x))];
  const talentIds = [...new Set(rows.map((r) => r.talentId).filter((x): x is string => !!x))];
  const [cs, us, ts] = await Promise.all([
    db.select({ id: counties.id, name: counties.name }).from(counties),
    userIds.length ? db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds)) : [],
    talentIds.length ? db.select({ id: talents.id, name: talents.name }).from(talents).where(inArray(talents.id, talentIds)) : [],
  ]);
  return {
    counties: new Map(cs.map((c) => [c.id, c.name])),
    users: new Map(us.map((u) => [u.id, u.name])),
    talents: new Map(ts.map((t) => [t.id, t.name])),
  };
}

export function levelName(names: CaseNames, countyId: string | null): string {
  return countyId ? `${names.counties.get(countyId) ?? '县（市、区）'}热线` : '市热线';
}

export function toCase(r: CaseRow, names: CaseNames, sc: SlaContext, now: Date): HotlineCase {
  const sla = slaOf(sc, r, now);
  return {
    id: r.id,
    number: r.number,
    version: r.version,
    source: r.source as HotlineCase['source'],
    callerName: r.callerName,
    callerPhoneMasked: r.callerPhoneMasked,
    talentId: r.talentId,
    talentName: r.talentId ? (names.talents.get(r.talentId) ?? null) : null,
    category: r.category as HotlineCase['category'],
    countyId: r.countyId,
    levelName: levelName(names, r.countyId),
    assigneeId: r.assigneeId,
    assigneeName: r.assigneeId ? (names.users.get(r.assigneeId) ?? null) : null,
    status: r.status as HotlineCase['status'],
    waitingCaller: r.waitingCaller,
    subject: r.subject,
    createdAt: r.createdAt.toISOString(),
    firstRespondedAt: r.firstRespondedAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    escalatedAt: r.escalatedAt?.toISOString() ?? null,
    outcome: r.outcome as HotlineCase['outcome'],
    satisfaction: r.satisfaction,
    firstResponse: sla.firstResponse,
    resolution: sla.resolution,
  };
}

/** A talent as the desk sees it: masked phones, no ID number. */
export function talentBrief(t: typeof talents.$inferSelect, countyNames: Map<string, string>): TalentBrief {
  return {
    id: t.id,
    name: t.name,
    gender: t.gender === 'male' ? '男' : t.gender === 'female' ? '女' : null,
    phonesMasked: t.phonesMasked,
    ownerCountyName: countyNames.get(t.ownerCountyId) ?? null,
    employer: t.employer,
    position: t.position,
    locationName: locationNameOf(t),
    category: CATEGORIES[t.category as keyof typeof CATEGORIES] ?? t.category,
    status: STATUSES[t.status as keyof typeof STATUSES] ?? t.status,
  };
}

type CaseEvent = z.infer<typeof CaseEventSchema>;

export async function eventsOf(db: Db, caseId: string): Promise<CaseEvent[]> {
  const rows = await db
    .select({ e: hotlineCaseEvents, displayName: users.displayName })
    .from(hotlineCaseEvents)
    .leftJoin(users, eq(users.id, hotlineCaseEvents.actorId))
    .where(eq(hotlineCaseEvents.caseId, caseId))
    .orderBy(asc(hotlineCaseEvents.id));
  return rows.map(({ e, displayName }) => ({
    id: e.id,
    at: e.at.toISOString(),
    actorName: displayName ?? e.actorName,
    action: e.action,
    fromStatus: e.fromStatus as CaseEvent['fromStatus'],
    toStatus: e.toStatus as CaseEvent['toStatus'],
    note: e.note,
    detail: (e.detail as Record<string, unknown> | null) ?? null,
  }));
}

export function toDetail(r: CaseRow, names: CaseNames, sc: SlaContext, now: Date, talent: TalentBrief | null, events: CaseEvent[]): HotlineCaseDetail {
  return {
    ...toCase(r, names, sc, now),
    content: r.content,
    contactPref: r.contactPref as HotlineCaseDetail['contactPref'],
    contactNote: r.contactNote,
    answer: r.answer,
    answeredAt: r.answeredAt?.toISOString() ?? null,
    outcomeNote: r.outcomeNote,
    followUpNote: r.followUpNote,
    followedUpAt: r.followedUpAt?.toISOString() ?? null,
    reopenCount: r.reopenCount,
    pausedMinutes: r.pausedMinutes,
    talent,
    events,
  };
}
