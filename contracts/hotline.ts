import { z } from 'zod';
import { isPhone, normalisePhone } from './id-number.ts';
import { PageQuerySchema } from './common.ts';
import type { Role } from './roles.ts';

// ---- Dictionaries (code → Chinese label) of the return hotline (返乡热线). ----

export const HOTLINE_CATEGORIES = {
  policy: '政策咨询',
  project: '项目对接',
  startup: '创业服务',
  employment: '就业服务',
  info: '信息收集',
  other: '其他',
} as const;
export const HOTLINE_SOURCES = { phone: '热线电话', portal: '网上诉求', walk_in: '来访', letter: '来信', other: '其他' } as const;
export const HOTLINE_STATUSES = { new: '新建', in_progress: '处理中', follow_up: '待回访', closed: '已办结', cancelled: '已撤销' } as const;
export const HOTLINE_OUTCOMES = {
  job: '就业落地',
  investment: '投资兴业',
  project: '项目合作',
  policy: '政策兑现',
  info: '信息登记',
  consult: '仅咨询',
} as const;
export const CONTACT_PREFS = { phone: '电话', sms: '短信', wechat: '微信', email: '邮件', none: '无需回复' } as const;
/** SLA state of one clock: running (ok / near / overdue), paused, or stopped (met / missed). */
export const SLA_STATES = { ok: '正常', near: '临近超时', overdue: '已超时', paused: '已暂停', met: '按时', missed: '超时' } as const;
export const SLA_LEVELS = { city: '市级', county: '县级' } as const;

const keysOf = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
export const HotlineCategorySchema = z.enum(keysOf(HOTLINE_CATEGORIES), { error: '请选择诉求类别' });
export const HotlineSourceSchema = z.enum(keysOf(HOTLINE_SOURCES), { error: '来源无效' });
export const HotlineStatusSchema = z.enum(keysOf(HOTLINE_STATUSES));
export const HotlineOutcomeSchema = z.enum(keysOf(HOTLINE_OUTCOMES), { error: '请选择办理结果' });
export const ContactPrefSchema = z.enum(keysOf(CONTACT_PREFS), { error: '联系方式无效' });
export const SlaStateSchema = z.enum(keysOf(SLA_STATES));
export const SlaLevelSchema = z.enum(keysOf(SLA_LEVELS));
export type HotlineCategory = z.infer<typeof HotlineCategorySchema>;
export type HotlineStatus = z.infer<typeof HotlineStatusSchema>;
export type HotlineOutcome = z.infer<typeof HotlineOutcomeSchema>;
export type SlaState = z.infer<typeof SlaStateSchema>;

/** Who works the hotline desk (each within their scope); only the city edits the SLA rules and calendar. */
export const HOTLINE_STAFF: readonly Role[] = ['hotline_agent', 'city_admin', 'county_admin'];
export const HOTLINE_SETTINGS_EDITORS: readonly Role[] = ['city_admin'];

