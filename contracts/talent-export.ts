import { z } from 'zod';
import { TalentFilterSchema } from './talents.ts';

/**
 * Exporting the registry to xlsx. Exports are masked (110105********1234, 138****1234); an
 * unmasked export needs an export request approved by a city_admin other than the requester,
 * and uses that request's stored filter, once.
 */

/** GET /api/talents/export: the list filters, or `exportRequestId` (then the request's filter is used and the query's ignored). */
export const TalentExportQuerySchema = TalentFilterSchema.extend({
  exportRequestId: z.uuid('导出申请编号格式不正确').optional(),
});

export const EXPORT_REQUEST_STATUSES = {
  pending: '待审批',
  approved: '已批准',
  rejected: '已驳回',
  used: '已使用',
  expired: '已过期',
} as const;
export const ExportRequestStatusSchema = z.enum(['pending', 'approved', 'rejected', 'used', 'expired']);
export type ExportRequestStatus = z.infer<typeof ExportRequestStatusSchema>;

/** How long an approval stays usable. */
export const EXPORT_APPROVAL_TTL_HOURS = 72;

export const CreateExportRequestBodySchema = z
  .object({
    filter: TalentFilterSchema.default({}),
    reason: z.string().trim().min(4, '请填写导出理由（至少 4 个字）').max(500, '导出理由不能超过 500 个字符'),
  })
  .strict();

export const DecideExportRequestBodySchema = z
  .object({ note: z.string().trim().max(500, '审批意见不能超过 500 个字符').optional() })
  .strict()
  .nullish();

export const ExportRequestListQuerySchema = z.object({
  status: ExportRequestStatusSchema.optional(),
  /** city_admin: only my own requests (others always see only their own). */
  mine: z.enum(['true', 'false']).default('false'),
  page: z.coerce.number().int().min(1, '页码至少为 1').default(1),
  pageSize: z.coerce.number().int().min(1, '每页至少 1 条').max(100, '每页最多 100 条').default(20),
});

export const ExportRequestSchema = z.object({
  id: z.uuid(),
  status: ExportRequestStatusSchema,
  requestedById: z.string(),
  requestedByName: z.string().nullable(),
  /** The stored filter (TalentFilterSchema, multi-valued fields as arrays). */
  filter: z.record(z.string(), z.unknown()),
  /** The filter in words, e.g. "所属县（市、区）：甲县；人才类别：专家学者". */
  filterText: z.string(),
  reason: z.string(),
  /** Records the filter matched in the requester's scope when the request was made. */
  rowCount: z.number().int().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  expiresAt: z.string().nullable(),
  usedAt: z.string().nullable(),
  createdAt: z.string(),
  /** The current user may approve or reject it (city_admin, not the requester, still pending). */
  canDecide: z.boolean(),
  /** The current user may download it now (the requester, approved, not expired). */
  canUse: z.boolean(),
});
export type ExportRequest = z.infer<typeof ExportRequestSchema>;

export const ExportRequestListSchema = z.object({
  items: z.array(ExportRequestSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
