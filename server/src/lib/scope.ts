import { inArray, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { SessionUser } from './context.ts';

/**
 * The one place that turns a user into the rows they may see (DESIGN.md §5). Every list, get,
 * count, search, aggregate, export and report of scoped data filters with `scopeWhere`.
 *
 * A user's scope is the union of what each of their role bindings grants:
 *   city_admin                      → the whole city
 *   county_admin / hotline_agent    → their county; bound to no county = city level = the whole city
 *   outpost_staff                   → records of their outpost
 *   leader                          → records assigned to them
 *   talent                          → their own record
 *   sysadmin, security_admin, auditor, employer → no business rows through this filter
 *     (employers see their own organisation through the events module's own column, later)
 */
export interface Scope {
  all: boolean;
  countyIds: string[];
  outpostIds: string[];
  /** Set when the user is a leader: rows assigned to this user id. */
  leaderUserId: string | null;
  /** Set when the user is a talent: rows whose owner account is this user id. */
  selfUserId: string | null;
}

export function scopeOf(user: Pick<SessionUser, 'id' | 'roles'>): Scope {
  const s: Scope = { all: false, countyIds: [], outpostIds: [], leaderUserId: null, selfUserId: null };
  for (const b of user.roles) {
    switch (b.role) {
      case 'city_admin':
        s.all = true;
        break;
      case 'county_admin':
      case 'hotline_agent':
        if (b.countyId) s.countyIds.push(b.countyId);
        else s.all = true;
        break;
      case 'outpost_staff':
        if (b.outpostId) s.outpostIds.push(b.outpostId);
        break;
      case 'leader':
        s.leaderUserId = user.id;
        break;
      case 'talent':
        s.selfUserId = user.id;
        break;
      default:
        break;
    }
  }
  s.countyIds = [...new Set(s.countyIds)];
  s.outpostIds = [...new Set(s.outpostIds)];
  return s;
}

/** How a table carries scope. A table without a kind of column simply grants nothing for it. */
export interface ScopeColumns {
  county?: AnyColumn | SQL;
  outpost?: AnyColumn | SQL;
  /** Condition "this row is assigned to leader <userId>" (usually an EXISTS on an assignment table). */
  leaderAssigned?: (leaderUserId: string) => SQL;
  /** Column holding the user id of the account that owns the row (a talent's own record). */
  selfUser?: AnyColumn;
}

const NOTHING = sql`false`;
const EVERYTHING = sql`true`;

/** The row filter for `user` on a table described by `cols`. Never undefined: no scope = `false`. */
export function scopeWhere(user: Pick<SessionUser, 'id' | 'roles'>, cols: ScopeColumns): SQL {
  const s = scopeOf(user);
  if (s.all) return EVERYTHING;
  const parts: SQL[] = [];
  if (cols.county && s.countyIds.length > 0) parts.push(inArray(cols.county as SQL, s.countyIds));
  if (cols.outpost && s.outpostIds.length > 0) parts.push(inArray(cols.outpost as SQL, s.outpostIds));
  if (cols.leaderAssigned && s.leaderUserId) parts.push(cols.leaderAssigned(s.leaderUserId));
  if (cols.selfUser && s.selfUserId) parts.push(sql`${cols.selfUser} = ${s.selfUserId}`);
  if (parts.length === 0) return NOTHING;
  return parts.length === 1 ? parts[0]! : or(...parts)!;
}
