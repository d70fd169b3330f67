import { z } from 'zod';

/** Out-of-town chambers of commerce (异地商会), maintained by the city. */
const name = z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ error: '请填写商会名称' }).min(2, '请填写商会名称').max(60, '商会名称不能超过 60 个字符'));
const optional = (label: string, max: number) => z.preprocess((v) => (typeof v === 'string' ? v.trim() || null : v), z.string().max(max, `${label}不能超过 ${max} 个字符`).nullable());

export const ChamberBodySchema = z
  .object({
    name,
    divisionCode: z.string().regex(/^\d{6}$/, '所在城市须为 6 位行政区划代码').nullable().default(null),
    outpostId: z.uuid('工作站无效').nullable().default(null),
    contact: optional('联系方式', 100).default(null),
    active: z.boolean().default(true),
    sortOrder: z.number().int().min(0).max(9999).default(0),
  })
  .strict();
export const PatchChamberBodySchema = ChamberBodySchema.partial().extend({ version: z.number().int() }).strict();

export const ChamberSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  name: z.string(),
  divisionCode: z.string().nullable(),
  divisionName: z.string().nullable(),
  outpostId: z.uuid().nullable(),
  outpostName: z.string().nullable(),
  contact: z.string().nullable(),
  active: z.boolean(),
  sortOrder: z.number().int(),
  memberCount: z.number().int(),
});
export type Chamber = z.infer<typeof ChamberSchema>;
