import { z } from 'zod';
import { normalisePhone, toHalfWidth } from './id-number.ts';
import { TalentFieldsSchema, TalentSchema } from './talents.ts';
import { NewPasswordSchema } from './users.ts';

/**
 * The talents' own portal (一家人云服务平台): accounts, verification codes, consent and "my profile".
 * Portal APIs live under /api/portal and never take a talent id: the talent is the one linked to
 * the session.
 */

export const PortalPhoneSchema = z.preprocess(
  (v) => (typeof v === 'string' ? normalisePhone(v) : v),
  z.string({ error: '请输入手机号码' }).regex(/^1[3-9]\d{9}$/, '请输入 11 位手机号码'),
);
export const PortalEmailSchema = z.preprocess(
  (v) => (typeof v === 'string' ? toHalfWidth(v).trim().toLowerCase() : v),
  z.email('邮箱格式不正确').max(120, '邮箱不能超过 120 个字符'),
);
export const CodeSchema = z.preprocess(
  (v) => (typeof v === 'string' ? toHalfWidth(v).trim() : v),
  z.string({ error: '请输入验证码' }).regex(/^\d{6}$/, '验证码为 6 位数字'),
);

/** Phone or email (exactly one): where the code goes and what the account is known by. */
const target = {
  phone: PortalPhoneSchema.optional(),
  email: PortalEmailSchema.optional(),
};
const oneTarget = (v: { phone?: string; email?: string }, ctx: z.core.$RefinementCtx) => {
  if (!v.phone && !v.email) ctx.addIssue({ code: 'custom', path: ['phone'], message: '请填写手机号码或邮箱' });
  if (v.phone && v.email) ctx.addIssue({ code: 'custom', path: ['email'], message: '手机号码和邮箱只填一项' });
};

export const CODE_PURPOSES = { register: '注册', reset: '找回密码' } as const;
export const SendCodeBodySchema = z
  .object({ purpose: z.enum(['register', 'reset'], { error: '用途无效' }), ...target })
  .strict()
  .superRefine(oneTarget);
/** The same answer whether or not the address has an account (no enumeration). */
export const SendCodeResultSchema = z.object({ sentTo: z.string(), expiresInSeconds: z.number().int(), resendAfterSeconds: z.number().int() });

export const ConsentInputSchema = z.object({
  noticeVersion: z.string().min(1).max(20),
  personalInfo: z.literal(true, { error: '请阅读并同意《个人信息处理告知书》' }),
  /** PIPL art. 29: separate consent before the ID number is stored; may be refused. */
  sensitiveInfo: z.boolean(),
});

export const RegisterBodySchema = z
  .object({ ...target, code: CodeSchema, password: NewPasswordSchema, consent: ConsentInputSchema })
  .strict()
  .superRefine(oneTarget);

export const PortalLoginBodySchema = z.object({
  account: z.string().trim().min(1, '请输入手机号码或邮箱').max(120),
  password: z.string().min(1, '请输入密码').max(256),
});

export const ResetPasswordBodySchema = z
  .object({ ...target, code: CodeSchema, password: NewPasswordSchema })
  .strict()
  .superRefine(oneTarget);

// ---- Consent ----

export const NoticeSchema = z.object({
  version: z.string(),
  effectiveDate: z.string(),
  title: z.string(),
  controller: z.string(),
  sections: z.array(z.object({ heading: z.string(), body: z.string() })),
  sensitive: z.object({ heading: z.string(), body: z.string() }),
});
export type Notice = z.infer<typeof NoticeSchema>;

export const ConsentStateSchema = z.object({
  granted: z.boolean(),
  version: z.string().nullable(),
  at: z.string().nullable(),
});
export const ConsentStatusSchema = z.object({
  currentVersion: z.string(),
  personal: ConsentStateSchema,
  sensitive: ConsentStateSchema,
  /** Personal-information consent given to the current notice version. */
  upToDate: z.boolean(),
  history: z.array(z.object({ kind: z.enum(['personal', 'sensitive']), action: z.enum(['grant', 'withdraw']), version: z.string(), at: z.string() })),
});
export type ConsentStatus = z.infer<typeof ConsentStatusSchema>;

export const ConsentBodySchema = ConsentInputSchema.strict();
export const WithdrawConsentBodySchema = z
  .object({
    scope: z.enum(['sensitive', 'all'], { error: '请选择撤回范围' }),
    reason: z.preprocess((v) => (typeof v === 'string' ? v.trim() || undefined : v), z.string().max(500, '说明不能超过 500 个字符').optional()),
  })
  .strict();

// ---- Account ----

export const PROFILE_STATUSES = { none: '尚未登记', pending: '待县（市、区）确认', rejected: '登记被退回', linked: '已登记' } as const;
export const ProfileStatusSchema = z.enum(['none', 'pending', 'rejected', 'linked']);

