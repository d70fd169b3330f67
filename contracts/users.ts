import { z } from 'zod';
import { RoleBindingSchema } from './auth.ts';
import { normalisePhone } from './id-number.ts';
import { PageQuerySchema } from './common.ts';
import { RoleGrantSchema } from './roles.ts';

export const UsernameSchema = z
  .string()
  .trim()
  .min(3, '用户名至少 3 个字符')
  .max(32, '用户名不能超过 32 个字符')
  .regex(/^[a-zA-Z][a-zA-Z0-9_.-]*$/, '用户名须以字母开头，只能包含字母、数字、下划线、点和横线');

/** Interim password rule; issue 4 (等保 policy) tightens it. */
export const NewPasswordSchema = z
  .string()
  .min(10, '密码至少 10 位')
  .max(128, '密码不能超过 128 位')
  .refine(
    (p) => [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(p)).length >= 3,
    '密码须包含大写字母、小写字母、数字、符号中的至少三类',
  );

/** A mainland mobile number; spaces, dashes and a +86 prefix are dropped first. */
export const MOBILE_MESSAGE = '手机号码须为 11 位大陆手机号（1 开头，第二位为 3–9），如 13812345678';
export const StaffMobileSchema = z.preprocess(
  (v) => (typeof v === 'string' ? normalisePhone(v) : v),
  z.string({ error: '手机号码须为文字' }).regex(/^1[3-9]\d{9}$/, MOBILE_MESSAGE),
);
/** In an update: a number, or null / '' to remove it. */
const StaffMobileOrNoneSchema = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? null : normalisePhone(v)) : v),
  z.string({ error: '手机号码须为文字' }).regex(/^1[3-9]\d{9}$/, MOBILE_MESSAGE).nullable(),
);

export const UserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  disabled: z.boolean(),
  isDemo: z.boolean(),
  lastLoginAt: z.string().nullable(),
  /** The user's mobile, masked (138****1234); the clear number is only used to send SMS. */
  phoneMasked: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
  roles: z.array(RoleBindingSchema),
});
export type User = z.infer<typeof UserSchema>;

export const UserListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(64).optional(),
  role: z.string().optional(),
  disabled: z.enum(['true', 'false']).optional(),
});

/**
 * A new account (sysadmin). No roles: 三权分立 — the security administrator grants roles and
 * scopes (SetUserRolesBodySchema), so `roles` here is an unknown field and refused (strict).
 */
export const CreateUserBodySchema = z
  .object({
    username: UsernameSchema,
    displayName: z.string().trim().min(1, '请输入姓名').max(64, '姓名不能超过 64 个字符'),
    password: NewPasswordSchema,
    phone: StaffMobileOrNoneSchema.optional(),
  })
  .strict();

/** What the sysadmin may change on an account: the name, the mobile (null or '' removes it) and whether it is disabled. */
export const UpdateUserBodySchema = z
  .object({
    version: z.number().int(),
    displayName: z.string().trim().min(1, '请输入姓名').max(64, '姓名不能超过 64 个字符').optional(),
    phone: StaffMobileOrNoneSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

/** The whole set of roles (with their county/outpost scope) of an account (security_admin). An empty list revokes all. */
export const SetUserRolesBodySchema = z
  .object({
    version: z.number().int(),
    roles: z.array(RoleGrantSchema).max(20, '角色不能超过 20 个'),
  })
  .strict();

export const ResetPasswordBodySchema = z.object({ password: NewPasswordSchema });

/** Self-service password change (also the forced change after expiry or an administrator's reset). */
export const ChangePasswordBodySchema = z.object({
  currentPassword: z.string().min(1, '请输入当前密码').max(256),
  newPassword: NewPasswordSchema,
});
