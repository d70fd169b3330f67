import type { Role } from '../../../../../contracts/roles.ts';
import type { Ctx } from '../../../lib/context.ts';

/** Roles that may export the registry and request unmasked exports (each within their scope). */
export const EXPORTERS: readonly Role[] = ['city_admin', 'county_admin'];
/** Roles that approve or reject unmasked-export requests (never their own). */
export const EXPORT_APPROVERS: readonly Role[] = ['city_admin'];

/**
 * The context of an exporter with only the bindings of exporting roles, so an export covers
 * their county (or the city) and never widens through another role the user also holds
 * (an outpost they staff, talents assigned to them as a leader).
 */
export function asExporter(ctx: Ctx): Ctx {
  return { ...ctx, user: { ...ctx.user, roles: ctx.user.roles.filter((r) => EXPORTERS.includes(r.role)) } };
}
