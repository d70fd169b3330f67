import { relations } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { counties } from './counties.ts';
import { outposts } from './outposts.ts';

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  disabled: boolean('disabled').notNull().default(false),
  /** Demo accounts make the UI show the 演示数据 banner. */
  isDemo: boolean('is_demo').notNull().default(false),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
  /**
   * HMAC-SM3 over the user's role bindings (lib/acl-integrity.ts; 密评 §8.4 access-control
   * information integrity): written by every grant path, checked when a session is resolved.
   */
  rolesMac: text('roles_mac'),
  /**
   * The user's own mobile (for SMS reminders such as the liaison reminders), sealed by lib/pii.ts
   * like talents' phones (re-sealed by `keys rotate`), and its mask for lists (138****1234).
   */
  phoneEnc: text('phone_enc'),
  phoneMasked: text('phone_masked'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A role held by a user, with the scope it is bound to. county_admin and hotline_agent carry a
 * county (NULL = city level); outpost_staff carries an outpost. Scopes of several rows add up.
 */
export const userRoles = pgTable(
  'user_roles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    countyId: uuid('county_id').references(() => counties.id),
    outpostId: uuid('outpost_id').references(() => outposts.id),
  },
  (t) => [
    index('user_roles_user_idx').on(t.userId),
    unique('user_roles_unique').on(t.userId, t.role, t.countyId, t.outpostId).nullsNotDistinct(),
  ],
);

export const usersRelations = relations(users, ({ many }) => ({ roles: many(userRoles) }));
export const userRolesRelations = relations(userRoles, ({ one }) => ({
  user: one(users, { fields: [userRoles.userId], references: [users.id] }),
  county: one(counties, { fields: [userRoles.countyId], references: [counties.id] }),
  outpost: one(outposts, { fields: [userRoles.outpostId], references: [outposts.id] }),
}));
