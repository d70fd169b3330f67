import { z } from 'zod';

export const DivisionCodeSchema = z.string().regex(/^\d{6}$/, '行政区划代码须为 6 位数字');

export const CountySchema = z.object({
  id: z.uuid(),
  code: z.string().nullable(),
  name: z.string(),
  sortOrder: z.number().int(),
  active: z.boolean(),
});
export type County = z.infer<typeof CountySchema>;

export const OrgSchema = z.object({
  city: z.object({ name: z.string(), code: z.string().nullable() }).nullable(),
  counties: z.array(CountySchema),
});
export type Org = z.infer<typeof OrgSchema>;

export const CountyInputSchema = z.object({
  id: z.uuid().optional(),
  code: DivisionCodeSchema.nullable().optional(),
  name: z.string().trim().min(1, '请输入县（市、区）名称').max(32, '名称不能超过 32 个字符'),
  active: z.boolean().default(true),
});

export const UpdateOrgBodySchema = z.object({
  city: z.object({
    name: z.string().trim().min(2, '请输入城市名称').max(32, '城市名称不能超过 32 个字符'),
    code: DivisionCodeSchema.nullable().optional(),
  }),
  counties: z
    .array(CountyInputSchema)
    .min(1, '至少需要一个县（市、区）')
    .max(60, '县（市、区）不能超过 60 个')
    .refine((cs) => new Set(cs.map((c) => c.name)).size === cs.length, '县（市、区）名称不能重复'),
});

export const DivisionSchema = z.object({ code: z.string(), name: z.string(), hasChildren: z.boolean() });
export const CountrySchema = z.object({ code: z.string(), name: z.string() });

export const OutpostSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  divisionCode: z.string(),
  divisionName: z.string().nullable(),
  hostOrganisation: z.string().nullable(),
});
export type Outpost = z.infer<typeof OutpostSchema>;
