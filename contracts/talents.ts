import { z } from 'zod';
import { checkResidentId, isPhone, normaliseIdNumber, normalisePhone, toHalfWidth } from './id-number.ts';
import { INDUSTRY_BY_CODE } from './industries.ts';

// ---- Dictionaries (code → Chinese label). The codes are what the API and database store. ----

export const GENDERS = { male: '男', female: '女' } as const;
export const DEGREES = { doctor: '博士研究生', master: '硕士研究生', bachelor: '大学本科', college: '大学专科', secondary: '高中/中专及以下' } as const;
export const TITLE_LEVELS = { senior: '正高级', associate: '副高级', intermediate: '中级', junior: '初级', none: '无' } as const;
export const CATEGORIES = {
  expert: '专家学者',
  entrepreneur: '企业家',
  youth: '青年学子',
  worker: '在外务工',
  chamber: '商会会员',
  student: '在校学生',
  professional: '专业技术人才',
  other: '其他',
} as const;
export const STATUSES = { abroad: '在外', intending: '有意向返乡', returned: '已返乡/已引进' } as const;
export const SOURCES = { county: '县区报送', outpost: '工作站推荐', hotline: '返乡热线', portal: '本人登记', event: '活动采集', import: '批量导入' } as const;
export const ID_TYPES = { resident: '居民身份证', passport: '护照' } as const;
export const RETURN_CHANNELS = { job: '就业', startup: '创业', project: '项目落地', public: '公职', other: '其他' } as const;
export const SUGGESTED_HONOURS = ['两院院士', '国家杰青', '长江学者', '国家优青', '万人计划', '百千万人才工程', '享受国务院特殊津贴', '省级领军人才', '博士后'] as const;
/** Default talent tiers; the live list is configurable (settings `talent_tiers`). */
export const DEFAULT_TIERS = [
  { code: 'A', name: 'A类（顶尖人才）', criteria: '两院院士、国家最高科学技术奖获得者等' },
  { code: 'B', name: 'B类（国家级领军人才）', criteria: '国家杰青、长江学者、万人计划等' },
  { code: 'C', name: 'C类（省级领军人才）', criteria: '省级人才计划入选者、正高级职称等' },
  { code: 'D', name: 'D类（拔尖人才）', criteria: '博士、副高级职称、规上企业负责人等' },
  { code: 'E', name: 'E类（青年人才）', criteria: '硕士、本科毕业生、技能人才等' },
] as const;

const keysOf = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
export const GenderSchema = z.enum(keysOf(GENDERS));
export const DegreeSchema = z.enum(keysOf(DEGREES));
export const TitleLevelSchema = z.enum(keysOf(TITLE_LEVELS));
export const CategorySchema = z.enum(keysOf(CATEGORIES));
export const StatusSchema = z.enum(keysOf(STATUSES));
export const SourceSchema = z.enum(keysOf(SOURCES));
export const IdTypeSchema = z.enum(keysOf(ID_TYPES));
export const ReturnChannelSchema = z.enum(keysOf(RETURN_CHANNELS));

const trimmed = (label: string, max: number) =>
  z.preprocess((v) => (typeof v === 'string' ? toHalfWidth(v).trim().replace(/\s+/g, ' ') || null : v), z.string().max(max, `${label}不能超过 ${max} 个字符`).nullable());

