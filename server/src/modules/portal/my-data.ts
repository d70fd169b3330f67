import { asc, desc, eq } from 'drizzle-orm';
import { INDUSTRY_BY_CODE } from '../../../../contracts/industries.ts';
import { CATEGORIES, DEGREES, GENDERS, ID_TYPES, SOURCES, STATUSES, TALENT_FIELD_LABELS, TITLE_LEVELS } from '../../../../contracts/talents.ts';
import { RIGHTS_STATUSES, RIGHTS_TYPES, REVIEW_STATUSES } from '../../../../contracts/portal-admin.ts';
import { chamberMembers, chambers, counties, portalChanges, portalRegistrations, portalRightsRequests, talentHistory } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import { getPii } from '../../lib/pii.ts';
import { locationNameOf, rowToFields } from '../talents/talent-record.ts';
import { consentStatus } from './consent.service.ts';
import { accountLabel, loadAccount, type PortalCtx } from './portal-context.ts';
import { linkedTalent } from './profile.service.ts';
import { openProfile, type SealedProfile } from './profile-data.ts';

/**
 * "Download my data" (PIPL art. 45): everything the system holds about the account's owner, in
 * clear (it is their own), as JSON and as a readable HTML page they can print or save as PDF.
 * Each download is audited (`portal.data_export`). `extra` lets other modules add their part
 * (the hotline's help requests).
 */
export type MyDataSection = (pctx: PortalCtx, talentId: string | null) => Promise<{ key: string; title: string; rows: Record<string, unknown>[] }>;
const extraSections: MyDataSection[] = [];
export function addMyDataSection(s: MyDataSection): void {
  extraSections.push(s);
}

export async function collectMyData(pctx: PortalCtx, format: 'json' | 'html') {
  const { db, env } = pctx;
  const account = await loadAccount(db, pctx.accountId);
  const pii = await getPii(db, env);
  const talent = await linkedTalent(db, account);
  const countyRows = await db.select({ id: counties.id, name: counties.name }).from(counties);
  const countyName = (id: unknown) => countyRows.find((c) => c.id === id)?.name ?? null;
  const chamberRows = await db.select({ id: chambers.id, name: chambers.name }).from(chambers);
  let record: Record<string, unknown> | null = null;
  let history: Record<string, unknown>[] = [];
  let chamber: string | null = null;
  if (talent) {
    const f = rowToFields(talent, pii);
    record = { ...f, nativeCountyId: countyName(f.nativeCountyId), ownerCountyId: countyName(f.ownerCountyId), locationCode: locationNameOf(talent) ?? f.locationCode };
    delete record.locationCountry;
    const [m] = await db.select({ name: chambers.name }).from(chamberMembers).innerJoin(chambers, eq(chambers.id, chamberMembers.chamberId)).where(eq(chamberMembers.talentId, talent.id));
    chamber = m?.name ?? null;
    const h = await db.select().from(talentHistory).where(eq(talentHistory.talentId, talent.id)).orderBy(asc(talentHistory.id));
    history = h.map((x) => ({ at: x.at.toISOString(), by: x.actorId === account.id ? '本人' : '工作人员', action: x.action, changes: x.changes, note: x.note }));
  }
  const regs = await db.select().from(portalRegistrations).where(eq(portalRegistrations.accountId, account.id)).orderBy(desc(portalRegistrations.createdAt));
  const changes = await db.select().from(portalChanges).where(eq(portalChanges.accountId, account.id)).orderBy(desc(portalChanges.createdAt));
  const rights = await db.select().from(portalRightsRequests).where(eq(portalRightsRequests.accountId, account.id)).orderBy(desc(portalRightsRequests.createdAt));
  const extra = [];
  for (const s of extraSections) extra.push(await s(pctx, talent?.id ?? null));
  await appendAudit(db, { action: 'portal.data_export', actorId: account.id, actorName: accountLabel(account), ip: pctx.ip, targetType: 'portal_account', targetId: account.id, detail: { format } });
  return {
    exportedAt: new Date().toISOString(),
    account: {
      phone: account.phoneEnc ? pii.decrypt(account.phoneEnc) : null,
      email: account.emailEnc ? pii.decrypt(account.emailEnc) : null,
      createdAt: account.createdAt.toISOString(),
      lastLoginAt: account.lastLoginAt?.toISOString() ?? null,
    },
    consents: (await consentStatus(db, account.id)).history,
    record,
    chamber,
    recordHistory: history,
    registrations: regs.map((r) => {
      const d = openProfile(pii, r.data as SealedProfile);
      return { status: r.status, submitted: { ...d, nativeCountyId: countyName(d.nativeCountyId), chamberId: chamberRows.find((c) => c.id === d.chamberId)?.name ?? d.chamberId }, reason: r.reason, createdAt: r.createdAt.toISOString(), reviewedAt: r.reviewedAt?.toISOString() ?? null };
    }),
    changeRequests: changes.map((c) => ({ status: c.status, changes: c.changes, reason: c.reason, createdAt: c.createdAt.toISOString(), reviewedAt: c.reviewedAt?.toISOString() ?? null })),
    rightsRequests: rights.map((r) => ({ type: r.type, detail: r.detail, status: r.status, outcome: r.outcome, createdAt: r.createdAt.toISOString(), dueAt: r.dueAt.toISOString(), handledAt: r.handledAt?.toISOString() ?? null })),
    ...Object.fromEntries(extra.map((s) => [s.key, s.rows])),
    _sections: extra.map((s) => ({ key: s.key, title: s.title })),
  };
}

