import { z } from 'zod';
import { CurrentUserSchema } from './auth.ts';
import { RoleSchema } from './roles.ts';

/** Second factor: TOTP (RFC 6238, SHA-1, 6 digits, 30 s) from an authenticator app. */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD = 30;
/** How many one-time recovery codes a user gets on enabling TOTP. */
export const RECOVERY_CODE_COUNT = 10;

/** Six digits, spaces tolerated ("123 456"). */
export const TotpCodeSchema = z
  .string()
  .transform((s) => s.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, '请输入 6 位数字验证码'));

/** A recovery code as printed (XXXXX-XXXXX); case, spaces and dashes are ignored. */
export const RecoveryCodeSchema = z
  .string()
  .max(40, '恢复码格式不正确')
  .transform((s) => s.replace(/[\s-]+/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{10}$/, '恢复码格式不正确'));

export const TotpSetupSchema = z.object({
  /** Base32 secret, for typing into an app by hand. */
  secret: z.string(),
  otpauthUri: z.string(),
  /** The URI as a QR code, `data:image/png;base64,…`. */
  qrDataUrl: z.string(),
});
export type TotpSetup = z.infer<typeof TotpSetupSchema>;

export const TotpEnableBodySchema = z.object({ code: TotpCodeSchema });
export const TotpEnableResultSchema = z.object({
  /** Shown once; only their hashes are stored. */
  recoveryCodes: z.array(z.string()),
  user: CurrentUserSchema,
});
export type TotpEnableResult = z.infer<typeof TotpEnableResultSchema>;

/** The second step of a login: a code from the app, or one of the recovery codes. */
export const TotpVerifyBodySchema = z
  .object({ code: TotpCodeSchema.optional(), recoveryCode: RecoveryCodeSchema.optional() })
  .refine((v) => (v.code === undefined) !== (v.recoveryCode === undefined), { message: '请输入验证码或恢复码（二选一）', path: ['code'] });

export const TotpDisableBodySchema = z.object({
  password: z.string().min(1, '请输入当前密码').max(256),
  code: TotpCodeSchema,
});

export const TotpStatusSchema = z.object({
  enabled: z.boolean(),
  enabledAt: z.string().nullable(),
  recoveryCodesLeft: z.number().int(),
  /** The policy requires it for one of the user's roles (then it cannot be disabled). */
  required: z.boolean(),
});
export type TotpStatus = z.infer<typeof TotpStatusSchema>;

/** Which roles must use a second factor (demo accounts are always exempt). */
export const TotpPolicySchema = z.object({
  roles: z.array(RoleSchema).max(20),
});
export type TotpPolicy = z.infer<typeof TotpPolicySchema>;
export const TotpPolicyViewSchema = TotpPolicySchema.extend({
  /** 'settings' once a security administrator saved it, 'default' for the TOTP_REQUIRED_ROLES variable. */
  source: z.enum(['settings', 'default']),
  updatedAt: z.string().nullable(),
});
export type TotpPolicyView = z.infer<typeof TotpPolicyViewSchema>;
