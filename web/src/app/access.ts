import type { Role } from '../../../contracts/roles.ts';
import { ROUTES, type AppRoute } from './routes.tsx';

export function canOpen(route: AppRoute, roles: readonly Role[]): boolean {
  if (route.children) return route.children.some((c) => canOpen(c, roles));
  return !!route.access && route.access.some((r) => roles.includes(r));
}

/** Every page of the tree, depth first, in menu order. */
export function allPages(routes: AppRoute[] = ROUTES): AppRoute[] {
  return routes.flatMap((r) => (r.children ? allPages(r.children) : r.page ? [r] : []));
}

/** The tree as this user's menu: only what they may open, groups without pages dropped. */
export function menuTree(roles: readonly Role[], routes: AppRoute[] = ROUTES): AppRoute[] {
  return routes
    .filter((r) => !r.hideInMenu && canOpen(r, roles))
    .map((r) => (r.children ? { ...r, children: menuTree(roles, r.children) } : r));
}

/** Where a user lands after login: the first page they may open, or null if none. */
export function firstPagePath(roles: readonly Role[]): string | null {
  return allPages().find((r) => canOpen(r, roles))?.path ?? null;
}

/** The menu group keys leading to a path (to open the right submenu). */
export function parentKeys(path: string, routes: AppRoute[] = ROUTES): string[] {
  for (const r of routes) {
    if (!r.children) continue;
    if (allPages(r.children).some((p) => p.path === path)) return [r.path, ...parentKeys(path, r.children)];
  }
  return [];
}
