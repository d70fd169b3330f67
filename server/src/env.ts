import path from 'node:path';
import { z } from 'zod';

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
  /** Idle session timeout in minutes. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** Absolute session lifetime in hours. */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 7).default(12),
  /** PBKDF2-HMAC-SM3 iteration count for new password hashes. */
  PASSWORD_KDF_ITERATIONS: z.coerce.number().int().min(10_000).default(150_000),
  /** Set the Secure flag on cookies (on by default in production behind TLS). */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
