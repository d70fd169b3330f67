import { z } from 'zod';
import { PageQuerySchema } from './common.ts';

/** News and announcements the city publishes on the portal (公告资讯). */
export const ANNOUNCEMENT_CATEGORIES = { news: '工作动态', policy: '政策发布', job: '岗位信息', event: '活动通知' } as const;
export const AnnouncementCategorySchema = z.enum(['news', 'policy', 'job', 'event'], { error: '请选择栏目' });

const text = (label: string, min: number, max: number) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ error: `请填写${label}` }).min(min, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字符`));

export const AnnouncementBodySchema = z
  .object({
    category: AnnouncementCategorySchema,
    title: text('标题', 2, 80),
    summary: z.preprocess((v) => (typeof v === 'string' ? v.trim() || null : v), z.string().max(200, '摘要不能超过 200 个字符').nullable()).default(null),
    body: text('正文', 2, 20_000),
  })
  .strict();
export const PatchAnnouncementBodySchema = AnnouncementBodySchema.partial().extend({ version: z.number().int() }).strict();
export const VersionBodySchema = z.object({ version: z.number().int() }).strict();

export const AnnouncementSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  category: AnnouncementCategorySchema,
  title: z.string(),
  summary: z.string().nullable(),
  body: z.string(),
  status: z.enum(['draft', 'published']),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Announcement = z.infer<typeof AnnouncementSchema>;
export const AnnouncementListSchema = z.object({ items: z.array(AnnouncementSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export const AnnouncementListQuerySchema = PageQuerySchema.extend({
  status: z.enum(['draft', 'published', 'all']).default('all'),
  category: AnnouncementCategorySchema.optional(),
});

/** What the public portal shows: published only, no drafts, no internal fields. */
export const PublicAnnouncementSchema = AnnouncementSchema.pick({ id: true, category: true, title: true, summary: true, body: true, publishedAt: true });
export const PublicAnnouncementListSchema = z.object({ items: z.array(PublicAnnouncementSchema.omit({ body: true })), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export const PublicAnnouncementQuerySchema = PageQuerySchema.extend({ category: AnnouncementCategorySchema.optional() });
