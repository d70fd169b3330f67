import { z } from 'zod';
import { PageQuerySchema } from './common.ts';
import type { Role } from './roles.ts';

/** Staff side of the portal: registrations and changes to review, rights requests to answer. */

/** City and county talent offices review the portal's registrations, changes and rights requests (each within scope). */
export const PORTAL_REVIEWERS: readonly Role[] = ['city_admin', 'county_admin'];

export const REVIEW_STATUSES = { pending: '待审核', approved: '已通过', rejected: '已退回', withdrawn: '已撤回' } as const;
const reason = z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ error: '请填写退回原因' }).min(2, '请填写退回原因（至少 2 个字）').max(500, '原因不能超过 500 个字符'));

export const ReviewListQuerySchema = PageQuerySchema.extend({
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn', 'all']).default('pending'),
});

const FieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });

export const RegistrationItemSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']),
  kind: z.enum(['new', 'link']),
  countyId: z.uuid(),
  countyName: z.string().nullable(),
  name: z.string().nullable(),
  gender: z.string().nullable(),
  birthDate: z.string().nullable(),
  employer: z.string().nullable(),
  nativeCountyName: z.string().nullable(),
  accountMasked: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  matchReasons: z.array(z.string()),
  candidateCount: z.number().int(),
  talentId: z.uuid().nullable(),
  reason: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  createdAt: z.string(),
});
export const RegistrationListSchema = z.object({ items: z.array(RegistrationItemSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const CandidateSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  gender: z.string().nullable(),
  birthDate: z.string().nullable(),
  employer: z.string().nullable(),
  ownerCountyName: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  phonesMasked: z.array(z.string()),
  reasons: z.array(z.string()),
  /** Already linked to another portal account. */
  linked: z.boolean(),
});
export const RegistrationDetailSchema = RegistrationItemSchema.extend({
  /** The submitted profile, ID number and phones masked, names resolved. */
  data: z.array(z.object({ field: z.string(), value: z.unknown() })),
  /** The confident match (kind link) or the possible ones (kind new) the reviewer may see. */
  candidates: z.array(CandidateSchema),
  /** Candidates in other counties, not shown. */
  hiddenCandidates: z.number().int(),
});
export type RegistrationDetail = z.infer<typeof RegistrationDetailSchema>;

export const ApproveRegistrationBodySchema = z
  .object({
    version: z.number().int(),
    /** Link to this record (the match or one of the candidates); null = create a new record. */
    linkTalentId: z.uuid('人才记录无效').nullable(),
  })
  .strict();
export const RejectBodySchema = z.object({ version: z.number().int(), reason }).strict();
export const ApproveChangeBodySchema = z.object({ version: z.number().int() }).strict();

export const ChangeItemSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']),
  talentId: z.uuid(),
  talentName: z.string().nullable(),
  countyName: z.string().nullable(),
  accountMasked: z.string().nullable(),
  changes: z.array(FieldChange),
  reason: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  createdAt: z.string(),
});
export const ChangeListSchema = z.object({ items: z.array(ChangeItemSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

// ---- Rights requests (PIPL art. 44–47) ----

export const RIGHTS_TYPES = { correction: '更正', deletion: '删除', withdrawal: '撤回同意' } as const;
export const RIGHTS_STATUSES = { pending: '处理中', completed: '已办结', refused: '不予办理' } as const;
export const RightsTypeSchema = z.enum(['correction', 'deletion', 'withdrawal']);
/** Days staff have to answer (PIPL art. 50, and the notice promises 30 days). */
export const RIGHTS_DUE_DAYS = 30;

export const CreateRightsRequestBodySchema = z
  .object({
    type: z.enum(['correction', 'deletion'], { error: '请选择申请类型' }),
    detail: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ error: '请填写申请内容' }).min(2, '请说明需要更正或删除的内容').max(2000, '申请内容不能超过 2000 个字符')),
  })
  .strict();

export const RightsRequestSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  type: RightsTypeSchema,
  detail: z.string(),
  status: z.enum(['pending', 'completed', 'refused']),
  outcome: z.string().nullable(),
  dueAt: z.string(),
  overdue: z.boolean(),
  createdAt: z.string(),
  handledAt: z.string().nullable(),
  handledByName: z.string().nullable(),
});
export const StaffRightsRequestSchema = RightsRequestSchema.extend({
  talentId: z.uuid().nullable(),
  talentName: z.string().nullable(),
  countyName: z.string().nullable(),
  accountMasked: z.string().nullable(),
});
export const StaffRightsListSchema = z.object({ items: z.array(StaffRightsRequestSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export const RightsListQuerySchema = PageQuerySchema.extend({
  status: z.enum(['pending', 'completed', 'refused', 'all']).default('pending'),
  type: RightsTypeSchema.optional(),
});
export const ResolveRightsBodySchema = z
  .object({
    version: z.number().int(),
    status: z.enum(['completed', 'refused'], { error: '请选择办理结果' }),
    outcome: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ error: '请填写办理情况' }).min(2, '请填写办理情况（至少 2 个字）').max(2000, '办理情况不能超过 2000 个字符')),
  })
  .strict();
