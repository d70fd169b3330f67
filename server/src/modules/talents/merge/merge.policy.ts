import { and, isNull, type SQL } from 'drizzle-orm';
import type { Role } from '../../../../../contracts/roles.ts';
import { talents } from '../../../db/schema/index.ts';
import type { SessionUser } from '../../../lib/context.ts';
import { scopeWhere } from '../../../lib/scope.ts';
import { TALENT_SCOPE } from '../talents.policy.ts';

/** Roles that see the duplicates page and merge records (city: all; county admin: own county). */
export const MERGERS: readonly Role[] = ['city_admin', 'county_admin'];

/** The user with only the bindings of merging roles (an outpost they also staff adds nothing). */
export function asMerger(user: SessionUser): SessionUser {
  return { ...user, roles: user.roles.filter((r) => MERGERS.includes(r.role)) };
}

/** Rows the user may merge or dismiss as duplicates: their merge scope, not merged away. */
export function mergeScope(user: SessionUser): SQL {
  return and(scopeWhere(asMerger(user), TALENT_SCOPE), isNull(talents.mergedInto))!;
}