export const DateStringSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** Writable talent fields (create and patch). Sensitive ones arrive in clear and are encrypted by the server. */
export const TalentFieldsSchema = z.object({
  name: z.preprocess((v) => (typeof v === 'string' ? v.replace(/\s+/g, '').trim() : v), z.string().min(1, '请输入姓名').max(40, '姓名不能超过 40 个字符')),
  gender: GenderSchema.nullable(),
  birthDate: DateStringSchema.nullable(),
  ethnicity: trimmed('民族', 20),
  idType: IdTypeSchema.nullable(),
  idNumber: z.preprocess((v) => (typeof v === 'string' ? normaliseIdNumber(v) || null : v), z.string().max(30, '证件号码过长').nullable()),
  phones: z
    .array(z.preprocess((v) => (typeof v === 'string' ? normalisePhone(v) : v), z.string().refine(isPhone, '不是有效的手机号或带区号的固定电话')))
    .max(5, '最多 5 个电话'),
  email: z.preprocess((v) => (typeof v === 'string' ? v.trim() || null : v), z.email('邮箱格式不正确').max(120).nullable()),
  wechat: trimmed('微信号', 60),
  nativeCountyId: z.uuid('籍贯县（市、区）无效').nullable(),
  nativeTownship: trimmed('籍贯乡镇', 40),
  isNative: z.boolean(),
  ownerCountyId: z.uuid('所属县（市、区）无效'),
  outpostId: z.uuid('工作站无效').nullable(),
  locationCode: z.string().regex(/^\d{6}$/, '现居地须为 6 位行政区划代码').nullable(),
  locationCountry: z.string().regex(/^[A-Z]{2}$/, '国家代码须为 2 位大写字母').nullable(),
  employer: trimmed('工作单位', 100),
  position: trimmed('职务', 60),
  industryCode: z.string().refine((c) => INDUSTRY_BY_CODE.has(c), '不是有效的国民经济行业代码（GB/T 4754）').nullable(),
  specialty: trimmed('专业领域', 100),
  degree: DegreeSchema.nullable(),
  school: trimmed('毕业院校', 60),
  graduationYear: z.number().int().min(1940, '毕业年份不早于 1940').max(2100, '毕业年份无效').nullable(),
  titleLevel: TitleLevelSchema.nullable(),
  tier: z.string().regex(/^[A-Z]$/, '人才层级代码须为一个大写字母').nullable(),
  category: CategorySchema,
  honours: z.array(z.string().trim().min(1).max(30)).max(20, '荣誉最多 20 项'),
  tags: z.array(z.string().trim().min(1).max(20)).max(30, '标签最多 30 个'),
  status: StatusSchema,
  returnedAt: DateStringSchema.nullable(),
  returnChannel: ReturnChannelSchema.nullable(),
  source: SourceSchema,
  remarks: trimmed('备注', 1000),
});
export type TalentFields = z.infer<typeof TalentFieldsSchema>;

/** Cross-field rules shared by the API and the import. Returns [field, message] pairs. */
export function crossFieldErrors(t: Partial<TalentFields>): [string, string][] {
  const errs: [string, string][] = [];
  if (t.idNumber) {
    if ((t.idType ?? 'resident') === 'resident') {
      const c = checkResidentId(t.idNumber);
      if (!c.ok) errs.push(['idNumber', c.reason]);
      else {
        if (t.birthDate && t.birthDate !== c.birthDate) errs.push(['birthDate', `出生日期与身份证号不符（身份证为 ${c.birthDate}）`]);
        if (t.gender && t.gender !== c.gender) errs.push(['gender', `性别与身份证号不符（身份证为${GENDERS[c.gender]}）`]);
      }
    } else if (!/^[A-Z0-9]{5,20}$/.test(t.idNumber)) {
      errs.push(['idNumber', '护照号应为 5–20 位字母或数字']);
    }
  }
  if (t.locationCode && t.locationCountry) errs.push(['locationCountry', '现居地填写国内区划或境外国家，二者选一']);
  if (t.status === 'returned' && !t.returnedAt) errs.push(['returnedAt', '已返乡/已引进须填写返乡日期']);
  if (t.status !== undefined && t.status !== 'returned' && (t.returnedAt || t.returnChannel)) {
    errs.push(['status', '只有“已返乡/已引进”才填写返乡日期和渠道']);
  }
  return errs;
}

/** Strict: a field the client may not write (owner account, merge state, derived columns…) is refused, not ignored. */
export const CreateTalentBodySchema = TalentFieldsSchema.partial().required({ name: true, ownerCountyId: true }).strict();
export const PatchTalentBodySchema = TalentFieldsSchema.partial().extend({ version: z.number().int() }).strict();

export const SavedViewSchema = z.object({ id: z.uuid(), name: z.string(), query: z.record(z.string(), z.unknown()), createdAt: z.string() });
export const CreateSavedViewBodySchema = z.object({
  name: z.string().trim().min(1, '请输入视图名称').max(30, '视图名称不能超过 30 个字符'),
  query: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
});

