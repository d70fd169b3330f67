import type { talentImportRows } from '../../../db/schema/index.ts';
import type { Pii } from '../../../lib/pii.ts';
import { cellText, cleanText, type Cell } from './cell-values.ts';
import { createValuesOf, type CreateContext } from './commit-prepare.ts';
import { labelOf, layoutFromHeader, TEMPLATE_FIELDS, type ImportField, type SheetLayout } from './fields.ts';
import { parseRow, type RowContext } from './row-parse.ts';
import { BATCH, encryptFields } from './staged.ts';
import { readWorkbook, type SheetRow } from './xlsx-read.ts';

/** How far down a sheet the header row may be (title rows above it are common). */
const HEADER_SCAN_ROWS = 10;

export type Staged = typeof talentImportRows.$inferInsert;

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

/** Where parsed rows go: a sheet as its header is found, then its rows in batches (in file order). */
export interface ParseSink {
  sheet(info: SheetInfo): void;
  /** `raws`: each row's cells as typed (for the annotated error file), by seq. May wait (back-pressure). */
  batch(rows: Staged[], raws: [number, Record<string, string>][]): Promise<void>;
}

export class RowLimitError extends Error {
  constructor(readonly max: number) {
    super(`文件超过 ${max} 行数据的上限，请拆分后分批导入`);
  }
}

/**
 * Reads the workbook sheet by sheet, finds each header row, parses and validates every data row and
 * computes the record a "create" would make (ID number and phones encrypted): all the CPU work of a
 * preview, and no database. Runs in the parser's worker thread (parse-worker.ts). Memory holds one
 * batch at a time.
 */
export async function parseFile(pii: Pii, importId: string, file: string, tempDir: string, rc: RowContext, cc: CreateContext, maxRows: number, sink: ParseSink): Promise<StageResult> {
  const result: StageResult = { total: 0, sheets: [], warnings: [], fields: [] };
  const seen = new Set<ImportField>();
  let batch: Staged[] = [];
  let raws: [number, Record<string, string>][] = [];
  const flush = async () => {
    if (!batch.length) return;
    const rows = batch;
    const r = raws;
    batch = [];
    raws = [];
    await sink.batch(rows, r);
  };

  for await (const sheet of readWorkbook(file, tempDir)) {
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
    sink.sheet({ ...info, headers: { ...info.headers } });
    const sheetNo = result.sheets.length;
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      const one = stageOne(pii, importId, sheetNo, info, layout, next.value, rc, cc, result.total + 1);
      if (!one) continue;
      if (result.total >= maxRows) {
        await it.return?.();
        throw new RowLimitError(maxRows);
      }
      result.total++;
      info.rows++;
      batch.push(one.staged);
      raws.push([one.staged.seq, one.raw]);
      if (batch.length >= BATCH) await flush();
    }
  }
  await flush();
  result.fields = TEMPLATE_FIELDS.filter((f) => seen.has(f));
  return result;
}

function stageOne(pii: Pii, importId: string, sheetNo: number, info: SheetInfo, layout: SheetLayout, row: SheetRow, rc: RowContext, cc: CreateContext, seq: number): { staged: Staged; raw: Record<string, string> } | null {
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
  const errors = parsed.issues.map((i) => ({
    field: i.field,
    column: (i.field && info.headers[i.field as ImportField]) || (i.field ? labelOf(i.field) : '整行'),
    message: i.message,
  }));
  const ok = errors.length === 0;
  // A valid row gets the record a "create" would make now (encrypting its ID number and phones
  // once); an error row only its given fields, encrypted, for the report.
  const created = ok ? createValuesOf(pii, parsed.fields, cc) : null;
  const { data, idHash, phoneHashes } = created ? created : encryptFields(pii, parsed.fields);
  const staged: Staged = {
    importId,
    seq,
    sheetNo,
    sheet: info.name,
    rowNo: row.number,
    status: ok ? 'valid' : 'error',
    data,
    errors,
    idHash: ok ? idHash : null,
    phoneHashes: ok ? phoneHashes : [],
    name: parsed.fields.name ?? (cleanText(cells.get('name') ?? null) || null),
    birthDate: parsed.fields.birthDate ?? null,
    employer: parsed.fields.employer ?? null,
    decision: ok ? 'create' : null,
    createValues: created?.values ?? null,
  };
  return { staged, raw };
}
