import type { CurrentUser } from '../../../../contracts/auth.ts';
import type { Role } from '../../../../contracts/roles.ts';

/**
 * Who may do what in the registry UI. The server decides (server/src/modules/talents/talents.policy.ts);
 * these copies only choose which buttons to show, so they must say the same.
 */
export const TALENT_WRITERS: readonly Role[] = ['city_admin', 'county_admin', 'outpost_staff'];
export const PII_VIEWERS: readonly Role[] = ['city_admin', 'county_admin'];
/** Roles that may read `GET /api/outposts`. */
export const OUTPOST_READERS: readonly Role[] = ['city_admin', 'county_admin', 'outpost_staff'];

export const hasAnyRole = (user: Pick<CurrentUser, 'roles'>, roles: readonly Role[]) => user.roles.some((b) => roles.includes(b.role));

/**
 * Where a writer may put a record: `counties` null = any county; otherwise only these (a county
 * admin's own). `outposts` are the outposts of outpost staff (records they enter carry one).
 */
export interface WriteReach {
  cityWide: boolean;
  counties: string[] | null;
  outposts: string[];
}

export function writeReach(user: Pick<CurrentUser, 'roles'>): WriteReach {
  const writers = user.roles.filter((b) => TALENT_WRITERS.includes(b.role));
  const outposts = writers.filter((b) => b.role === 'outpost_staff' && b.outpostId).map((b) => b.outpostId!);
  const cityWide = writers.some((b) => b.role === 'city_admin' || (b.role === 'county_admin' && !b.countyId));
  // Outpost staff may register people of any county, as long as the record carries their outpost.
  if (cityWide || outposts.length) return { cityWide, counties: null, outposts };
  const counties = [...new Set(writers.filter((b) => b.role === 'county_admin').map((b) => b.countyId!))];
  return { cityWide, counties, outposts };
}