/** A talent as the API returns it: sensitive fields masked unless revealed. */
export const TalentSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  name: z.string(),
  namePinyin: z.string(),
  gender: GenderSchema.nullable(),
  birthDate: z.string().nullable(),
  ethnicity: z.string().nullable(),
  idType: IdTypeSchema.nullable(),
  idNumberMasked: z.string().nullable(),
  phonesMasked: z.array(z.string()),
  email: z.string().nullable(),
  wechat: z.string().nullable(),
  nativeCountyId: z.string().nullable(),
  nativeCountyName: z.string().nullable(),
  nativeTownship: z.string().nullable(),
  isNative: z.boolean(),
  ownerCountyId: z.string(),
  ownerCountyName: z.string().nullable(),
  outpostId: z.string().nullable(),
  outpostName: z.string().nullable(),
  locationCode: z.string().nullable(),
  locationCountry: z.string().nullable(),
  locationName: z.string().nullable(),
  employer: z.string().nullable(),
  position: z.string().nullable(),
  industryCode: z.string().nullable(),
  industryName: z.string().nullable(),
  specialty: z.string().nullable(),
  degree: DegreeSchema.nullable(),
  school: z.string().nullable(),
  graduationYear: z.number().int().nullable(),
  titleLevel: TitleLevelSchema.nullable(),
  tier: z.string().nullable(),
  category: CategorySchema,
  honours: z.array(z.string()),
  tags: z.array(z.string()),
  status: StatusSchema,
  returnedAt: z.string().nullable(),
  returnChannel: ReturnChannelSchema.nullable(),
  source: SourceSchema,
  remarks: z.string().nullable(),
  campaignId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Talent = z.infer<typeof TalentSchema>;

/** Filters of the list, shared by search, facets and export. Multi-valued filters take comma lists. */
const csv = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v), z.array(item).max(50)).optional();
export const TalentFilterSchema = z.object({
  q: z.string().trim().max(50, '搜索词不能超过 50 个字符').optional(),
  ownerCountyId: csv(z.uuid()),
  category: csv(CategorySchema),
  degree: csv(DegreeSchema),
  titleLevel: csv(TitleLevelSchema),
  tier: csv(z.string().regex(/^[A-Z]$/)),
  status: csv(StatusSchema),
  source: csv(SourceSchema),
  industrySection: csv(z.string().regex(/^[A-T]$/)),
  locationProvince: csv(z.string().regex(/^\d{2}$/, '省级代码为 2 位数字')),
  abroad: z.enum(['true', 'false']).optional(),
  honour: z.string().trim().max(30).optional(),
  tag: z.string().trim().max(20).optional(),
  isNative: z.enum(['true', 'false']).optional(),
  campaignId: z.uuid().optional(),
});
export type TalentFilter = z.infer<typeof TalentFilterSchema>;

export const TALENT_SORTS = ['updatedAt', '-updatedAt', 'name', '-name', 'birthDate', '-birthDate', 'createdAt', '-createdAt'] as const;
export const TalentListQuerySchema = TalentFilterSchema.extend({
  page: z.coerce.number().int().min(1, '页码至少为 1').max(10_000, '页码过大，请缩小筛选范围').default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '每页最多 100 条').default(20),
  sort: z.enum(TALENT_SORTS).default('-updatedAt'),
  facets: z.enum(['true', 'false']).default('true'),
});

export const FACET_FIELDS = ['ownerCountyId', 'category', 'degree', 'titleLevel', 'tier', 'status', 'source', 'industrySection'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];
export const FacetsSchema = z.record(z.string(), z.array(z.object({ value: z.string(), label: z.string(), count: z.number().int() })));

export const TalentListItemSchema = TalentSchema.pick({
  id: true, version: true, name: true, gender: true, birthDate: true, phonesMasked: true, ownerCountyId: true, ownerCountyName: true,
  employer: true, position: true, locationName: true, degree: true, school: true, titleLevel: true, tier: true, category: true,
  status: true, honours: true, tags: true, updatedAt: true, specialty: true,
});
export const TalentListSchema = z.object({
  items: z.array(TalentListItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  facets: FacetsSchema.optional(),
});

export const TalentHistoryEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
  note: z.string().nullable(),
});

/** Labels of every field, used by the UI, history, the import template and the export header. */
export const TALENT_FIELD_LABELS: Record<string, string> = {
  name: '姓名', gender: '性别', birthDate: '出生日期', ethnicity: '民族', idType: '证件类型', idNumber: '证件号码', phones: '联系电话',
  email: '电子邮箱', wechat: '微信号', nativeCountyId: '籍贯县（市、区）', nativeTownship: '籍贯乡镇', isNative: '是否本籍',
  ownerCountyId: '所属县（市、区）', outpostId: '推荐工作站', locationCode: '现居地', locationCountry: '现居国家（境外）',
  employer: '工作单位', position: '职务', industryCode: '行业', specialty: '专业领域', degree: '最高学历', school: '毕业院校',
  graduationYear: '毕业年份', titleLevel: '职称级别', tier: '人才层级', category: '人才类别', honours: '荣誉称号', tags: '标签',
  status: '状态', returnedAt: '返乡日期', returnChannel: '返乡渠道', source: '来源', remarks: '备注',
};
