import { StringDecoder } from 'node:string_decoder';
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

/** UTF-8 text of a byte stream, never splitting a character between chunks. */
async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const c of chunks) {
    const text = typeof c === 'string' ? c : decoder.write(c);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * exceljs's streaming reader decodes each inflated chunk to text on its own, so a Chinese
 * character that straddles two chunks becomes "��" (exceljs/exceljs#2063, #2084; unfixed in
 * 4.4.0). Its XML parser passes strings through untouched, so the shared strings and every
 * worksheet are handed to it as already-decoded text. Patched on the prototype, which works
 * whatever loaded exceljs first.
 */
function patchUtf8Decoding(): void {
  const proto = (ExcelJS.stream.xlsx.WorkbookReader as unknown as { prototype: Record<string, unknown> }).prototype;
  if (proto.__fengguiUtf8) return;
  const sharedStrings = proto._parseSharedStrings as (this: unknown, entry: { setEncoding?: (e: string) => void }) => AsyncGenerator<unknown>;
  const worksheet = proto._parseWorksheet as (this: unknown, iterable: AsyncIterable<Buffer | string>, sheetNo: string) => AsyncGenerator<unknown>;
  if (typeof sharedStrings !== 'function' || typeof worksheet !== 'function') throw new Error('exceljs WorkbookReader internals changed: review xlsx-read.ts');
  proto._parseSharedStrings = function (entry: { setEncoding?: (e: string) => void }) {
    entry.setEncoding?.('utf8'); // a Readable's own decoder keeps split characters for the next chunk
    return sharedStrings.call(this, entry);
  };
  proto._parseWorksheet = function (iterable: AsyncIterable<Buffer | string>, sheetNo: string) {
    return worksheet.call(this, decodeUtf8(iterable), sheetNo);
  };
  proto.__fengguiUtf8 = true;
}
patchUtf8Decoding();

/** Every worksheet of the file, in archive order; each must be read to its end (or abandoned) before the next. */
export async function* readWorkbook(file: string, tempDir?: string): AsyncGenerator<SheetStream> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'emit',
    styles: 'cache', // number formats: real date cells arrive as Date
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const strings = new SharedStrings(undefined, tempDir);
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
