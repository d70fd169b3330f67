import { z } from 'zod';
import { pageOf } from './common.ts';
import type { Role } from './roles.ts';

/**
 * The talent import (批量导入): upload an xlsx → a durable job stages, validates and matches every
 * row (preview) → the user decides create / update / skip for matched rows → commit applies all
 * of it in one transaction. See docs/ARCHITECTURE.md "Import".
 */

/** Who may import (a county admin only into their own county) — the web shows the import to these roles. */
export const IMPORT_ROLES: readonly Role[] = ['city_admin', 'county_admin'];

export const IMPORT_DECISIONS = ['create', 'update', 'skip'] as const;
export const ImportDecisionSchema = z.enum(IMPORT_DECISIONS);
export type ImportDecision = z.infer<typeof ImportDecisionSchema>;
export const IMPORT_DECISION_LABELS: Record<ImportDecision, string> = { create: '新增', update: '更新已有记录', skip: '跳过' };

export const ImportModeSchema = z.enum(['preview', 'commit']);
export const ImportPhaseSchema = z.enum(['uploaded', 'previewed', 'committed']);
export const ImportStatusValueSchema = z.enum(['running', 'done', 'failed']);

/** One problem of one cell (or of the whole row when `field` is null). `column` is the header as in the file. */
export const ImportRowErrorSchema = z.object({
  sheet: z.string(),
  row: z.number().int(),
  column: z.string(),
  field: z.string().nullable(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof ImportRowErrorSchema>;

export const ImportReportSchema = z.object({
  /** Data rows read (empty rows are not counted). total = valid + errorRows. */
  total: z.number().int(),
  valid: z.number().int(),
  errorRows: z.number().int(),
  /** Valid rows that match a registry record in scope or an earlier row of the file. */
  matched: z.number().int(),
  /** What the current decisions would do (preview), then what was done (after the commit). */
  planned: z.object({ create: z.number().int(), update: z.number().int(), skip: z.number().int() }),
  created: z.number().int(),
  updated: z.number().int(),
  /** Rows decided "update" whose values were already the same: nothing written. */
  unchanged: z.number().int(),
  skipped: z.number().int(),
  /** The first errors (row order); the complete list is the annotated errors.xlsx. */
  errors: z.array(ImportRowErrorSchema),
  errorsTruncated: z.boolean(),
  /** File-level notes: sheets skipped, columns not recognised. */
  warnings: z.array(z.string()),
  sheets: z.array(z.object({ name: z.string(), rows: z.number().int() })),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const ImportStatusSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  mode: ImportModeSchema,
  phase: ImportPhaseSchema,
  /** Of the current step (preview, then commit): queued counts as running. */
  status: ImportStatusValueSchema,
  progress: z.number().int(),
  /** Why the current step failed, in Chinese. */
  error: z.string().nullable(),
  report: ImportReportSchema.nullable(),
  campaignId: z.string().nullable(),
  /** Who uploaded it (display name): a city admin sees every county's imports. */
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
});
export type ImportStatus = z.infer<typeof ImportStatusSchema>;
export const ImportListSchema = pageOf(ImportStatusSchema.omit({ report: true }));

export const ImportCreatedSchema = z.object({ id: z.uuid() });

/** A registry record a row matches, masked. */
export const ImportMatchRecordSchema = z.object({
  talentId: z.uuid(),
  name: z.string(),
  gender: z.string().nullable(),
  birthDate: z.string().nullable(),
  ownerCountyName: z.string().nullable(),
  employer: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  phonesMasked: z.array(z.string()),
  score: z.number().int(),
  /** MATCH_REASON_LABELS texts, e.g. 证件号码相同; `reasonCodes` the codes. */
  reasons: z.array(z.string()),
  reasonCodes: z.array(z.string()),
});

export const ImportMatchSchema = z.object({
  /** What to send back in decisions: "<sheet no>-<row>" (a bare row number works for one-sheet files). */
  ref: z.string(),
  sheet: z.string(),
  row: z.number().int(),
  name: z.string(),
  idNumberMasked: z.string().nullable(),
  decision: ImportDecisionSchema,
  canCreate: z.boolean(),
  canUpdate: z.boolean(),
  /** The earlier row of the file this row duplicates. */
  file: z.object({ ref: z.string(), sheet: z.string(), row: z.number().int(), reasons: z.array(z.string()), reasonCodes: z.array(z.string()) }).nullable(),
  /** Registry records in the user's scope, best first; "update" writes the first. */
  registry: z.array(ImportMatchRecordSchema),
});
export type ImportMatch = z.infer<typeof ImportMatchSchema>;
export const ImportMatchListSchema = pageOf(ImportMatchSchema);
export const ImportMatchQuerySchema = z.object({
  page: z.coerce.number().int().min(1, '页码至少为 1').default(1),
  pageSize: z.coerce.number().int().min(1, '每页至少 1 条').max(200, '每页最多 200 条').default(50),
});

const ROW_REF = /^\d{1,7}(-\d{1,7})?$/;
export const ImportDecisionsBodySchema = z
  .object({
    /** Applies to every matched row where the choice is possible (update needs a record in scope; create needs no registered ID number). */
    all: ImportDecisionSchema.optional(),
    /** Per row, by `ref`; applied after `all`. Unmatched rows may be skipped or created too. */
    rows: z
      .record(z.string().regex(ROW_REF, '行号格式应为“行号”或“工作表序号-行号”'), ImportDecisionSchema)
      .refine((r) => Object.keys(r).length <= 20_000, '一次最多指定 20000 行')
      .optional(),
  })
  .strict()
  .refine((b) => b.all || (b.rows && Object.keys(b.rows).length > 0), { message: '请指定 all 或 rows', path: ['all'] });

export const ImportDecisionsResultSchema = z.object({
  planned: z.object({ create: z.number().int(), update: z.number().int(), skip: z.number().int() }),
});
