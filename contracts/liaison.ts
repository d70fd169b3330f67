import { z } from 'zod';
import { TalentFilterSchema } from './talents.ts';

/** Leaders' liaison (领导联系服务): assignments, contacts, follow-ups, supervision, ledger. */
export const CONTACT_CHANNELS = ['电话', '短信', '邮件', '微信', '节日慰问', '实地走访', '座谈'] as const;
export const ContactChannelSchema = z.enum(CONTACT_CHANNELS, { error: '联系方式须为：电话、短信、邮件、微信、节日慰问、实地走访、座谈 之一' });

const isoDate = (label: string) => z.string({ error: `请填写${label}` }).regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 YYYY-MM-DD`);

export const DueStatusSchema = z.enum(['overdue', 'due', 'soon', 'ok']);

export const LeaderSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  countyId: z.uuid().nullable(),
  countyName: z.string().nullable(),
  assigned: z.number().int(),
});

export const AssignmentSchema = z.object({
  id: z.uuid(),
  talentId: z.uuid(),
  talentName: z.string(),
  tier: z.string().nullable(),
  employer: z.string().nullable(),
  position: z.string().nullable(),
  leaderId: z.uuid(),
  leaderName: z.string(),
  active: z.boolean(),
  assignedAt: z.string(),
  endedAt: z.string().nullable(),
  lastContact: z.string().nullable(),
  nextDue: z.string().nullable(),
  reason: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
  status: DueStatusSchema.nullable(),
  missedFestivals: z.array(z.string()),
  openFollowUps: z.number().int(),
});
export type Assignment = z.infer<typeof AssignmentSchema>;

export const AssignmentListQuerySchema = z.object({
  leaderId: z.uuid('领导 ID 格式不正确').optional(),
  talentId: z.uuid('人才 ID 格式不正确').optional(),
  includeEnded: z.enum(['true', 'false']).default('false'),
});

export const AssignBodySchema = z
  .object({
    leaderId: z.uuid('请选择联系领导'),
    talentIds: z.array(z.uuid('人才 ID 格式不正确')).max(500, '一次最多分配 500 人').optional(),
    /** Bulk: every talent matching the registry filter (in the caller's scope), at most 500. */
    filter: TalentFilterSchema.optional(),
  })
  .refine((b) => (b.talentIds?.length ?? 0) > 0 || !!b.filter, { message: '请选择人才或筛选条件', path: ['talentIds'] });

export const AssignResultSchema = z.object({ assigned: z.number().int(), skipped: z.number().int() });

export const ReassignBodySchema = z.object({ leaderId: z.uuid('请选择新的联系领导') });

export const ContactBodySchema = z
  .object({
    assignmentId: z.uuid('请选择联系对象'),
    channel: ContactChannelSchema,
    contactDate: isoDate('联系日期'),
    summary: z.string({ error: '请填写联系情况' }).trim().min(2, '联系情况至少 2 个字').max(2000, '联系情况不能超过 2000 字'),
    problems: z.string().trim().max(2000, '反映问题不能超过 2000 字').optional(),
    followUpNeeded: z.boolean().default(false),
    followUpOwner: z.string().trim().max(50, '责任单位不能超过 50 字').optional(),
    followUpDue: isoDate('办结期限').optional(),
  })
  .refine((b) => !b.followUpNeeded || (b.problems ?? '').length > 0, { message: '需要跟进时请填写反映的问题', path: ['problems'] });

export const ContactSchema = z.object({
  id: z.uuid(),
  assignmentId: z.uuid(),
  talentId: z.uuid(),
  talentName: z.string(),
  leaderId: z.uuid(),
  leaderName: z.string(),
  channel: z.string(),
  contactDate: z.string(),
  summary: z.string(),
  problems: z.string().nullable(),
  followUpNeeded: z.boolean(),
});
export type Contact = z.infer<typeof ContactSchema>;

export const FollowUpSchema = z.object({
  id: z.uuid(),
  contactId: z.uuid(),
  talentId: z.uuid(),
  talentName: z.string(),
  leaderId: z.uuid(),
  leaderName: z.string(),
  problem: z.string(),
  owner: z.string(),
  dueDate: z.string(),
  status: z.enum(['open', 'solved']),
  resolution: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type FollowUp = z.infer<typeof FollowUpSchema>;

export const ResolveBodySchema = z.object({
  resolution: z.string({ error: '请填写办理结果' }).trim().min(2, '办理结果至少 2 个字').max(2000, '办理结果不能超过 2000 字'),
});

export const SupervisionRowSchema = z.object({
  leaderId: z.uuid().nullable(),
  leaderName: z.string().nullable(),
  countyId: z.uuid().nullable(),
  countyName: z.string().nullable(),
  assigned: z.number().int(),
  withinRule: z.number().int(),
  /** withinRule / assigned, 0..1 (1 when nothing is assigned). */
  share: z.number(),
  overdue: z.number().int(),
  contactsThisYear: z.number().int(),
  problemsOpen: z.number().int(),
  problemsSolved: z.number().int(),
});
export const SupervisionSchema = z.object({
  year: z.number().int(),
  today: z.string(),
  leaders: z.array(SupervisionRowSchema),
  counties: z.array(SupervisionRowSchema),
  overdueList: z.array(AssignmentSchema),
});
export type Supervision = z.infer<typeof SupervisionSchema>;

export const InspectionBodySchema = z.object({
  countyId: z.uuid('请选择被检查的县（市、区）'),
  leaderId: z.uuid('领导 ID 格式不正确').optional(),
  inspectedOn: isoDate('检查日期'),
  inspector: z.string({ error: '请填写检查人' }).trim().min(2, '检查人至少 2 个字').max(50, '检查人不能超过 50 字'),
  findings: z.string({ error: '请填写发现的问题' }).trim().min(2, '检查发现至少 2 个字').max(4000, '检查发现不能超过 4000 字'),
  rectificationDeadline: isoDate('整改期限').optional(),
});
export const InspectionSchema = z.object({
  id: z.uuid(),
  countyId: z.uuid(),
  countyName: z.string(),
  leaderId: z.uuid().nullable(),
  leaderName: z.string().nullable(),
  inspectedOn: z.string(),
  inspector: z.string(),
  findings: z.string(),
  rectificationDeadline: z.string().nullable(),
});

export const LedgerQuerySchema = z.object({
  leaderId: z.uuid('领导 ID 格式不正确').optional(),
  countyId: z.uuid('县（市、区）ID 格式不正确').optional(),
});

export const NotificationSchema = z.object({
  id: z.uuid(),
  talentId: z.uuid(),
  kind: z.enum(['week_before', 'due', 'overdue']),
  dueDate: z.string(),
  text: z.string(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});

const windowDays = (label: string) =>
  z.number({ error: `请填写${label}天数` }).int(`${label}天数须为整数`).min(0, `${label}天数不能为负数`).max(30, `${label}最多 30 天`);

export const RulesSchema = z.object({
  frequency: z
    .array(
      z.object({
        tier: z.string({ error: '请选择人才层级' }).regex(/^([A-Z]|\*)$/, '层级须为大写字母或 *'),
        intervalMonths: z.number({ error: '请填写联系间隔' }).int('联系间隔须为整数个月').min(1, '间隔至少 1 个月').max(12, '间隔最多 12 个月'),
      }),
    )
    .max(27, '频次规则不能超过 27 条'),
  festivals: z
    .array(
      z.object({
        name: z.string({ error: '请填写节日名称' }).trim().min(1, '请填写节日名称').max(20, '节日名称不能超过 20 字'),
        day: isoDate('节日日期'),
        windowBefore: windowDays('节前窗口'),
        windowAfter: windowDays('节后窗口'),
        builtin: z.boolean().optional(),
      }),
    )
    .max(100, '自定义节日不能超过 100 个'),
});
export type Rules = z.infer<typeof RulesSchema>;