const text = (label: string, max: number) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().max(max, `${label}不能超过 ${max} 个字符`));
const requiredText = (label: string, max: number) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ error: `请填写${label}` }).min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字符`));
const optionalText = (label: string, max: number) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() || null : v), z.string().max(max, `${label}不能超过 ${max} 个字符`).nullable().optional());

export const PhoneInputSchema = z.preprocess(
  (v) => (typeof v === 'string' ? normalisePhone(v) || null : v),
  z.string().refine(isPhone, '来电号码不是有效的手机号或带区号的固定电话').nullable(),
);

export const CreateCaseBodySchema = z
  .object({
    source: HotlineSourceSchema.default('phone'),
    callerName: optionalText('来电人姓名', 40),
    callerPhone: PhoneInputSchema.optional(),
    talentId: z.uuid('人才记录无效').nullable().optional(),
    category: HotlineCategorySchema,
    /** Handling level: null = the city hotline. */
    countyId: z.uuid('承办层级无效').nullable().default(null),
    assigneeId: z.uuid('承办人无效').nullable().optional(),
    subject: optionalText('标题', 60),
    content: requiredText('诉求内容', 4000),
    contactPref: ContactPrefSchema.default('phone'),
    contactNote: optionalText('联系说明', 200),
  })
  .strict();
export type CreateCaseBody = z.input<typeof CreateCaseBodySchema>;

const Version = { version: z.number({ error: '缺少版本号' }).int() };
const Note = (required: boolean) => (required ? requiredText('说明', 1000) : optionalText('说明', 1000));

export const AcceptBodySchema = z.object({ ...Version, note: Note(false) }).strict();
export const TransferBodySchema = z
  .object({ ...Version, countyId: z.uuid('承办层级无效').nullable(), assigneeId: z.uuid('承办人无效').nullable().optional(), note: Note(true) })
  .strict();
export const AssignBodySchema = z.object({ ...Version, assigneeId: z.uuid('承办人无效').nullable(), note: Note(false) }).strict();
export const WaitBodySchema = z.object({ ...Version, note: Note(true) }).strict();
export const ResumeBodySchema = z.object({ ...Version, note: Note(false) }).strict();
export const AnswerBodySchema = z.object({ ...Version, answer: requiredText('答复内容', 4000), note: Note(false) }).strict();
export const CloseBodySchema = z
  .object({ ...Version, outcome: HotlineOutcomeSchema, outcomeNote: optionalText('结果说明', 1000), answer: optionalText('答复内容', 4000), note: Note(false) })
  .strict();
export const CancelBodySchema = z.object({ ...Version, note: Note(true) }).strict();
export const FollowUpBodySchema = z
  .object({
    ...Version,
    satisfaction: z.number({ error: '请选择满意度' }).int().min(1, '满意度为 1–5 分').max(5, '满意度为 1–5 分'),
    /** Resolved: the case closes (with an outcome when it was not closed yet); not resolved: it reopens. */
    resolved: z.boolean({ error: '请选择问题是否解决' }),
    outcome: HotlineOutcomeSchema.optional(),
    note: Note(true),
  })
  .strict();
export const ReopenBodySchema = z.object({ ...Version, note: Note(true) }).strict();
export const NoteBodySchema = z.object({ note: requiredText('备注', 1000) }).strict();

export const ListCasesQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(60).optional(),
  status: z.union([HotlineStatusSchema, z.literal('open')]).optional(),
  category: HotlineCategorySchema.optional(),
  source: HotlineSourceSchema.optional(),
  /** 'city' or a county id. */
  level: z.string().max(40).optional(),
  sla: z.enum(['near', 'overdue', 'paused']).optional(),
  mine: z.enum(['1', 'true']).optional(),
  phone: z.string().max(30).optional(),
});

export const SlaInfoSchema = z.object({
  state: SlaStateSchema,
  dueAt: z.string().nullable(),
  targetMinutes: z.number().int(),
  /** Working minutes used so far (pauses excluded). */
  usedMinutes: z.number().int(),
});

export const HotlineCaseSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  version: z.number().int(),
  source: HotlineSourceSchema,
  callerName: z.string().nullable(),
  callerPhoneMasked: z.string().nullable(),
  talentId: z.string().nullable(),
  talentName: z.string().nullable(),
  category: HotlineCategorySchema,
  countyId: z.string().nullable(),
  levelName: z.string(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  status: HotlineStatusSchema,
  waitingCaller: z.boolean(),
  subject: z.string(),
  createdAt: z.string(),
  firstRespondedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  outcome: HotlineOutcomeSchema.nullable(),
  satisfaction: z.number().int().nullable(),
  firstResponse: SlaInfoSchema,
  resolution: SlaInfoSchema,
});
export type HotlineCase = z.infer<typeof HotlineCaseSchema>;

export const CaseEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  fromStatus: HotlineStatusSchema.nullable(),
  toStatus: HotlineStatusSchema.nullable(),
  note: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});

export const TalentBriefSchema = z.object({
  id: z.string(),
  name: z.string(),
  gender: z.string().nullable(),
  phonesMasked: z.array(z.string()),
  ownerCountyName: z.string().nullable(),
  employer: z.string().nullable(),
  position: z.string().nullable(),
  locationName: z.string().nullable(),
  category: z.string(),
  status: z.string(),
});
export type TalentBrief = z.infer<typeof TalentBriefSchema>;

export const HotlineCaseDetailSchema = HotlineCaseSchema.extend({
  content: z.string(),
  contactPref: ContactPrefSchema,
  contactNote: z.string().nullable(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  outcomeNote: z.string().nullable(),
  followUpNote: z.string().nullable(),
  followedUpAt: z.string().nullable(),
  reopenCount: z.number().int(),
  pausedMinutes: z.number().int(),
  talent: TalentBriefSchema.nullable(),
  events: z.array(CaseEventSchema),
});
export type HotlineCaseDetail = z.infer<typeof HotlineCaseDetailSchema>;

/** A case as the talent sees it on the portal: status and the public answer, nothing internal. */
export const TalentCaseViewSchema = z.object({
  id: z.string(),
  number: z.string(),
  source: HotlineSourceSchema,
  category: HotlineCategorySchema,
  subject: z.string(),
  content: z.string(),
  status: HotlineStatusSchema,
  statusLabel: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type TalentCaseView = z.infer<typeof TalentCaseViewSchema>;

export const LookupQuerySchema = z.object({ phone: z.string().trim().min(1, '请输入来电号码').max(30, '来电号码过长') });
export const LookupResultSchema = z.object({
  phoneMasked: z.string(),
  talents: z.array(TalentBriefSchema),
  cases: z.array(HotlineCaseSchema),
});
export type LookupResult = z.infer<typeof LookupResultSchema>;

/** The registry fields an information-collection call may fill (the registry's own rules apply). */
export const CollectTalentBodySchema = z
  .object({
    /** auto: link/update the single confident match in scope, create when none; create / update: as chosen. */
    mode: z.enum(['auto', 'create', 'update']).default('auto'),
    talentId: z.uuid('人才记录无效').optional(),
    version: z.number().int().optional(),
    fields: z.record(z.string(), z.unknown()),
  })
  .strict();
export const CollectTalentResultSchema = z.object({
  result: z.enum(['created', 'updated', 'choose']),
  talentId: z.string().nullable(),
  candidates: z.array(TalentBriefSchema.extend({ reasons: z.array(z.string()), score: z.number() })),
});

export const StaffOptionSchema = z.object({ id: z.string(), displayName: z.string(), countyId: z.string().nullable(), role: z.string() });

// ---- settings: SLA policies, working hours, calendar ----

export const SlaPolicySchema = z.object({
  category: HotlineCategorySchema,
  level: SlaLevelSchema,
  firstResponseMinutes: z.number().int().min(1, '首次响应时限至少 1 分钟').max(60 * 24 * 30, '首次响应时限过长'),
  resolutionMinutes: z.number().int().min(1, '办结时限至少 1 分钟').max(60 * 24 * 365, '办结时限过长'),
});
export type SlaPolicy = z.infer<typeof SlaPolicySchema>;
export const PutSlaPoliciesBodySchema = z.object({ policies: z.array(SlaPolicySchema).min(1).max(12) }).strict();

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');
export const WorkPeriodSchema = z.object({ start: HHMM, end: HHMM });
export const WorkHoursSchema = z
  .object({ periods: z.array(WorkPeriodSchema).min(1, '至少一个工作时段').max(4, '最多 4 个工作时段'), warnShare: z.number().min(0.05).max(0.9) })
  .superRefine((v, ctx) => {
    let last = -1;
    v.periods.forEach((p, i) => {
      const s = Number(p.start.slice(0, 2)) * 60 + Number(p.start.slice(3));
      const e = Number(p.end.slice(0, 2)) * 60 + Number(p.end.slice(3));
      if (e <= s) ctx.addIssue({ code: 'custom', path: ['periods', i, 'end'], message: '结束时间须晚于开始时间' });
      if (s < last) ctx.addIssue({ code: 'custom', path: ['periods', i, 'start'], message: '工作时段须按时间先后排列且不重叠' });
      last = e;
    });
  });
export type WorkHours = z.infer<typeof WorkHoursSchema>;

export const CalendarDaySchema = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  kind: z.enum(['holiday', 'workday'], { error: '请选择放假或调休上班' }),
  name: requiredText('名称', 30),
});
export type CalendarDay = z.infer<typeof CalendarDaySchema>;
/** The response shape (no input preprocessing, so it serialises). */
export const CalendarDayViewSchema = z.object({ day: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string() });
export const CalendarQuerySchema = z.object({ year: z.coerce.number().int().min(2000, '年份无效').max(2100, '年份无效') });
export const PutCalendarYearBodySchema = z.object({ days: z.array(CalendarDaySchema).max(120, '一年最多 120 个例外日') }).strict();
export const HotlineSettingsSchema = z.object({ workHours: WorkHoursSchema, policies: z.array(SlaPolicySchema) });

// ---- statistics ----

export const StatsQuerySchema = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '开始日期格式应为 YYYY-MM-DD'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '结束日期格式应为 YYYY-MM-DD'),
  /** 'city', a county id, or absent for every level in scope. */
  level: z.string().max(40).optional(),
  category: HotlineCategorySchema.optional(),
  period: z.enum(['day', 'week', 'month']).default('month'),
});
const Count = z.object({ key: z.string(), label: z.string(), count: z.number().int() });
const Durations = z.object({ count: z.number().int(), median: z.number().nullable(), p90: z.number().nullable() });
export const StatsSchema = z.object({
  total: z.number().int(),
  byCategory: z.array(Count),
  byLevel: z.array(Count),
  bySource: z.array(Count),
  byStatus: z.array(Count),
  byPeriod: z.array(Count),
  byOutcome: z.array(Count),
  /** Working minutes. */
  firstResponse: Durations,
  resolution: Durations,
  sla: z.object({
    firstResponseMet: z.number().int(),
    firstResponseTotal: z.number().int(),
    resolutionMet: z.number().int(),
    resolutionTotal: z.number().int(),
  }),
  satisfaction: z.object({ count: z.number().int(), average: z.number().nullable() }),
  /** Distinct talents helped into jobs, investments and projects. */
  helpedTalents: z.object({ job: z.number().int(), investment: z.number().int(), project: z.number().int() }),
});
export type HotlineStats = z.infer<typeof StatsSchema>;
