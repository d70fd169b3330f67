import { boolean, index, integer, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { talents } from './talents.ts';

/**
 * Accounts of the talents' own portal (一家人云服务平台, modules/portal). A separate kind of
 * principal from staff `users`: own table, own sessions and cookie, no roles — no staff API
 * accepts them. Phone and email are stored encrypted (lib/pii.ts) with a blind index for look-up
 * and a masked copy for display. `talent_id` is the registry record the account is linked to
 * (set when the county confirms the registration); portal APIs only ever use this one.
 */
export const portalAccounts = pgTable(
  'portal_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash').unique(),
    phoneMasked: text('phone_masked'),
    emailEnc: text('email_enc'),
    emailHash: text('email_hash').unique(),
    emailMasked: text('email_masked'),
    /** NULL once the account is closed (deletion request completed). */
    passwordHash: text('password_hash'),
    talentId: uuid('talent_id')
      .references(() => talents.id)
      .unique(),
    /** active | closed */
    status: varchar('status', { length: 8 }).notNull().default('active'),
    isDemo: boolean('is_demo').notNull().default(false),
    version: integer('version').notNull().default(1),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
);

/** Portal sessions (cookie fg_portal); only the SM3 hash of the token is stored. */
export const portalSessions = pgTable(
  'portal_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => portalAccounts.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('portal_sessions_account_idx').on(t.accountId)],
);

/**
 * Verification codes, and every request for one (the rows are also the rate-limit counters). The
 * target is kept only as its blind index, the code only as a keyed hash. A request for an address
 * that already has an account gets a row without a code (purpose `notice`): the answer is the same.
 */
export const portalCodes = pgTable(
  'portal_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** register | reset | notice */
    purpose: varchar('purpose', { length: 12 }).notNull(),
    targetHash: text('target_hash').notNull(),
    codeHash: text('code_hash'),
    ip: text('ip'),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('portal_codes_target_idx').on(t.targetHash, t.createdAt), index('portal_codes_ip_idx').on(t.ip, t.createdAt)],
);

/**
 * Consent records (PIPL art. 14, 29): each grant or withdrawal of the personal-information notice
 * (`personal`) or of the separate consent to sensitive information (`sensitive`, the ID number),
 * with the notice version and time. Append-only; the latest row per kind is the current state.
 */
export const portalConsents = pgTable(
  'portal_consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => portalAccounts.id),
    /** personal | sensitive */
    kind: varchar('kind', { length: 12 }).notNull(),
    /** grant | withdraw */
    action: varchar('action', { length: 10 }).notNull(),
    noticeVersion: text('notice_version').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('portal_consents_account_idx').on(t.accountId, t.at)],
);
