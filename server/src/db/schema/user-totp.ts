import { sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.ts';

/**
 * A user's second factor (TOTP, RFC 6238). Secrets are sealed with lib/pii.ts (SM4 + HMAC-SM3),
 * never stored in clear; recovery codes only as salted SM3 hashes (`sm3$<salt b64>$<hex>`).
 * `last_step` is the newest 30-second step a code was accepted for: a code is good once.
 */
export const userTotp = pgTable('user_totp', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** The enabled secret (null until the first code was confirmed). */
  secretEnc: text('secret_enc'),
  /** A secret handed out by setup and not yet confirmed with a code. */
  pendingSecretEnc: text('pending_secret_enc'),
  enabledAt: timestamp('enabled_at', { withTimezone: true }),
  lastStep: integer('last_step'),
  recoveryHashes: text('recovery_hashes')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
