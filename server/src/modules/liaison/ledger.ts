import { and, asc, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { counties, liaisonAssignments, liaisonContacts, liaisonFollowUps, talents } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { appendAudit } from '../../lib/audit.ts';
import { invalid, notFound } from '../../lib/errors.ts';
import { neutralise } from '../talents/export/export.columns.ts';
import { beijingToday } from './due.ts';
import { ledgerDocxBuffer } from './ledger-docx.ts';
import { listLeaders } from './liaison.service.ts';

/**
 * The ledger (工作台账) in the layout supervisors keep on paper: one row per contact, grouped by
 * leader and talent — 序号, 联系领导, 联系对象, 单位及职务, 联系日期, 联系方式, 联系情况, 反映问题,
 * 跟进事项 (责任单位/期限), 办理情况. Talents not yet contacted get one row saying so.
 */
export interface LedgerRow {
  leader: string;
  county: string;
  talent: string;
  employer: string;
  date: string;
  channel: string;
  summary: string;
  problems: string;
  followUp: string;
  resolution: string;
}

export const LEDGER_HEADERS = ['序号', '联系领导', '所属县（市、区）', '联系对象', '单位及职务', '联系日期', '联系方式', '联系情况', '反映问题', '跟进事项（责任单位/期限）', '办理情况'];

export interface Ledger {
  title: string;
  rows: LedgerRow[];
  /** What was exported after the defaults (a leader without a choice gets their own ledger). */
  scope: { leaderId?: string; countyId?: string };
}

export async function ledgerRows(ctx: Ctx, q: { leaderId?: string; countyId?: string }): Promise<Ledger> {
  if (!q.leaderId && !q.countyId && ctx.user.roles.some((r) => r.role === 'leader')) q = { leaderId: ctx.user.id };
  if (!q.leaderId && !q.countyId) throw invalid('leaderId', '请选择领导或县（市、区）');
  const visible = await listLeaders(ctx);
  const leaders = visible.filter((l) => (q.leaderId ? l.id === q.leaderId : l.countyId === q.countyId));
  if (leaders.length === 0 && q.leaderId) throw notFound('联系领导');
  let title: string;
  if (q.leaderId) title = `${leaders[0]!.displayName}联系服务人才工作台账`;
  else {
    const [c] = await ctx.db.select({ name: counties.name }).from(counties).where(eq(counties.id, q.countyId!));
    if (!c) throw notFound('县（市、区）');
    if (!visible.some((l) => l.countyId === q.countyId) && !ctx.user.roles.some((r) => r.role === 'city_admin' || r.countyId === q.countyId)) throw notFound('县（市、区）');
    title = `${c.name}领导联系服务人才工作台账`;
  }
  const scope = q.leaderId ? { leaderId: q.leaderId } : { countyId: q.countyId! };
  const ids = leaders.map((l) => l.id);
  if (ids.length === 0) return { title, rows: [], scope };
  const [assigns, contacts, follows] = await Promise.all([
    ctx.db
      .select({ id: liaisonAssignments.id, leaderId: liaisonAssignments.leaderId, talent: talents.name, employer: talents.employer, position: talents.position })
      .from(liaisonAssignments)
      .innerJoin(talents, eq(talents.id, liaisonAssignments.talentId))
      .where(and(inArray(liaisonAssignments.leaderId, ids), eq(liaisonAssignments.active, true)))
      .orderBy(asc(talents.namePinyin)),
    ctx.db.select().from(liaisonContacts).where(inArray(liaisonContacts.leaderId, ids)).orderBy(asc(liaisonContacts.contactDate)),
    ctx.db.select().from(liaisonFollowUps).where(inArray(liaisonFollowUps.leaderId, ids)),
  ]);
  // Contacts of ended assignments stay in the ledger of the leader who made them.
  const ended = contacts.filter((c) => !assigns.some((a) => a.id === c.assignmentId));
  const endedInfo = ended.length
    ? await ctx.db.select({ id: liaisonAssignments.id, leaderId: liaisonAssignments.leaderId, talent: talents.name, employer: talents.employer, position: talents.position }).from(liaisonAssignments).innerJoin(talents, eq(talents.id, liaisonAssignments.talentId)).where(inArray(liaisonAssignments.id, [...new Set(ended.map((c) => c.assignmentId))]))
    : [];
  const fuBy = new Map(follows.map((f) => [f.contactId, f]));
  const rows: LedgerRow[] = [];
  for (const l of leaders) {
    for (const a of [...assigns, ...endedInfo].filter((x) => x.leaderId === l.id)) {
      const base = { leader: l.displayName, county: l.countyName ?? '市级', talent: a.talent, employer: [a.employer, a.position].filter(Boolean).join(' ') };
      const cs = contacts.filter((c) => c.assignmentId === a.id);
      if (cs.length === 0) rows.push({ ...base, date: '', channel: '', summary: '（尚未联系）', problems: '', followUp: '', resolution: '' });
      for (const c of cs) {
        const f = fuBy.get(c.id);
        rows.push({
          ...base,
          date: c.contactDate,
          channel: c.channel,
          summary: c.summary,
          problems: c.problems ?? '',
          followUp: f ? `${f.owner}，${f.dueDate}前` : '',
          resolution: f ? (f.status === 'solved' ? `已办结：${f.resolution ?? ''}` : '办理中') : '',
        });
      }
    }
  }
  return { title, rows, scope };
}

/** Every download of a ledger (any format) is an export of personal data: one audit entry each. */
async function auditExport(ctx: Ctx, ledger: Ledger, format: 'xlsx' | 'docx' | 'html') {
  await appendAudit(ctx.db, {
    action: 'liaison.ledger_export',
    actorId: ctx.user.id,
    actorName: ctx.user.username,
    ip: ctx.ip,
    targetType: ledger.scope.leaderId ? 'user' : 'county',
    targetId: ledger.scope.leaderId ?? ledger.scope.countyId ?? null,
    detail: { format, ...ledger.scope, rows: ledger.rows.length },
  });
}

export async function ledgerXlsx(ctx: Ctx, q: { leaderId?: string; countyId?: string }): Promise<{ buffer: Buffer; title: string }> {
  const ledger = await ledgerRows(ctx, q);
  const { title, rows } = ledger;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('工作台账');
  ws.mergeCells(1, 1, 1, LEDGER_HEADERS.length);
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 16 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.mergeCells(2, 1, 2, LEDGER_HEADERS.length);
  ws.getCell(2, 1).value = `导出日期：${beijingToday()}`;
  const header = ws.getRow(3);
  LEDGER_HEADERS.forEach((h, i) => (header.getCell(i + 1).value = h));
  header.font = { bold: true };
  rows.forEach((r, i) => {
    const cells = [r.leader, r.county, r.talent, r.employer, r.date, r.channel, r.summary, r.problems, r.followUp, r.resolution].map(neutralise);
    ws.addRow([i + 1, ...cells]);
  });
  [6, 12, 12, 10, 22, 12, 10, 40, 30, 24, 30].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const c of [8, 9, 10, 11]) ws.getColumn(c).alignment = { wrapText: true, vertical: 'top' };
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await auditExport(ctx, ledger, 'xlsx');
  return { buffer, title };
}

