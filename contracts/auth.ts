import { z } from 'zod';
import { RoleSchema } from './roles.ts';

export const LoginBodySchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64, '用户名不能超过 64 个字符'),
  password: z.string().min(1, '请输入密码').max(256, '密码不能超过 256 个字符'),
});

export const RoleBindingSchema = z.object({
  role: RoleSchema,
  countyId: z.uuid().nullable(),
  countyName: z.string().nullable(),
  outpostId: z.uuid().nullable(),
  outpostName: z.string().nullable(),
});
export type RoleBinding = z.infer<typeof RoleBindingSchema>;

export const CurrentUserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  isDemo: z.boolean(),
  roles: z.array(RoleBindingSchema),
  /** The password has expired: the UI must ask for a new one before anything else. */
  mustChangePassword: z.boolean().optional(),
  /** The password was right; the session is good for nothing but the second factor (roles empty). */
  mfaRequired: z.boolean().optional(),
  /** The policy requires a second factor of this user: the session may only enrol one. */
  mfaEnrolRequired: z.boolean().optional(),
  /** The user has an authenticator app (TOTP) enabled. */
  totpEnabled: z.boolean().optional(),
});
export type CurrentUser = z.infer<typeof CurrentUserSchema>;

export const SystemInfoSchema = z.object({
  cityName: z.string().nullable(),
  initialised: z.boolean(),
  demo: z.boolean(),
  version: z.string(),
  /** Largest accepted upload in MB (the import page says so before the user picks a file). */
  uploadMaxMb: z.number().int().optional(),
});
export type SystemInfo = z.infer<typeof SystemInfoSchema>;

