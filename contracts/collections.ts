import { z } from 'zod';
import { DateStringSchema } from './talents.ts';

export const SUBMISSION_STATUS_LABELS = { pending: '未提交', submitted: '已提交', accepted: '已通过', returned: '已退回' } as const;
export const COLLECTION_STATUS_LABELS = { open: '进行中', closed: '已结束' } as const;

export const CreateCollectionBodySchema = z.object({
  title: z.string().trim().min(2, '标题至少 2 个字').max(60, '标题不能超过 60 个字'),
  notice: z.string().trim().min(1, '请填写通知内容').max(5000, '通知内容不能超过 5000 字'),
  deadline: DateStringSchema,
});

export const SubmissionSchema = z.object({
  countyId: z.string(),
  countyName: z.string(),
  status: z.enum(['pending', 'submitted', 'accepted', 'returned']),
  rows: z.number().int(),
  imports: z.number().int(),
  errors: z.number().int(),
  lastActivityAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  note: z.string().nullable(),
  reviewNote: z.string().nullable(),
  overdue: z.boolean(),
});
export type Submission = z.infer<typeof SubmissionSchema>;

export const CollectionSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  notice: z.string(),
  deadline: z.string(),
  status: z.enum(['open', 'closed']),
  createdAt: z.string(),
  /** Counts over the submissions the user may see. */
  summary: z.object({ counties: z.number().int(), submitted: z.number().int(), overdue: z.number().int(), rows: z.number().int() }),
});
export type Collection = z.infer<typeof CollectionSchema>;

export const CollectionDetailSchema = CollectionSchema.extend({ submissions: z.array(SubmissionSchema) });

export const SubmitBodySchema = z.object({
  countyId: z.uuid().optional(),
  note: z.string().trim().max(500, '说明不能超过 500 字').optional(),
});
export const ReviewBodySchema = z.object({
  countyId: z.uuid('请选择县（市、区）'),
  decision: z.enum(['accepted', 'returned']),
  note: z.string().trim().max(500, '意见不能超过 500 字').optional(),
}).refine((b) => b.decision === 'accepted' || (b.note && b.note.length > 0), { message: '退回时请填写意见', path: ['note'] });
