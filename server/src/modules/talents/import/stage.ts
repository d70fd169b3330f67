import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { talentImportRows } from '../../../db/schema/index.ts';
import type { Pii } from '../../../lib/pii.ts';
import { cellText, cleanText, type Cell } from './cell-values.ts';
import { labelOf, layoutFromHeader, TEMPLATE_FIELDS, type ImportField, type SheetLayout } from './fields.ts';
import { parseRow, type RowContext } from './row-parse.ts';
import { BATCH, encryptFields, yieldToEventLoop } from './staged.ts';
import { readWorkbook, type SheetRow } from './xlsx-read.ts';

/** How far down a sheet the header row may be (title rows above it are common). */
const HEADER_SCAN_ROWS = 10;

export interface SheetInfo {
  name: string;
  rows: number;
  /** field → header as written in this sheet */
  headers: Partial<Record<ImportField, string>>;
}

export interface StageResult {
  total: number;
  sheets: SheetInfo[];
  warnings: string[];
  /** Fields found in any sheet, template order. */
  fields: ImportField[];
}

type Staged = typeof talentImportRows.$inferInsert;

/**
 * Pass 1 of the preview: streams every sheet, finds its header row, parses and validates each data
 * row and stages it in batches (sensitive values encrypted). Memory holds one batch at a time.
 */
export async function stageRows(
  db: Db,
  pii: Pii,
  importId: string,
  file: string,
  rc: RowContext,
  opts: { maxRows: number; onRows: (done: number) => Promise<void> },
): Promise<StageResult> {
  await db.delete(talentImportRows).where(eq(talentImportRows.importId, importId));
  const result: StageResult = { total: 0, sheets: [], warnings: [], fields: [] };
  const seen = new Set<ImportField>();
  let batch: Staged[] = [];
  const flush = async () => {
    if (!batch.length) return;
    await db.insert(talentImportRows).values(batch);
    batch = [];
    await opts.onRows(result.total);
    await yieldToEventLoop();
  };

  for await (const sheet of readWorkbook(file)) {
    const it = sheet.rows[Symbol.asyncIterator]();
    let layout: SheetLayout | null = null;
    for (let i = 0; i < HEADER_SCAN_ROWS && !layout; i++) {
      const next = await it.next();
      if (next.done) break;
      layout = layoutFromHeader(sheet.name, next.value.number, next.value.cells.map((c) => cellText(c).replace(/\s+/g, ' ').trim() || null));
    }
    if (!layout) {
      await it.return?.();
      if (!sheet.hidden) result.warnings.push(`工作表“${sheet.name}”的前 ${HEADER_SCAN_ROWS} 行中没有找到表头（须含“姓名”列），已跳过`);
      continue;
    }
    result.warnings.push(...layout.warnings);
    const info: SheetInfo = { name: sheet.name, rows: 0, headers: {} };
    for (const { field, header } of layout.columns.values()) {
      info.headers[field] = header;
      seen.add(field);
    }
    result.sheets.push(info);
    const sheetNo = result.sheets.length;
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      const staged = stageOne(pii, importId, sheetNo, info, layout, next.value, rc, result.total + 1);
      if (!staged) continue;
      if (result.total >= opts.maxRows) {
        await it.return?.();
        throw new RowLimitError(opts.maxRows);
      }
      result.total++;
      info.rows++;
      batch.push(staged);
      if (batch.length >= BATCH) await flush();
    }
  }
  await flush();
  result.fields = TEMPLATE_FIELDS.filter((f) => seen.has(f));
  return result;
}

export class RowLimitError extends Error {
  constructor(readonly max: number) {
    super(`文件超过 ${max} 行数据的上限，请拆分后分批导入`);
  }
}

function stageOne(pii: Pii, importId: string, sheetNo: number, info: SheetInfo, layout: SheetLayout, row: SheetRow, rc: RowContext, seq: number): Staged | null {
  const cells = new Map<ImportField, Cell>();
  const raw: Record<string, string> = {};
  for (const [col, { field }] of layout.columns) {
    const v = row.cells[col - 1] ?? null;
    cells.set(field, v);
    const text = cellText(v);
    if (text.trim()) raw[field] = text;
  }
  if (!Object.keys(raw).length) return null; // an empty row
  const parsed = parseRow(cells, rc);
  const { data, idHash, phoneHashes } = encryptFields(pii, parsed.fields);
  const errors = parsed.issues.map((i) => ({
    field: i.field,
    column: (i.field && info.headers[i.field as ImportField]) || (i.field ? labelOf(i.field) : '整行'),
    message: i.message,
  }));
  const ok = errors.length === 0;
  return {
    importId,
    seq,
    sheetNo,
    sheet: info.name,
    rowNo: row.number,
    status: ok ? 'valid' : 'error',
    data,
    rawEnc: pii.encrypt(JSON.stringify(raw)),
    errors,
    idHash: ok ? idHash : null,
    phoneHashes: ok ? phoneHashes : [],
    name: parsed.fields.name ?? (cleanText(cells.get('name') ?? null) || null),
    birthDate: parsed.fields.birthDate ?? null,
    employer: parsed.fields.employer ?? null,
    decision: ok ? 'create' : null,
  };
}
