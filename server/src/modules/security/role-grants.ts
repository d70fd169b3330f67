import { inArray } from 'drizzle-orm';
import {
  ADMIN_TRIAD,
  COUNTY_BOUND_ROLES,
  OUTPOST_BOUND_ROLES,
  ROLE_LABELS,
  type RoleGrant,
} from '../../../../contracts/roles.ts';
import type { Db } from '../../db/client.ts';
import { counties, outposts } from '../../db/schema/index.ts';
import { invalid } from '../../lib/errors.ts';

/**
 * Normalises and checks a set of role grants: the right kind of binding for each role, bindings
 * that exist, no duplicates, and 三权分立 (no account holds two of sysadmin/security_admin/auditor,
 * nor one of them together with a business role).
 */
export async function validateRoleGrants(db: Db, grants: RoleGrant[]): Promise<RoleGrant[]> {
  const out: RoleGrant[] = [];
  const seen = new Set<string>();
  for (const [i, g] of grants.entries()) {
    const field = `roles.${i}`;
    const countyBound = COUNTY_BOUND_ROLES.includes(g.role);
    const outpostBound = OUTPOST_BOUND_ROLES.includes(g.role);
    const grant: RoleGrant = {
      role: g.role,
      countyId: countyBound ? g.countyId : null,
      outpostId: outpostBound ? g.outpostId : null,
    };
    if (g.role === 'county_admin' && !grant.countyId) {
      throw invalid(`${field}.countyId`, `${ROLE_LABELS[g.role]}必须指定所属县（市、区）`);
    }
    if (outpostBound && !grant.outpostId) {
      throw invalid(`${field}.outpostId`, `${ROLE_LABELS[g.role]}必须指定所属工作站`);
    }
    const key = `${grant.role}|${grant.countyId}|${grant.outpostId}`;
    if (seen.has(key)) throw invalid(field, '角色重复');
    seen.add(key);
    out.push(grant);
  }
  const triad = [...new Set(out.map((g) => g.role).filter((r) => ADMIN_TRIAD.includes(r)))];
  if (triad.length > 1) {
    throw invalid('roles', '系统管理员、安全管理员、安全审计员三权分立，不能由同一账号兼任');
  }
  if (triad.length === 1 && out.some((g) => !ADMIN_TRIAD.includes(g.role))) {
    throw invalid('roles', `${ROLE_LABELS[triad[0]!]}不能同时担任业务角色`);
  }
  const countyIds = [...new Set(out.map((g) => g.countyId).filter((x): x is string => !!x))];
  if (countyIds.length) {
    const found = await db.select({ id: counties.id }).from(counties).where(inArray(counties.id, countyIds));
    const missing = countyIds.find((id) => !found.some((f) => f.id === id));
    if (missing) throw invalid('roles', '所选县（市、区）不存在');
  }
  const outpostIds = [...new Set(out.map((g) => g.outpostId).filter((x): x is string => !!x))];
  if (outpostIds.length) {
    const found = await db.select({ id: outposts.id }).from(outposts).where(inArray(outposts.id, outpostIds));
    if (found.length !== outpostIds.length) throw invalid('roles', '所选工作站不存在');
  }
  return out;
}
