import { and, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { userRoles } from '../../db/schema/index.ts';
import type { SessionUser } from '../../lib/context.ts';
import { scopeOf } from '../../lib/scope.ts';

/** Who may manage assignments, see supervision and record inspections. */
export const LIAISON_OFFICE = ['city_admin', 'county_admin'] as const;
export const LIAISON_LEADER = ['leader'] as const;
export const LIAISON_ALL = ['city_admin', 'county_admin', 'leader'] as const;

/**
 * Which leaders a user sees: the city everyone; a county admin the leaders bound to their county;
 * a leader only themself. A leader's county is the county of their `leader` role binding.
 */
export function leaderWhere(user: SessionUser, leaderIdCol: SQL | AnyColumn): SQL {
  const s = scopeOf({ id: user.id, roles: user.roles.filter((r) => r.role === 'city_admin' || r.role === 'county_admin' || r.role === 'leader') });
  if (s.all) return sql`true`;
  const parts: SQL[] = [];
  if (s.countyIds.length > 0) {
    parts.push(
      sql`exists (select 1 from ${userRoles} ur where ur.user_id = ${leaderIdCol} and ur.role = 'leader' and ${inArray(sql`ur.county_id`, s.countyIds)})`,
    );
  }
  if (s.leaderUserId) parts.push(sql`${leaderIdCol} = ${s.leaderUserId}`);
  if (parts.length === 0) return sql`false`;
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`;
}

/** Office scope only (managing assignments): the leader binding of the user grants nothing here. */
export function officeUser(user: SessionUser): SessionUser {
  return { ...user, roles: user.roles.filter((r) => r.role === 'city_admin' || r.role === 'county_admin') };
}

export const leaderRoleOf = (leaderId: string) => and(eq(userRoles.userId, leaderId), eq(userRoles.role, 'leader'));