/** The same ledger as a Word document (ledger-docx.ts), for printing and filing. */
export async function ledgerDocx(ctx: Ctx, q: { leaderId?: string; countyId?: string }): Promise<{ buffer: Buffer; title: string }> {
  const ledger = await ledgerRows(ctx, q);
  const buffer = await ledgerDocxBuffer(ledger.title, beijingToday(), LEDGER_HEADERS, ledger.rows);
  await auditExport(ctx, ledger, 'docx');
  return { buffer, title: ledger.title };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The same ledger as a printable A4-landscape HTML page (the browser prints it to PDF). */
export async function ledgerHtml(ctx: Ctx, q: { leaderId?: string; countyId?: string }): Promise<string> {
  const ledger = await ledgerRows(ctx, q);
  const { title, rows } = ledger;
  await auditExport(ctx, ledger, 'html');
  const body = rows
    .map((r, i) => `<tr><td>${i + 1}</td>${[r.leader, r.county, r.talent, r.employer, r.date, r.channel, r.summary, r.problems, r.followUp, r.resolution].map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>@page{size:A4 landscape;margin:12mm}body{font-family:"SimSun","Songti SC",serif;font-size:11pt}h1{text-align:center;font-size:18pt}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #000;padding:3px 4px;vertical-align:top}th{background:#eee}td:nth-child(6),td:nth-child(7),th:nth-child(1),td:nth-child(2),th:nth-child(2){white-space:nowrap}td:nth-child(5){max-width:12em}
.meta{margin-bottom:6px}@media print{.noprint{display:none}}</style></head><body>
<h1>${esc(title)}</h1><div class="meta">导出日期：${beijingToday()}　共 ${rows.length} 条<button class="noprint" onclick="window.print()" style="float:right">打印 / 另存为 PDF</button></div>
<table><thead><tr>${LEDGER_HEADERS.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>
${body || `<tr><td colspan="${LEDGER_HEADERS.length}" style="text-align:center">暂无联系对象</td></tr>`}
</tbody></table></body></html>`;
}

