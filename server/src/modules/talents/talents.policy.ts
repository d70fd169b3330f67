import { and, isNull, sql, type SQL } from 'drizzle-orm';
import { talents } from '../../db/schema/index.ts';
import type { SessionUser } from '../../lib/context.ts';
import { hasRole } from '../../lib/context.ts';
import { forbidden, invalid } from '../../lib/errors.ts';
import { scopeOf, scopeWhere, type ScopeColumns } from '../../lib/scope.ts';

// The role lists live in contracts/ so the web shows exactly what the server allows.
import { PII_VIEWERS, TALENT_READERS, TALENT_WRITERS } from '../../../../contracts/roles.ts';
export { PII_VIEWERS, TALENT_READERS, TALENT_WRITERS };

export const TALENT_SCOPE: ScopeColumns = {
  county: talents.ownerCountyId,
  outpost: talents.outpostId,
  selfUser: talents.accountUserId,
  leaderAssigned: (leaderId) =>
    sql`exists (select 1 from liaison_assignments la where la.talent_id = ${talents.id} and la.leader_id = ${leaderId} and la.active)`,
};

/**
 * The same scope with the county and outpost compared as text, which no index serves. For a
 * search-box query: its matches (a few thousand at most) come from the text indexes and are
 * checked against the scope row by row, instead of the planner ANDing them with the bitmap of a
 * whole county (166,913 rows at 1M), which cost most of a county search (bench analysis 2026-11-26).
 */
const TALENT_SCOPE_TEXT_DRIVEN: ScopeColumns = {
  ...TALENT_SCOPE,
  county: sql`(${talents.ownerCountyId}::text)`,
  outpost: sql`(${talents.outpostId}::text)`,
};

/** The row filter of every registry read: in the user's scope and not merged away. */
export function talentScope(user: SessionUser, opts: { textDriven?: boolean } = {}): SQL {
  return and(scopeWhere(user, opts.textDriven ? TALENT_SCOPE_TEXT_DRIVEN : TALENT_SCOPE), isNull(talents.mergedInto))!;
}

/** Writers only: hotline agents and leaders read but don't edit here. */
export function writeScope(user: SessionUser): SQL {
  const writer: SessionUser = { ...user, roles: user.roles.filter((r) => TALENT_WRITERS.includes(r.role)) };
  return and(scopeWhere(writer, TALENT_SCOPE), isNull(talents.mergedInto))!;
}

/**
 * Checks that a record with these ownership fields may be written by the user: a county admin
 * only into their own counties, outpost staff only for their outpost; the city anywhere.
 */
export function assertCanOwn(user: SessionUser, ownerCountyId: string, outpostId: string | null | undefined): void {
  if (!hasRole(user, ...TALENT_WRITERS)) throw forbidden();
  const writer: SessionUser = { ...user, roles: user.roles.filter((r) => TALENT_WRITERS.includes(r.role)) };
  const s = scopeOf(writer);
  if (s.all) return;
  if (s.countyIds.includes(ownerCountyId)) return;
  if (outpostId && s.outpostIds.includes(outpostId)) return;
  if (s.outpostIds.length > 0) throw invalid('outpostId', '工作站人员只能登记本工作站推荐的人才');
  throw invalid('ownerCountyId', '只能登记或移入本县（市、区）的人才');
}

export function canViewPii(user: SessionUser): boolean {
  return hasRole(user, ...PII_VIEWERS);
}

