import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { counties } from './counties.ts';
import { outposts } from './outposts.ts';
import { users } from './users.ts';

/**
 * The talent registry (人才信息库). ID numbers and phones are stored only encrypted (`*_enc`),
 * with a keyed hash (`*_hash`) for look-up and a masked copy for display. `search_grams` holds the
 * 1- and 2-character grams of name/employer/school/specialty for the GIN-indexed search box.
 */
export const talents = pgTable(
  'talents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    version: integer('version').notNull().default(1),
    name: text('name').notNull(),
    namePinyin: text('name_pinyin').notNull(),
    nameInitials: text('name_initials').notNull(),
    gender: varchar('gender', { length: 8 }),
    birthDate: date('birth_date'),
    ethnicity: text('ethnicity'),
    idType: varchar('id_type', { length: 12 }),
    idNumberEnc: text('id_number_enc'),
    idNumberHash: text('id_number_hash'),
    idNumberMasked: text('id_number_masked'),
    phonesEnc: text('phones_enc').array().notNull().default(sql`'{}'::text[]`),
    phoneHashes: text('phone_hashes').array().notNull().default(sql`'{}'::text[]`),
    phonesMasked: text('phones_masked').array().notNull().default(sql`'{}'::text[]`),
    email: text('email'),
    wechat: text('wechat'),
    nativeCountyId: uuid('native_county_id').references(() => counties.id),
    nativeTownship: text('native_township'),
    isNative: boolean('is_native').notNull().default(true),
    ownerCountyId: uuid('owner_county_id')
      .notNull()
      .references(() => counties.id),
    outpostId: uuid('outpost_id').references(() => outposts.id),
    accountUserId: uuid('account_user_id').references(() => users.id),
    locationCode: varchar('location_code', { length: 6 }),
    locationCountry: varchar('location_country', { length: 2 }),
    employer: text('employer'),
    position: text('position'),
    industryCode: varchar('industry_code', { length: 3 }),
    specialty: text('specialty'),
    degree: varchar('degree', { length: 12 }),
    school: text('school'),
    graduationYear: integer('graduation_year'),
    titleLevel: varchar('title_level', { length: 12 }),
    tier: varchar('tier', { length: 1 }),
    category: varchar('category', { length: 16 }).notNull(),
    honours: text('honours').array().notNull().default(sql`'{}'::text[]`),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    status: varchar('status', { length: 12 }).notNull().default('abroad'),
    returnedAt: date('returned_at'),
    returnChannel: varchar('return_channel', { length: 12 }),
    source: varchar('source', { length: 12 }).notNull(),
    consent: jsonb('consent'),
    remarks: text('remarks'),
    campaignId: uuid('campaign_id'),
    searchGrams: text('search_grams').array().notNull().default(sql`'{}'::text[]`),
    /** Set when this record was merged into another one (the survivor); merged rows are hidden. */
    mergedInto: uuid('merged_into'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('talents_owner_county_idx').on(t.ownerCountyId, t.updatedAt),
    // (updated_at, id): the default page order with its tie-break. A bulk import gives 100,000 rows one
    // updated_at; with updated_at alone the first page read that whole group to order it by id.
    index('talents_updated_idx').on(t.updatedAt, t.id),
    index('talents_outpost_idx').on(t.outpostId),
    index('talents_account_idx').on(t.accountUserId),
    index('talents_id_hash_idx').on(t.idNumberHash),
    index('talents_phone_hashes_idx').using('gin', t.phoneHashes),
    index('talents_grams_idx').using('gin', t.searchGrams),
    index('talents_pinyin_idx').on(sql`${t.namePinyin} text_pattern_ops`),
    index('talents_initials_idx').on(sql`${t.nameInitials} text_pattern_ops`),
    index('talents_name_birth_idx').on(t.name, t.birthDate),
    index('talents_campaign_idx').on(t.campaignId),
  ],
);

/**
 * Facet counts of the registry kept up to date by statement-level triggers on `talents` (migration
 * 0022): per county, facet and value, the change a statement made (+n / -n; the facet '' is the
 * county's total; a null value is ''). The registry as opened — no search word, no filter — sums
 * these rows for its facets instead of aggregating every record (1M records: ~850 ms). Rows are
 * only ever inserted by the triggers, so concurrent writers never wait on each other here;
 * `fenggui_compact_talent_facets()` folds them into one row per key. Derived data: not backed up
 * (a restore rebuilds it through the same triggers).
 */
export const talentFacetDeltas = pgTable(
  'talent_facet_deltas',
  {
    countyId: uuid('county_id').notNull(),
    facet: text('facet').notNull(),
    value: text('value').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [index('talent_facet_deltas_county_idx').on(t.countyId)],
);

/** Every change to a talent: who, when, which fields, before and after (PII masked). */
export const talentHistory = pgTable(
  'talent_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    talentId: uuid('talent_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    changes: jsonb('changes').notNull().default([]),
    note: text('note'),
  },
  (t) => [index('talent_history_talent_idx').on(t.talentId, t.id)],
);

/** Leaders' assigned talents (领导联系服务); the leader scope of the registry reads it. */
export const liaisonAssignments = pgTable(
  'liaison_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    talentId: uuid('talent_id')
      .notNull()
      .references(() => talents.id),
    leaderId: uuid('leader_id')
      .notNull()
      .references(() => users.id),
    active: boolean('active').notNull().default(true),
    assignedBy: uuid('assigned_by'),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when the assignment ended (reassigned or removed); the row stays as history. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endedBy: uuid('ended_by'),
  },
  (t) => [index('liaison_assignments_leader_idx').on(t.leaderId, t.talentId)],
);

/** A user's saved search (filters + sort) on the registry. */
export const talentSavedViews = pgTable('talent_saved_views', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  query: jsonb('query').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
