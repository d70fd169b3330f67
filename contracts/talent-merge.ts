import { z } from 'zod';
import { TalentFieldsSchema, TalentListItemSchema, TalentSchema, type TalentFields } from './talents.ts';

/**
 * The duplicates page (likely pairs inside the registry) and merging two records into one.
 * Merging picks each writable field from one side; phones, honours and tags are the union of both.
 */

/** Fields that are always the union of both records (no choice). */
export const MERGE_UNION_FIELDS = ['phones', 'honours', 'tags'] as const satisfies readonly (keyof TalentFields)[];

/** Fields the user picks from one side; every writable field except the unioned ones. */
export const MERGE_CHOOSABLE_FIELDS = Object.keys(TalentFieldsSchema.shape).filter(
  (f) => !(MERGE_UNION_FIELDS as readonly string[]).includes(f),
) as Exclude<keyof TalentFields, (typeof MERGE_UNION_FIELDS)[number]>[];

export const MergeSideSchema = z.enum(['survivor', 'merged']);
export type MergeSide = z.infer<typeof MergeSideSchema>;

/** `fields` names the side per field; a field left out keeps the survivor's value. Unknown fields are refused. */
export const MergeBodySchema = z
  .object({
    survivorId: z.uuid('保留记录 ID 格式不正确'),
    mergedId: z.uuid('被合并记录 ID 格式不正确'),
    survivorVersion: z.number().int(),
    mergedVersion: z.number().int(),
    fields: z
      .object(Object.fromEntries(MERGE_CHOOSABLE_FIELDS.map((f) => [f, MergeSideSchema.optional()])) as Record<(typeof MERGE_CHOOSABLE_FIELDS)[number], z.ZodOptional<typeof MergeSideSchema>>)
      .strict()
      .default({}),
  })
  .strict();
export type MergeBody = z.infer<typeof MergeBodySchema>;

export const MergeResultSchema = z.object({
  survivor: TalentSchema,
  mergedId: z.uuid(),
  /** Field → side actually taken from the merged record, and the unioned fields that grew. */
  takenFromMerged: z.array(z.string()),
  /** Rows moved to the survivor, per table (talent_history, liaison_assignments, …). */
  moved: z.record(z.string(), z.number().int()),
});

export const DuplicateListQuerySchema = z.object({
  page: z.coerce.number().int().min(1, '页码至少为 1').default(1),
  pageSize: z.coerce.number().int().min(1, '每页至少 1 条').max(50, '每页最多 50 对').default(20),
});

/** A masked summary of one side of a pair (the full record is GET /api/talents/:id). */
export const DuplicateRecordSchema = TalentListItemSchema.extend({
  idNumberMasked: z.string().nullable(),
  email: z.string().nullable(),
  source: z.string(),
  createdAt: z.string(),
});

export const MatchReasonSchema = z.object({
  code: z.enum(['idNumber', 'phone', 'nameBirthDate', 'nameEmployer']),
  label: z.string(),
});

export const DuplicatePairSchema = z.object({
  a: DuplicateRecordSchema,
  b: DuplicateRecordSchema,
  score: z.number(),
  reasons: z.array(MatchReasonSchema),
});
export type DuplicatePair = z.infer<typeof DuplicatePairSchema>;

export const DuplicateListSchema = z.object({
  items: z.array(DuplicatePairSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

/** "不是同一人": the pair is not suggested again. */
export const DismissDuplicateBodySchema = z
  .object({
    aId: z.uuid('记录 ID 格式不正确'),
    bId: z.uuid('记录 ID 格式不正确'),
    note: z.string().trim().max(200, '备注不能超过 200 个字符').optional(),
  })
  .strict();
