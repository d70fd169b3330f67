import { z } from 'zod';

/** Roles of DESIGN.md §1. */
export const ROLES = [
  'city_admin',
  'county_admin',
  'outpost_staff',
  'hotline_agent',
  'leader',
  'employer',
  'talent',
  'sysadmin',
  'security_admin',
  'auditor',
] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const ROLE_LABELS: Record<Role, string> = {
  city_admin: '市委人才办',
  county_admin: '县（市、区）人才办',
  outpost_staff: '驻外人才工作站',
  hotline_agent: '热线坐席',
  leader: '联系领导',
  employer: '用人单位',
  talent: '人才本人',
  sysadmin: '系统管理员',
  security_admin: '安全管理员',
  auditor: '安全审计员',
};

/** Roles bound to a county (NULL county = city level). */
export const COUNTY_BOUND_ROLES: readonly Role[] = ['county_admin', 'hotline_agent', 'leader'];
/** Roles bound to an outpost. */
export const OUTPOST_BOUND_ROLES: readonly Role[] = ['outpost_staff'];
/** 三权分立: the three administrative roles see no business data and exclude each other. */
export const ADMIN_TRIAD: readonly Role[] = ['sysadmin', 'security_admin', 'auditor'];
/** Roles that see business data of some scope. */
export const BUSINESS_ROLES: readonly Role[] = [
  'city_admin',
  'county_admin',
  'outpost_staff',
  'hotline_agent',
  'leader',
  'employer',
  'talent',
];

export const RoleGrantSchema = z.object({
  role: RoleSchema,
  countyId: z.uuid().nullable().default(null),
  outpostId: z.uuid().nullable().default(null),
});
export type RoleGrant = z.infer<typeof RoleGrantSchema>;

/** Who may read the talent registry (each within their scope), write it, and see unmasked ID numbers and phones. */
export const TALENT_READERS: readonly Role[] = ['city_admin', 'county_admin', 'outpost_staff', 'hotline_agent', 'leader'];
export const TALENT_WRITERS: readonly Role[] = ['city_admin', 'county_admin', 'outpost_staff'];
export const PII_VIEWERS: readonly Role[] = ['city_admin', 'county_admin'];
