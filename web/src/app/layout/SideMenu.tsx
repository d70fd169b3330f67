import { Menu, type MenuProps } from 'antd';
import { useMemo } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { allPages, menuTree, parentKeys } from '../access.ts';
import type { AppRoute } from '../routes.tsx';
import { useSession } from '../session.tsx';

type Item = Required<MenuProps>['items'][number];

function toItems(routes: AppRoute[]): Item[] {
  return routes.map((r) =>
    r.children
      ? { key: r.path, icon: r.icon, label: r.name, children: toItems(r.children) }
      : { key: r.path, icon: r.icon, label: <Link to={r.path}>{r.name}</Link> },
  );
}

/** The page a location belongs to: exact, else the longest page path that prefixes it. */
export function currentPage(pathname: string): AppRoute | undefined {
  const pages = allPages();
  return (
    pages.find((p) => p.path === pathname) ??
    pages
      .filter((p) => p.path !== '/' && pathname.startsWith(`${p.path}/`))
      .sort((a, b) => b.path.length - a.path.length)[0]
  );
}

/** The menu entry a path belongs to: itself if listed, else the closest listed ancestor. */
export function menuPage(pathname: string): AppRoute | undefined {
  const listed = allPages().filter((p) => !p.hideInMenu);
  return (
    listed.find((p) => p.path === pathname) ??
    listed.filter((p) => p.path !== '/' && pathname.startsWith(`${p.path}/`)).sort((a, b) => b.path.length - a.path.length)[0]
  );
}

/** The side menu: the route tree filtered by the user's roles. */
export function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { roles } = useSession();
  const { pathname } = useLocation();
  const items = useMemo(() => toItems(menuTree(roles)), [roles]);
  // A hidden page (a detail or form) highlights the menu entry it belongs to (/talents/new → /talents).
  const selected = menuPage(pathname)?.path;
  return (
    <Menu
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      defaultOpenKeys={selected ? parentKeys(selected) : []}
      onClick={() => onNavigate?.()}
    />
  );
}
