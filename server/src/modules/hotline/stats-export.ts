import ExcelJS from 'exceljs';
import { desc } from 'drizzle-orm';
import { CONTACT_PREFS, HOTLINE_CATEGORIES, HOTLINE_OUTCOMES, HOTLINE_SOURCES, HOTLINE_STATUSES } from '../../../../contracts/hotline.ts';
import { hotlineCases } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { Ctx } from '../../lib/context.ts';
import { neutralise } from '../talents/export/export.columns.ts';
import { levelName, loadCaseNames } from './case-view.ts';
import { hotlineStats, statsWhere, type StatsQuery } from './stats.ts';

/** Most case rows in one export (the statistics themselves are not limited). */
export const EXPORT_MAX_CASES = 50_000;

const fmtMin = (m: number | null) => (m === null ? '' : `${m}`);
const bj = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '');
const t = (v: string | null | undefined) => (v ? neutralise(v) : '');
const label = (dict: Record<string, string>, v: string | null) => (v ? (dict[v] ?? v) : '');

/**
 * The statistics as an xlsx: a summary sheet with every figure of the page and a sheet of the
 * cases counted (caller phones masked; text cells neutralised against formula injection).
 */
export async function exportStats(ctx: Ctx, q: StatsQuery): Promise<Buffer> {
  const s = await hotlineStats(ctx, q);
  const rows = await ctx.db.select().from(hotlineCases).where(statsWhere(ctx, q)).orderBy(desc(hotlineCases.createdAt)).limit(EXPORT_MAX_CASES);
  const names = await loadCaseNames(ctx.db, rows);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Fenggui';
  const sum = wb.addWorksheet('统计');
  sum.columns = [{ width: 26 }, { width: 18 }, { width: 14 }];
  const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(1)}%` : '—');
  sum.addRow([`返乡热线统计 ${q.from} 至 ${q.to}`]).font = { bold: true, size: 14 };
  sum.addRow(['诉求总数', s.total]);
  sum.addRow(['首次响应（工作分钟）中位数 / P90', `${s.firstResponse.median ?? '—'} / ${s.firstResponse.p90 ?? '—'}`]);
  sum.addRow(['办结用时（工作分钟）中位数 / P90', `${s.resolution.median ?? '—'} / ${s.resolution.p90 ?? '—'}`]);
  sum.addRow(['首次响应按时率', pct(s.sla.firstResponseMet, s.sla.firstResponseTotal), `${s.sla.firstResponseMet}/${s.sla.firstResponseTotal}`]);
  sum.addRow(['办结按时率', pct(s.sla.resolutionMet, s.sla.resolutionTotal), `${s.sla.resolutionMet}/${s.sla.resolutionTotal}`]);
  sum.addRow(['回访满意度（平均分 / 回访数）', s.satisfaction.average ?? '—', s.satisfaction.count]);
  sum.addRow(['帮助就业落地（人）', s.helpedTalents.job]);
  sum.addRow(['帮助投资兴业（人）', s.helpedTalents.investment]);
  sum.addRow(['促成项目合作（人）', s.helpedTalents.project]);
  for (const [title, list] of [['按类别', s.byCategory], ['按层级', s.byLevel], ['按来源', s.bySource], ['按状态', s.byStatus], ['按时期', s.byPeriod], ['办理结果', s.byOutcome]] as const) {
    sum.addRow([]);
    sum.addRow([title, '件数']).font = { bold: true };
    for (const c of list) sum.addRow([t(c.label), c.count]);
  }
  const sheet = wb.addWorksheet('诉求明细');
  sheet.columns = [
    ['编号', 16], ['受理时间', 17], ['来源', 9], ['类别', 9], ['承办层级', 14], ['承办人', 10], ['状态', 8], ['来电人', 10], ['来电号码', 14],
    ['标题', 30], ['联系方式', 8], ['首次响应用时', 10], ['首次响应按时', 8], ['办结用时', 10], ['办结按时', 8], ['办理结果', 10], ['满意度', 7], ['办结时间', 17],
  ].map(([header, width]) => ({ header: header as string, width: width as number }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    sheet.addRow([
      r.number, bj(r.createdAt), label(HOTLINE_SOURCES, r.source), label(HOTLINE_CATEGORIES, r.category), levelName(names, r.countyId),
      t(r.assigneeId ? names.users.get(r.assigneeId) : null), label(HOTLINE_STATUSES, r.status), t(r.callerName), r.callerPhoneMasked ?? '',
      t(r.subject), label(CONTACT_PREFS, r.contactPref), fmtMin(r.firstResponseUsedMinutes), r.firstResponseMet === null ? '' : r.firstResponseMet ? '是' : '否',
      fmtMin(r.resolutionUsedMinutes), r.resolutionMet === null ? '' : r.resolutionMet ? '是' : '否', label(HOTLINE_OUTCOMES, r.outcome), r.satisfaction ?? '', bj(r.closedAt),
    ]);
  }
  if (rows.length === EXPORT_MAX_CASES) sheet.addRow([`仅导出最近 ${EXPORT_MAX_CASES} 条，请缩小统计区间`]);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  await appendAudit(ctx.db, { action: 'hotline.stats_export', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'hotline_stats', detail: { ...q, rows: rows.length } });
  return buf;
}
