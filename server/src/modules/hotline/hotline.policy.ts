import { eq, or, sql, type SQL } from 'drizzle-orm';
import { HOTLINE_STAFF } from '../../../../contracts/hotline.ts';
import { hotlineCases } from '../../db/schema/index.ts';
import type { SessionUser } from '../../lib/context.ts';
import { invalid } from '../../lib/errors.ts';
import { scopeOf, scopeWhere } from '../../lib/scope.ts';

export { HOTLINE_STAFF };

/** The user with only their hotline-desk bindings (a leader role elsewhere grants nothing here). */
export function deskUser(user: Pick<SessionUser, 'id' | 'roles'>): Pick<SessionUser, 'id' | 'roles'> {
  return { id: user.id, roles: user.roles.filter((r) => HOTLINE_STAFF.includes(r.role)) };
}

/**
 * Row scope of the hotline queue (lib/scope.ts on `county_id`): the city level (city_admin, a
 * hotline agent or county admin bound to no county) sees every case; a county's staff see the
 * cases handled at their county, plus any case assigned to them by name (a city case the city
 * handed to a county agent).
 */
export function caseScope(user: Pick<SessionUser, 'id' | 'roles'>): SQL {
  const desk = deskUser(user);
  if (desk.roles.length === 0) return sql`false`;
  const byCounty = scopeWhere(desk, { county: hotlineCases.countyId });
  return or(byCounty, eq(hotlineCases.assigneeId, user.id))!;
}

export function isCityLevel(user: Pick<SessionUser, 'id' | 'roles'>): boolean {
  return scopeOf(deskUser(user)).all;
}

/** A case may be opened (or moved by its creator's own hand) only at a level the user works at. */
export function assertCanOpenAt(user: Pick<SessionUser, 'id' | 'roles'>, countyId: string | null): void {
  const s = scopeOf(deskUser(user));
  if (s.all) return;
  if (countyId && s.countyIds.includes(countyId)) return;
  throw invalid('countyId', '只能在本县（市、区）热线登记诉求，市级诉求请转市热线');
}
