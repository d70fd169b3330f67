import { and, type AnyColumn, type SQL } from 'drizzle-orm';
import { PORTAL_REVIEWERS } from '../../../../contracts/portal-admin.ts';
import type { SessionUser } from '../../lib/context.ts';
import { scopeWhere } from '../../lib/scope.ts';

/**
 * Row scope of the portal's review queues (registrations, changes, rights requests): their
 * `county_id` — the county that owns the record or was chosen — through lib/scope.ts, counting
 * only the reviewer roles (a county admin sees their county, the city everything). Rows without a
 * county (a rights request of an account that never registered) are the city's.
 */
export function reviewScope(user: SessionUser, countyColumn: AnyColumn, extra?: SQL): SQL {
  const reviewer: SessionUser = { ...user, roles: user.roles.filter((r) => PORTAL_REVIEWERS.includes(r.role)) };
  return and(scopeWhere(reviewer, { county: countyColumn }), extra)!;
}
