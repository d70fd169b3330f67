import { z } from 'zod';
import { PageQuerySchema } from './common.ts';

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.logout': '退出登录',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'user.disable': '停用用户',
  'user.enable': '启用用户',
  'user.roles_change': '变更角色',
  'user.password_reset': '重置密码',
  'user.password_change': '修改本人密码',
  'auth.logout_others': '退出其他会话',
  'auth.login_password': '密码验证通过（待两步验证）',
  'auth.totp_enable': '启用两步验证',
  'auth.totp_disable': '停用两步验证',
  'user.totp_reset': '重置两步验证',
  'security.totp_policy': '修改两步验证策略',
  'org.update': '修改组织机构',
  'org.init': '初始化组织机构',
  'audit.view': '查看审计日志',
  'audit.verify': '审计日志完整性校验',
  'audit.export': '导出审计日志',
  'audit.prune': '清理过期审计日志',
  'access.denied': '拒绝访问',
  'access.denied_suppressed': '拒绝访问（频繁，汇总）',
  'security.acl_integrity_failed': '角色完整性校验失败',
};

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  outcome: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditQuerySchema = PageQuerySchema.extend({
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  from: z.iso.datetime({ offset: true, message: '开始时间格式不正确' }).optional(),
  to: z.iso.datetime({ offset: true, message: '结束时间格式不正确' }).optional(),
});

/** One run of the audit chain check (the daily job, or one an auditor asked for). */
export const AuditCheckSchema = z.object({
  id: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string(),
  ok: z.boolean(),
  /** Rows verified (up to the first broken one). */
  checked: z.number().int(),
  brokenId: z.number().int().nullable(),
  brokenReason: z.string().nullable(),
  trigger: z.enum(['daily', 'manual']),
  requestedBy: z.string().nullable(),
});
export type AuditCheck = z.infer<typeof AuditCheckSchema>;

export const AuditChecksViewSchema = z.object({
  /** Newest first. */
  items: z.array(AuditCheckSchema),
  /** A check is queued or running now. */
  pending: z.boolean(),
  /** When the next daily check is due (24 h after the last daily one). */
  nextDailyAt: z.string().nullable(),
});
export type AuditChecksView = z.infer<typeof AuditChecksViewSchema>;

export const AuditCheckRequestedSchema = z.object({ jobId: z.uuid() });
