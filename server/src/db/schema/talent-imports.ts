import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { jobs } from './jobs.ts';
import { users } from './users.ts';

/**
 * One uploaded spreadsheet of talents: uploaded → previewed (rows staged, validated, matched) →
 * committed. The running/failed state and progress live in the current job (`job_id`).
 */
export const talentImports = pgTable(
  'talent_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    fileName: text('file_name').notNull(),
    fileSize: integer('file_size').notNull(),
    /** Key of the uploaded file in the file storage; null once the file has been removed. */
    storageKey: text('storage_key'),
    /** preview | commit (commit = preview, then commit at once when no row has an error) */
    mode: varchar('mode', { length: 8 }).notNull(),
    campaignId: uuid('campaign_id'),
    /** uploaded | previewed | committed */
    phase: varchar('phase', { length: 10 }).notNull().default('uploaded'),
    jobId: uuid('job_id').references(() => jobs.id),
    /** Layout: the recognised fields (template order) and each sheet's headers as written (ImportLayout). */
    fields: jsonb('fields').notNull().default([]),
    report: jsonb('report'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    committedAt: timestamp('committed_at', { withTimezone: true }),
  },
  (t) => [index('talent_imports_creator_idx').on(t.createdBy, t.createdAt)],
);

/**
 * Staging: one parsed data row of an import. `data` holds the normalised fields the row gave, with
 * the ID number and phones only encrypted; `raw_enc` the cells as typed (encrypted, error rows
 * only, for the annotated error file). Match keys are blind indexes, never clear values.
 */
export const talentImportRows = pgTable(
  'talent_import_rows',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => talentImports.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    sheetNo: integer('sheet_no').notNull(),
    sheet: text('sheet').notNull(),
    rowNo: integer('row_no').notNull(),
    /** valid | error */
    status: varchar('status', { length: 8 }).notNull(),
    data: jsonb('data').notNull(),
    rawEnc: text('raw_enc'),
    errors: jsonb('errors').notNull().default([]),
    idHash: text('id_hash'),
    phoneHashes: text('phone_hashes').array().notNull().default(sql`'{}'::text[]`),
    name: text('name'),
    birthDate: text('birth_date'),
    employer: text('employer'),
    /** { file?: earlier row it duplicates, registry: masked summaries of in-scope matches } */
    match: jsonb('match'),
    matched: boolean('matched').notNull().default(false),
    canCreate: boolean('can_create').notNull().default(true),
    canUpdate: boolean('can_update').notNull().default(false),
    /** create | update | skip; null on error rows */
    decision: varchar('decision', { length: 8 }),
    /** Update target, or the id given to the created record. */
    talentId: uuid('talent_id'),
    targetVersion: integer('target_version'),
    /**
     * The record a "create" makes (snake_case columns, sensitive ones encrypted, its new id),
     * computed while staging so the commit only copies it.
     */
    createValues: jsonb('create_values'),
    /** An update's final column values, computed by the commit job against the record as it is then. */
    prepared: jsonb('prepared'),
    changes: jsonb('changes'),
  },
  (t) => [
    primaryKey({ columns: [t.importId, t.seq] }),
    index('talent_import_rows_ref_idx').on(t.importId, t.sheetNo, t.rowNo),
    index('talent_import_rows_id_hash_idx').on(t.importId, t.idHash),
    // Matching a row against the file's earlier rows uses an in-memory key index (import/match.ts),
    // not indexes here: each would cost an insert per key and row. The ID-hash index serves the
    // check that two rows with one ID number are not both "create" (decisions.ts).
  ],
);
