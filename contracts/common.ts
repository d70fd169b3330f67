import { z } from 'zod';

export const PageQuerySchema = z.object({
  page: z.coerce.number().int().min(1, '页码至少为 1').default(1),
  pageSize: z.coerce.number().int().min(1, '每页至少 1 条').max(200, '每页最多 200 条').default(20),
});

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

export const OkSchema = z.object({ ok: z.literal(true) });
export const IdParamSchema = z.object({ id: z.uuid('ID 格式不正确') });