export const PortalMeSchema = z.object({
  id: z.uuid(),
  phoneMasked: z.string().nullable(),
  emailMasked: z.string().nullable(),
  isDemo: z.boolean(),
  consent: ConsentStatusSchema,
  profileStatus: ProfileStatusSchema,
  displayName: z.string().nullable(),
});
export type PortalMe = z.infer<typeof PortalMeSchema>;

// ---- Profile ----

/**
 * What a talent may write about themself. Identity and classification fields become a pending
 * change reviewed by the owning county; contact details and free text apply at once.
 */
export const PortalProfileFieldsSchema = TalentFieldsSchema.pick({
  name: true, gender: true, birthDate: true, ethnicity: true, idType: true, idNumber: true, phones: true, email: true, wechat: true,
  nativeCountyId: true, nativeTownship: true, locationCode: true, locationCountry: true, employer: true, position: true,
  industryCode: true, specialty: true, degree: true, school: true, graduationYear: true, titleLevel: true, category: true, honours: true,
}).extend({
  nativeCountyId: z.uuid({ error: '请选择籍贯县（市、区）' }),
  chamberId: z.uuid('商会无效').nullable(),
});
export type PortalProfileFields = z.infer<typeof PortalProfileFieldsSchema>;

export const REVIEWED_FIELDS = [
  'name', 'gender', 'birthDate', 'ethnicity', 'idType', 'idNumber', 'nativeCountyId', 'nativeTownship',
  'category', 'degree', 'school', 'graduationYear', 'titleLevel', 'industryCode', 'honours',
] as const;
export const IMMEDIATE_FIELDS = ['phones', 'email', 'wechat', 'locationCode', 'locationCountry', 'employer', 'position', 'specialty', 'chamberId'] as const;

export const PortalProfileBodySchema = PortalProfileFieldsSchema.partial()
  .required({ name: true, nativeCountyId: true })
  .extend({ version: z.number().int().optional() })
  .strict();

/** The profile as its owner sees it: own phones in full, the ID number masked. */
export const PortalProfileSchema = z.object({
  status: ProfileStatusSchema,
  /** Version of the registry record (linked) or of the pending registration; send it back on save. */
  version: z.number().int().nullable(),
  /** Plain output types (the input schema normalises, which a response cannot). */
  fields: TalentSchema.pick({
    name: true, gender: true, birthDate: true, ethnicity: true, idType: true, email: true, wechat: true, nativeCountyId: true, nativeTownship: true,
    locationCode: true, locationCountry: true, employer: true, position: true, industryCode: true, specialty: true, degree: true, school: true,
    graduationYear: true, titleLevel: true, category: true, honours: true,
  })
    .extend({ phones: z.array(z.string()), chamberId: z.string().nullable() })
    .partial(),
  idNumberMasked: z.string().nullable(),
  nativeCountyName: z.string().nullable(),
  chamberName: z.string().nullable(),
  registration: z
    .object({ status: z.string(), kind: z.enum(['new', 'link']), reason: z.string().nullable(), createdAt: z.string(), reviewedAt: z.string().nullable() })
    .nullable(),
  changes: z.array(
    z.object({
      id: z.uuid(),
      status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']),
      changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
      reason: z.string().nullable(),
      createdAt: z.string(),
      reviewedAt: z.string().nullable(),
    }),
  ),
});
export type PortalProfile = z.infer<typeof PortalProfileSchema>;

export const SaveProfileResultSchema = z.object({
  profile: PortalProfileSchema,
  /** Fields written to the registry now. */
  applied: z.array(z.string()),
  /** Fields waiting for the county's review. */
  pending: z.array(z.string()),
});

// ---- Public information ----

export const PortalInfoSchema = z.object({
  cityName: z.string().nullable(),
  counties: z.array(z.object({ id: z.uuid(), name: z.string() })),
  chambers: z.array(z.object({ id: z.uuid(), name: z.string(), divisionName: z.string().nullable() })),
  noticeVersion: z.string(),
  demo: z.boolean(),
});

// ---- Ask for help (→ a hotline case) ----

/** What a talent can ask for online; the codes are the hotline's categories (contracts/hotline.ts). */
export const HELP_CATEGORIES = { policy: '政策咨询', project: '项目合作', startup: '创业服务', employment: '求职就业', other: '其他' } as const;
export const HELP_CONTACT_PREFS = { phone: '电话', sms: '短信', email: '邮件', wechat: '微信', none: '无需联系，平台答复即可' } as const;
export const HelpRequestBodySchema = z
  .object({
    category: z.enum(['policy', 'project', 'startup', 'employment', 'other'], { error: '请选择求助类型' }),
    subject: z.preprocess((v) => (typeof v === 'string' ? v.trim() || undefined : v), z.string().max(60, '标题不能超过 60 个字符').optional()),
    content: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ error: '请描述您需要的帮助' }).min(5, '请描述您需要的帮助（至少 5 个字）').max(4000, '内容不能超过 4000 个字符')),
    contactPref: z.enum(['phone', 'sms', 'email', 'wechat', 'none'], { error: '请选择联系方式' }).default('phone'),
  })
  .strict();
