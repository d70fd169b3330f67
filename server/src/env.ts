import path from 'node:path';
import { z } from 'zod';
import { ROLES, type Role } from '../../contracts/roles.ts';

/** Environment, parsed and validated once at start-up. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  /** 64 hex chars: the master key that wraps the data keys of personal data (never stored in the DB). */
  MASTER_KEY: z.string().optional(),
  MASTER_KEY_FILE: z.string().optional(),
  /** The next master key, for `fenggui keys rotate --master` (64 hex chars, or a file holding them). */
  MASTER_KEY_NEW: z.string().optional(),
  MASTER_KEY_NEW_FILE: z.string().optional(),
  /** 64 hex chars: encrypts backups instead of the master key when set (`fenggui backup`). */
  BACKUP_KEY: z.string().optional(),
  BACKUP_KEY_FILE: z.string().optional(),
  /** Idle session timeout in minutes. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** Absolute session lifetime in hours. */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 7).default(12),
  /** Staff passwords expire after this many days (0 = never); the next login must change them. */
  PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  /** Failed logins before a username is locked, and for how long. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** Login attempts allowed per client IP per minute. */
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /**
   * Days the audit log is kept (`fenggui audit prune` removes only older rows). At least 180: the
   * law (网络安全法 §21) and 等保 §8.1.4.3 require six months; smaller values stop the start-up.
   */
  AUDIT_RETENTION_DAYS: z.coerce
    .number()
    .int('AUDIT_RETENTION_DAYS must be a whole number of days')
    .min(180, 'AUDIT_RETENTION_DAYS must be at least 180 (audit logs are kept for at least six months: 网络安全法 §21, 等保 §8.1.4.3)')
    .max(36_500)
    .default(365),
  /**
   * Roles that must use a second factor (TOTP) until a security administrator saves a policy
   * (settings 'totp_policy' wins): comma-separated role codes, or `none`. Demo accounts are exempt.
   */
  TOTP_REQUIRED_ROLES: z
    .string()
    .default('sysadmin,security_admin,auditor,city_admin')
    .transform((v, ctx) => {
      if (v.trim().toLowerCase() === 'none') return [] as Role[];
      const list = [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))];
      const unknown = list.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (unknown.length) ctx.addIssue({ code: 'custom', message: `unknown role(s) ${unknown.join(', ')}; use ${ROLES.join(', ')} or none` });
      return list as Role[];
    }),
  /** PBKDF2-HMAC-SM3 iteration count for new password hashes. */
  PASSWORD_KDF_ITERATIONS: z.coerce.number().int().min(10_000).default(150_000),
  /** Set the Secure flag on cookies (on by default in production behind TLS). */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where uploaded and generated files are kept (default DATA_DIR/files). */
  FILES_DIR: z.string().min(1).optional(),
  /** Largest accepted upload, in MB. */
  UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(1024).default(50),
  /** Limits of an uploaded xlsx (a zip): total unpacked size in MB and number of entries (zip bombs). */
  IMPORT_MAX_UNPACKED_MB: z.coerce.number().int().min(1).max(8192).default(500),
  IMPORT_MAX_ZIP_ENTRIES: z.coerce.number().int().min(10).max(100_000).default(1000),
  /** Most data rows one import may hold. */
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(2_000_000).default(200_000),
  /** A running job whose heartbeat is older than this many seconds is considered dead and failed. */
  JOB_STALE_SECONDS: z.coerce.number().int().min(10).max(24 * 3600).default(120),
  /**
   * Where SMS and email go (lib/notifier.ts): `outbox` (development/demo: the 发件箱 page and the
   * server log), `webhook` (POST to NOTIFIER_WEBHOOK_URL, an SMS/email gateway), `disabled`.
   */
  NOTIFIER_SMS: z.enum(['outbox', 'webhook', 'disabled']).default('outbox'),
  NOTIFIER_EMAIL: z.enum(['outbox', 'webhook', 'disabled']).default('outbox'),
  NOTIFIER_WEBHOOK_URL: z.url().optional(),
  /** Sent as `Authorization: Bearer …` to the webhook. */
  NOTIFIER_WEBHOOK_TOKEN: z.string().optional(),
  /** Portal verification codes: requests per phone/email and per client IP per hour. */
  PORTAL_CODES_PER_TARGET_HOUR: z.coerce.number().int().min(1).max(1000).default(5),
  PORTAL_CODES_PER_IP_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Idle timeout of portal (talent) sessions in minutes; their absolute lifetime is SESSION_MAX_HOURS. */
  PORTAL_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(60),
});

export type Env = z.infer<typeof EnvSchema> & { dataDir: string };

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty variable (`DATABASE_URL=`) means "not set", as in most .env conventions.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}
