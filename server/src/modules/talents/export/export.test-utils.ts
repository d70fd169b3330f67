import ExcelJS from 'exceljs';
import { desc, eq } from 'drizzle-orm';
import { auditLog } from '../../../db/schema/index.ts';
import type { TestContext } from '../../../test/harness.ts';

export interface ReadBack {
  header: string[];
  rows: Record<string, string>[];
  info: Record<string, string>;
  /** Every cell value of the workbook as text, for "this value appears nowhere" checks. */
  text: string;
}

/** Reads an exported xlsx back with exceljs: the data sheet keyed by header, and the cover sheet. */
export async function readXlsx(payload: Buffer): Promise<ReadBack> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('人才信息')!;
  const cells = (r: ExcelJS.Row) => (r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));
  const header = cells(ws.getRow(1));
  const rows: Record<string, string>[] = [];
  ws.eachRow((r, n) => {
    if (n > 1) rows.push(Object.fromEntries(header.map((h, i) => [h, cells(r)[i] ?? ''])));
  });
  const info: Record<string, string> = {};
  wb.getWorksheet('导出说明')?.eachRow((r) => {
    const [k, v] = cells(r);
    info[k!] = v ?? '';
  });
  const text: string[] = [];
  wb.eachSheet((s) => s.eachRow((r) => text.push(cells(r).join('\t'))));
  return { header, rows, info, text: text.join('\n') };
}

/** The latest audit rows of an action (the export's event is written when its stream has finished). */
export async function latestAudit(t: TestContext, action: string, after = 0) {
  for (let i = 0; i < 200; i++) {
    const rows = await t.database.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id)).limit(1);
    if (rows[0] && rows[0].id > after) return rows[0];
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no audit event ${action} after id ${after}`);
}

export async function lastAuditId(t: TestContext): Promise<number> {
  const [r] = await t.database.db.select({ id: auditLog.id }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  return r?.id ?? 0;
}
