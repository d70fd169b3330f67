import ExcelJS from 'exceljs';
import type { Cell } from './cell-values.ts';
import { SharedStrings } from './shared-strings.ts';

/**
 * Streams a workbook sheet by sheet and row by row (exceljs WorkbookReader): nothing holds the
 * whole file. Shared strings go to a temporary file (shared-strings.ts); worksheets that come
 * before them in the archive are spooled to temporary files by exceljs itself.
 */
export interface SheetRow {
  number: number;
  /** Index 0 = column 1. */
  cells: Cell[];
}

export interface SheetStream {
  name: string;
  hidden: boolean;
  rows: AsyncIterable<SheetRow>;
}

interface ExcelRow {
  number: number;
  values: unknown[] | Record<string, unknown>;
}
interface ExcelSheetReader extends AsyncIterable<ExcelRow> {
  name: string;
  state?: string;
}

function richText(v: unknown): string | null {
  if (v && typeof v === 'object' && 'richText' in v) {
    return ((v as { richText: { text?: string }[] }).richText ?? []).map((r) => r.text ?? '').join('');
  }
  return null;
}

function toCell(v: unknown, strings: SharedStrings): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v !== 'object') return String(v);
  const o = v as Record<string, unknown>;
  if (typeof o.sharedString === 'number') return strings.get(o.sharedString);
  const rt = richText(v);
  if (rt !== null) return rt;
  if ('formula' in o || 'sharedFormula' in o) return o.result === undefined ? null : toCell(o.result, strings);
  if ('error' in o) return String(o.error);
  if ('text' in o) return toCell(o.text, strings);
  return null;
}

async function* rowsOf(ws: ExcelSheetReader, strings: SharedStrings): AsyncIterable<SheetRow> {
  for await (const row of ws) {
    const values = Array.isArray(row.values) ? row.values : [];
    const cells: Cell[] = [];
    for (let c = 1; c < values.length; c++) cells.push(toCell(values[c], strings));
    yield { number: row.number, cells };
  }
}

/** Every worksheet of the file, in archive order; each must be read to its end (or abandoned) before the next. */
export async function* readWorkbook(file: string): AsyncGenerator<SheetStream> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'emit',
    styles: 'cache', // number formats: real date cells arrive as Date
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const strings = new SharedStrings();
  try {
    const it = reader.parse() as AsyncIterator<{ eventType?: string; value?: unknown; index?: number; text?: unknown }>;
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      const item = next.value;
      if (typeof item.index === 'number') {
        strings.add(typeof item.text === 'string' ? item.text : (richText(item.text) ?? ''));
      } else if (item.eventType === 'worksheet') {
        const ws = item.value as ExcelSheetReader;
        yield { name: ws.name, hidden: !!ws.state && ws.state !== 'visible', rows: rowsOf(ws, strings) };
      }
    }
  } finally {
    strings.close();
  }
}
