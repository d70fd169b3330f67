import {
  ApartmentOutlined,
  AuditOutlined,
  DashboardOutlined,
  FileProtectOutlined,
  FormOutlined,
  GlobalOutlined,
  MailOutlined,
  KeyOutlined,
  PhoneOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
  SolutionOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { HOTLINE_STAFF } from '../../../contracts/hotline.ts';
import type { Role } from '../../../contracts/roles.ts';

/**
 * THE route tree of the back office. Each entry is a page (or a menu group with children):
 * its Chinese name and icon make the side menu, `access` lists the roles that may open it.
 * The menu shows only what the user may open; opening anything else shows 403.
 * Adding a page is one line here.
 */
export interface AppRoute {
  /** Absolute path; for a group, the common prefix (used as the menu key). */
  path: string;
  name: string;
  icon?: ReactNode;
  /** Roles allowed; a group's access is the union of its children's. */
  access?: readonly Role[];
  page?: LazyExoticComponent<ComponentType>;
  children?: AppRoute[];
  /** A page reachable by link only (e.g. a detail page), not listed in the menu. */
  hideInMenu?: boolean;
}

/** Everyone doing the talent office's work (not the 三权分立 administrators, not talents). */
export const WORK_ROLES: readonly Role[] = ['city_admin', 'county_admin', 'outpost_staff', 'hotline_agent', 'leader', 'employer'];
/** Staff who work with the talent registry. */
export const OFFICE_ROLES: readonly Role[] = ['city_admin', 'county_admin', 'outpost_staff', 'hotline_agent', 'leader'];
/** Staff who create and edit talent records (server: TALENT_WRITERS in talents.policy.ts). */
export const TALENT_WRITERS: readonly Role[] = ['city_admin', 'county_admin', 'outpost_staff'];
/** City and county talent offices: import, export, duplicates, 信息统计 (server: IMPORTERS, EXPORTERS, MERGERS). */
export const REGISTRY_ADMINS: readonly Role[] = ['city_admin', 'county_admin'];

const page = (load: () => Promise<{ default: ComponentType }>) => lazy(load);

export const ROUTES: AppRoute[] = [
  { path: '/', name: '工作台', icon: <DashboardOutlined />, access: WORK_ROLES, page: page(() => import('../features/reports/pages/DashboardPage.tsx')) },
  { path: '/talents', name: '人才信息库', icon: <TeamOutlined />, access: OFFICE_ROLES, page: page(() => import('../features/talents/pages/TalentListPage.tsx')) },
  { path: '/talents/import', name: '批量导入', access: REGISTRY_ADMINS, hideInMenu: true, page: page(() => import('../features/talents/pages/TalentImportPage.tsx')) },
  { path: '/talents/duplicates', name: '疑似重复', access: REGISTRY_ADMINS, hideInMenu: true, page: page(() => import('../features/talents/pages/DuplicatesPage.tsx')) },
  { path: '/talents/new', name: '新增人才', access: TALENT_WRITERS, hideInMenu: true, page: page(() => import('../features/talents/pages/TalentFormPage.tsx')) },
  { path: '/talents/:id', name: '人才详情', access: OFFICE_ROLES, hideInMenu: true, page: page(() => import('../features/talents/pages/TalentDetailPage.tsx')) },
  { path: '/talents/:id/edit', name: '编辑人才', access: TALENT_WRITERS, hideInMenu: true, page: page(() => import('../features/talents/pages/TalentFormPage.tsx')) },
  { path: '/collections', name: '信息统计', icon: <FormOutlined />, access: REGISTRY_ADMINS, page: page(() => import('../features/collections/pages/CollectionsPage.tsx')) },
  { path: '/collections/:id', name: '信息统计详情', access: REGISTRY_ADMINS, hideInMenu: true, page: page(() => import('../features/collections/pages/CollectionDetailPage.tsx')) },
  {
    path: '/liaison',
    name: '领导联系服务',
    icon: <SolutionOutlined />,
    children: [
      { path: '/liaison/my', name: '我的联系对象', access: ['leader'], page: page(() => import('../features/liaison/pages/MyLiaisonPage.tsx')) },
      { path: '/liaison/assign', name: '联系分配', access: REGISTRY_ADMINS, page: page(() => import('../features/liaison/pages/LiaisonAssignPage.tsx')) },
      { path: '/liaison/supervision', name: '联系督导', access: REGISTRY_ADMINS, page: page(() => import('../features/liaison/pages/LiaisonSupervisionPage.tsx')) },
      { path: '/liaison/rules', name: '联系规则', access: REGISTRY_ADMINS, page: page(() => import('../features/liaison/pages/LiaisonRulesPage.tsx')) },
    ],
  },
  {
    path: '/hotline',
    name: '返乡热线',
    icon: <PhoneOutlined />,
    children: [
      { path: '/hotline/intake', name: '来电登记', access: HOTLINE_STAFF, page: page(() => import('../features/hotline/pages/HotlineIntakePage.tsx')) },
      { path: '/hotline/cases', name: '诉求列表', access: HOTLINE_STAFF, page: page(() => import('../features/hotline/pages/HotlineCasesPage.tsx')) },
      { path: '/hotline/cases/:id', name: '诉求详情', access: HOTLINE_STAFF, hideInMenu: true, page: page(() => import('../features/hotline/pages/HotlineCaseDetailPage.tsx')) },
      { path: '/hotline/escalations', name: '超时督办', access: HOTLINE_STAFF, page: page(() => import('../features/hotline/pages/EscalationsPage.tsx')) },
      { path: '/hotline/stats', name: '热线统计', access: HOTLINE_STAFF, page: page(() => import('../features/hotline/pages/HotlineStatsPage.tsx')) },
      { path: '/hotline/settings', name: '时限与日历', access: HOTLINE_STAFF, page: page(() => import('../features/hotline/pages/HotlineSettingsPage.tsx')) },
    ],
  },
  {
    path: '/portal-admin',
    name: '一家人云服务平台',
    icon: <GlobalOutlined />,
    children: [
      { path: '/portal-admin/registrations', name: '本人登记审核', access: REGISTRY_ADMINS, page: page(() => import('../features/portal/pages/PortalReviewPage.tsx')) },
      { path: '/portal-admin/rights', name: '个人信息权利', access: REGISTRY_ADMINS, page: page(() => import('../features/portal/pages/RightsRequestsPage.tsx')) },
      { path: '/portal-admin/announcements', name: '公告管理', access: ['city_admin'], page: page(() => import('../features/portal/pages/AnnouncementsPage.tsx')) },
      { path: '/portal-admin/chambers', name: '商会名录', access: ['city_admin', 'county_admin', 'outpost_staff'], page: page(() => import('../features/portal/pages/ChambersPage.tsx')) },
    ],
  },
  { path: '/talents/export-requests', name: '导出审批', icon: <FileProtectOutlined />, access: REGISTRY_ADMINS, page: page(() => import('../features/talents/pages/ExportRequestsPage.tsx')) },
  {
    path: '/admin',
    name: '系统管理',
    icon: <SettingOutlined />,
    children: [
      { path: '/admin/users', name: '用户管理', icon: <UserOutlined />, access: ['sysadmin'], page: page(() => import('../features/users/pages/UsersPage.tsx')) },
      { path: '/admin/outbox', name: '发件箱', icon: <MailOutlined />, access: ['sysadmin'], page: page(() => import('../features/portal/pages/OutboxPage.tsx')) },
      { path: '/admin/org', name: '组织机构', icon: <ApartmentOutlined />, access: ['city_admin', 'sysadmin'], page: page(() => import('../features/org/pages/OrgPage.tsx')) },
      { path: '/security/roles', name: '角色授权', icon: <KeyOutlined />, access: ['security_admin'], page: page(() => import('../features/security/pages/RoleGrantsPage.tsx')) },
      { path: '/security/policy', name: '安全策略', icon: <SafetyCertificateOutlined />, access: ['security_admin'], page: page(() => import('../features/security/pages/SecurityPolicyPage.tsx')) },
    ],
  },
  { path: '/audit', name: '审计日志', icon: <AuditOutlined />, access: ['auditor'], page: page(() => import('../features/audit/pages/AuditPage.tsx')) },
];
