import { and, eq, inArray, ne } from 'drizzle-orm';
import {
  ADMIN_TRIAD,
  COUNTY_BOUND_ROLES,
  OUTPOST_BOUND_ROLES,
  ROLE_LABELS,
  type Role,
  type RoleGrant,
} from '../../../../contracts/roles.ts';
import type { Db } from '../../db/client.ts';
import { counties, outposts, userRoles, users } from '../../db/schema/index.ts';
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

/**
 * Refuses a change that would leave no enabled account holding one of the 三权分立 roles the
 * user holds now (`after`: the roles the user keeps; [] when they are disabled). Without a
 * security administrator nobody could grant roles any more; without a sysadmin nobody could
 * create accounts (only the operator's `fenggui user` command on the server would).
 */
export async function assertTriadKept(db: Db, userId: string, after: readonly Role[], field: string): Promise<void> {
  const held = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
  for (const role of ADMIN_TRIAD) {
    if (!held.some((h) => h.role === role) || after.includes(role)) continue;
    const others = await db
      .select({ id: users.id })
      .from(userRoles)
      .innerJoin(users, eq(users.id, userRoles.userId))
      .where(and(eq(userRoles.role, role), ne(users.id, userId), eq(users.disabled, false)))
      .limit(1);
    if (!others.length) throw invalid(field, `这是最后一个在用的${ROLE_LABELS[role]}账号，不能移除或停用`);
  }
}
