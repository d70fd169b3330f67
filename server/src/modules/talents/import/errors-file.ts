import { PassThrough, type Readable } from 'node:stream';
import { and, asc, eq, gt } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { talentImportRows } from '../../../db/schema/index.ts';
import { appendAudit } from '../../../lib/audit.ts';
import type { Ctx } from '../../../lib/context.ts';
import { getPii } from '../../../lib/pii.ts';
import { labelOf, TEMPLATE_FIELDS, type ImportField } from './fields.ts';
import { loadVisibleImport } from './import.service.ts';
import type { ImportLayout } from './preview.job.ts';
import { BATCH } from './staged.ts';

const BAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

/**
 * The rows with errors, as the clerk typed them, to fix and upload again: the recognised columns
 * under the template's headers, bad cells highlighted, the reasons in a last column 错误原因.
 * Streamed (exceljs WorkbookWriter), reading the staged rows in batches. Columns 原工作表/原行号/
 * 错误原因 are ignored when the file comes back.
 */
export async function errorsWorkbook(ctx: Ctx, id: string): Promise<{ fileName: string; stream: Readable }> {
  const { imp } = await loadVisibleImport(ctx, id);
  const layout = imp.fields as Partial<ImportLayout>;
  const fields: ImportField[] = layout.order?.length ? layout.order : TEMPLATE_FIELDS;
  const pii = await getPii(ctx.db, ctx.env);
  await appendAudit(ctx.db, { action: 'talent.import.errors_download', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'talent_import', targetId: imp.id });

  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('错误数据');
  ws.columns = [
    { header: '原工作表', width: 12 },
    { header: '原行号', width: 8 },
    ...fields.map((f) => ({ header: labelOf(f), width: f === 'idNumber' ? 22 : 14, style: f === 'idNumber' || f === 'phones' ? { numFmt: '@' } : {} })),
    { header: '错误原因', width: 60 },
  ];
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.eachCell((c) => (c.fill = HEAD_FILL));
  head.commit();

  void (async () => {
    let lastSeq = 0;
    for (;;) {
      const rows = await ctx.db
        .select({ seq: talentImportRows.seq, sheet: talentImportRows.sheet, rowNo: talentImportRows.rowNo, rawEnc: talentImportRows.rawEnc, errors: talentImportRows.errors })
        .from(talentImportRows)
        .where(and(eq(talentImportRows.importId, imp.id), eq(talentImportRows.status, 'error'), gt(talentImportRows.seq, lastSeq)))
        .orderBy(asc(talentImportRows.seq))
        .limit(BATCH);
      if (!rows.length) break;
      lastSeq = rows[rows.length - 1]!.seq;
      for (const r of rows) {
        const raw = r.rawEnc ? (JSON.parse(pii.decrypt(r.rawEnc)) as Record<string, string>) : {};
        const errors = r.errors as { field: string | null; column: string; message: string }[];
        const row = ws.addRow([r.sheet, r.rowNo, ...fields.map((f) => raw[f] ?? null), errors.map((e) => `${e.column}：${e.message}`).join('；')]);
        for (const e of errors) {
          const i = e.field ? fields.indexOf(e.field as ImportField) : -1;
          if (i >= 0) row.getCell(i + 3).fill = BAD_FILL;
        }
        row.commit();
      }
    }
    ws.commit();
    await wb.commit();
  })().catch((err) => out.destroy(err as Error));
  const base = imp.fileName.replace(/\.xlsx$/i, '');
  return { fileName: `${base}-错误数据.xlsx`, stream: out };
}
