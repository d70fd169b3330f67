import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../contracts/roles.ts';
import { allPages, canOpen, firstPagePath, menuTree, parentKeys } from './access.ts';

const names = (roles: Role[]) => allPages(menuTree(roles)).map((p) => p.name);

describe('route tree → menu and access', () => {
  it('shows each role only what it may open', () => {
    expect(names(['city_admin'])).toEqual(['工作台', '人才信息库', '信息统计', '联系分配', '联系督导', '联系规则', '来电登记', '诉求列表', '超时督办', '热线统计', '时限与日历', '本人登记审核', '个人信息权利', '公告管理', '商会名录', '导出审批', '组织机构']);
    expect(names(['county_admin'])).toEqual(['工作台', '人才信息库', '信息统计', '联系分配', '联系督导', '联系规则', '来电登记', '诉求列表', '超时督办', '热线统计', '时限与日历', '本人登记审核', '个人信息权利', '商会名录', '导出审批']);
    expect(names(['hotline_agent'])).toEqual(['工作台', '人才信息库', '来电登记', '诉求列表', '超时督办', '热线统计', '时限与日历']);
    expect(names(['outpost_staff'])).toEqual(['工作台', '人才信息库', '商会名录']);
    expect(names(['employer'])).toEqual(['工作台']);
    expect(names(['leader'])).toEqual(['工作台', '人才信息库', '我的联系对象']);
    expect(names(['auditor'])).toEqual(['审计日志']);
    expect(names(['sysadmin'])).toEqual(['用户管理', '发件箱', '组织机构']);
    expect(names(['security_admin'])).toEqual(['角色授权', '安全策略']);
  });

  it('adds up the pages of several roles', () => {
    expect(names(['county_admin', 'leader'])).toEqual(['工作台', '人才信息库', '信息统计', '我的联系对象', '联系分配', '联系督导', '联系规则', '来电登记', '诉求列表', '超时督办', '热线统计', '时限与日历', '本人登记审核', '个人信息权利', '商会名录', '导出审批']);
  });

  it('drops a menu group with nothing the user may open', () => {
    expect(menuTree(['county_admin']).map((r) => r.path)).not.toContain('/admin');
    expect(menuTree(['sysadmin']).find((r) => r.path === '/admin')?.children?.map((c) => c.path)).toEqual(['/admin/users', '/admin/outbox', '/admin/org']);
  });

  it('keeps business pages away from the 三权分立 administrators', () => {
    const talents = allPages().find((p) => p.path === '/talents')!;
    for (const r of ['sysadmin', 'security_admin', 'auditor'] as const) expect(canOpen(talents, [r])).toBe(false);
  });

  it('lands each user on their first page', () => {
    expect(firstPagePath(['city_admin'])).toBe('/');
    expect(firstPagePath(['auditor'])).toBe('/audit');
    expect(firstPagePath(['sysadmin'])).toBe('/admin/users');
    expect(firstPagePath(['security_admin'])).toBe('/security/roles');
    expect(firstPagePath(['talent'])).toBeNull();
  });

  it('knows which group to open for a page', () => {
    expect(parentKeys('/admin/org')).toEqual(['/admin']);
    expect(parentKeys('/security/policy')).toEqual(['/admin']);
    expect(parentKeys('/talents')).toEqual([]);
  });

  it('gives every page a name and only known roles', () => {
    for (const p of allPages()) {
      expect(p.name).not.toBe('');
      for (const r of p.access ?? []) expect(ROLES).toContain(r);
    }
  });
});
