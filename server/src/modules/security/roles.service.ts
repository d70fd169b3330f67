import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { SetUserRolesBodySchema, User } from '../../../../contracts/users.ts';
import { userRoles, users } from '../../db/schema/index.ts';
import { rolesTagFor } from '../../lib/acl-integrity.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { Ctx } from '../../lib/context.ts';
import { invalid, notFound, versionConflict } from '../../lib/errors.ts';
import { deleteUserSessions, loadRoleBindings } from '../../lib/session.ts';
import { getUser } from '../users/users.service.ts';
import { assertTriadKept, validateRoleGrants } from './role-grants.ts';

/**
 * Grants and revokes roles and their scopes (security_admin, 三权分立): the whole set is replaced,
 * checked by validateRoleGrants (bindings, 三权分立 exclusions), with the account's version (409 on a
 * stale edit). A security administrator cannot change their own roles (nobody grants themselves
 * anything) and cannot remove the last enabled holder of an administrator role. The change is
 * audited as `user.roles_change` with before/after, and ends the user's sessions so it applies
 * on the next request.
 */
export async function setUserRoles(ctx: Ctx, id: string, input: z.infer<typeof SetUserRolesBodySchema>): Promise<User> {
  const [u] = await ctx.db.select().from(users).where(eq(users.id, id));
  if (!u) throw notFound('用户');
  if (id === ctx.user.id) throw invalid('roles', '不能修改自己的角色，请由另一名安全管理员操作');
  const grants = await validateRoleGrants(ctx.db, input.roles);
  await assertTriadKept(ctx.db, id, grants.map((g) => g.role), 'roles');
  const rolesMac = await rolesTagFor(ctx.db, ctx.env, id, grants); // before the transaction (getPii)
  await ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(users)
      .set({ rolesMac, version: sql`${users.version} + 1`, updatedAt: new Date() })
      .where(and(eq(users.id, id), eq(users.version, input.version)))
      .returning({ id: users.id });
    if (!updated.length) throw versionConflict();
    const before = await loadRoleBindings(tx, id);
    await tx.delete(userRoles).where(eq(userRoles.userId, id));
    if (grants.length) await tx.insert(userRoles).values(grants.map((g) => ({ ...g, userId: id })));
    await appendAudit(tx, {
      action: 'user.roles_change',
      actorId: ctx.user.id,
      actorName: ctx.user.username,
      ip: ctx.ip,
      targetType: 'user',
      targetId: id,
      detail: { username: u.username, before: before.map(({ role, countyId, outpostId }) => ({ role, countyId, outpostId })), after: grants },
    });
    await deleteUserSessions(tx, id);
  });
  return getUser(ctx, id);
}
