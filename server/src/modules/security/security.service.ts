import { eq } from 'drizzle-orm';
import type { Role } from '../../../../contracts/roles.ts';
import type { TotpPolicyView } from '../../../../contracts/totp.ts';
import type { Db } from '../../db/client.ts';
import { settings } from '../../db/schema/index.ts';
import type { Env } from '../../env.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { Ctx } from '../../lib/context.ts';

/** settings key of the roles that must use a second factor: `{"roles": [...]}`. */
export const TOTP_POLICY = 'totp_policy';

/** The saved policy, or the TOTP_REQUIRED_ROLES default while none was saved. */
export async function getTotpPolicy(db: Db, env: Env): Promise<TotpPolicyView> {
  const [row] = await db.select().from(settings).where(eq(settings.key, TOTP_POLICY));
  if (!row) return { roles: [...env.TOTP_REQUIRED_ROLES], source: 'default', updatedAt: null };
  return { roles: (row.value as { roles: Role[] }).roles, source: 'settings', updatedAt: row.updatedAt.toISOString() };
}

/**
 * Whether the policy requires a second factor of this user. Demo accounts are exempt, so the
 * documented demo logins keep working.
 */
export async function totpRequiredFor(db: Db, env: Env, user: { isDemo: boolean; roles: { role: Role }[] }): Promise<boolean> {
  if (user.isDemo) return false;
  const { roles } = await getTotpPolicy(db, env);
  return user.roles.some((r) => roles.includes(r.role));
}

/**
 * Saves the policy (security_admin). It applies from each user's next login; sessions already
 * open keep going until they end.
 */
export async function setTotpPolicy(ctx: Ctx, roles: Role[]): Promise<TotpPolicyView> {
  const next = [...new Set(roles)];
  const before = await getTotpPolicy(ctx.db, ctx.env);
  await ctx.db.transaction(async (tx) => {
    const now = new Date();
    await tx
      .insert(settings)
      .values({ key: TOTP_POLICY, value: { roles: next }, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value: { roles: next }, updatedAt: now } });
    await appendAudit(tx, {
      action: 'security.totp_policy',
      actorId: ctx.user.id,
      actorName: ctx.user.username,
      ip: ctx.ip,
      targetType: 'settings',
      targetId: TOTP_POLICY,
      detail: { before: before.roles, after: next },
    });
  });
  return getTotpPolicy(ctx.db, ctx.env);
}