export type MyData = Awaited<ReturnType<typeof collectMyData>>;

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const DICTS: Record<string, Record<string, string>> = { gender: GENDERS, degree: DEGREES, titleLevel: TITLE_LEVELS, category: CATEGORIES, status: STATUSES, source: SOURCES, idType: ID_TYPES };
const when = (iso: unknown) => (iso ? new Date(String(iso)).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '');

function value(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (Array.isArray(v)) return v.map((x) => value(field, x)).join('、');
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (field === 'industryCode') return INDUSTRY_BY_CODE.get(String(v))?.name ?? String(v);
  return DICTS[field]?.[String(v)] ?? (typeof v === 'object' ? JSON.stringify(v) : String(v));
}

function fieldTable(obj: Record<string, unknown> | null): string {
  if (!obj) return '<p class="empty">无</p>';
  const rows = Object.entries(obj).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0));
  return `<table>${rows.map(([k, v]) => `<tr><th>${esc(TALENT_FIELD_LABELS[k] ?? (k === 'chamberId' ? '所属商会' : k))}</th><td>${esc(value(k, v))}</td></tr>`).join('')}</table>`;
}

function listTable(rows: Record<string, unknown>[], cols: [string, string, (v: unknown, r: Record<string, unknown>) => string][]): string {
  if (!rows.length) return '<p class="empty">无</p>';
  return `<table class="list"><tr>${cols.map(([, h]) => `<th>${esc(h)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${cols.map(([k, , f]) => `<td>${esc(f(r[k], r))}</td>`).join('')}</tr>`).join('')}</table>`;
}

const changesText = (v: unknown) =>
  (Array.isArray(v) ? v : []).map((c: { field: string; before: unknown; after: unknown }) => `${TALENT_FIELD_LABELS[c.field] ?? (c.field === 'chamber' ? '所属商会' : c.field)}：${value(c.field, c.before) || '（空）'} → ${value(c.field, c.after) || '（空）'}`).join('；');

/** The readable page: Chinese labels, local times, printable on A4 and legible on a phone. */
export function renderMyDataHtml(d: MyData, cityName: string | null): string {
  const extra = d._sections
    .map((s) => `<h2>${esc(s.title)}</h2>${listTable((d as unknown as Record<string, Record<string, unknown>[]>)[s.key] ?? [], Object.keys(((d as unknown as Record<string, Record<string, unknown>[]>)[s.key] ?? [])[0] ?? {}).map((k) => [k, k, (v) => (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? when(v) : value(k, v))]))}`)
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>我的个人信息</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:820px;padding:16px;color:#222;line-height:1.6}h1{font-size:22px}h2{font-size:17px;border-left:4px solid #b8322a;padding-left:8px;margin-top:28px}table{border-collapse:collapse;width:100%;font-size:14px}th,td{border:1px solid #ddd;padding:6px 8px;text-align:left;vertical-align:top}th{background:#f7f7f7;width:30%;font-weight:500}table.list th{width:auto}.empty{color:#888}.meta{color:#666;font-size:13px}@media print{body{max-width:none}}</style></head><body>
<h1>我的个人信息</h1>
<p class="meta">${esc(cityName ?? '')}一家人云服务平台 · 导出时间 ${esc(when(d.exportedAt))}。本文件包含您的完整个人信息，请妥善保管。</p>
<h2>账号</h2>${fieldTable({ 手机号码: d.account.phone, 电子邮箱: d.account.email, 注册时间: when(d.account.createdAt), 最近登录: when(d.account.lastLoginAt) })}
<h2>人才库登记信息</h2>${fieldTable(d.record ? { ...d.record, chamberId: d.chamber } : null)}
<h2>同意记录</h2>${listTable(d.consents as unknown as Record<string, unknown>[], [['at', '时间', when], ['kind', '事项', (v) => (v === 'sensitive' ? '敏感个人信息（证件号码）' : '个人信息处理告知书')], ['action', '操作', (v) => (v === 'grant' ? '同意' : '撤回')], ['version', '告知书版本', String]])}
<h2>登记申请</h2>${listTable(d.registrations as unknown as Record<string, unknown>[], [['createdAt', '提交时间', when], ['status', '状态', (v) => REVIEW_STATUSES[v as 'pending'] ?? String(v)], ['reason', '退回原因', (v) => String(v ?? '')], ['submitted', '提交内容', (v) => Object.entries((v ?? {}) as Record<string, unknown>).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => `${TALENT_FIELD_LABELS[k] ?? (k === 'chamberId' ? '所属商会' : k)}：${value(k, x)}`).join('；')]])}
<h2>信息变更申请</h2>${listTable(d.changeRequests as unknown as Record<string, unknown>[], [['createdAt', '提交时间', when], ['status', '状态', (v) => REVIEW_STATUSES[v as 'pending'] ?? String(v)], ['changes', '变更内容', changesText], ['reason', '退回原因', (v) => String(v ?? '')]])}
<h2>记录变更历史</h2>${listTable(d.recordHistory, [['at', '时间', when], ['by', '操作人', String], ['changes', '变更', changesText], ['note', '说明', (v) => String(v ?? '')]])}
<h2>个人信息权利申请</h2>${listTable(d.rightsRequests as unknown as Record<string, unknown>[], [['createdAt', '提交时间', when], ['type', '类型', (v) => RIGHTS_TYPES[v as 'correction'] ?? String(v)], ['detail', '内容', String], ['status', '状态', (v) => RIGHTS_STATUSES[v as 'pending'] ?? String(v)], ['outcome', '办理情况', (v) => String(v ?? '')]])}
${extra}
</body></html>`;
}
