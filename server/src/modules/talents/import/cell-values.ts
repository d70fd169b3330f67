import { toHalfWidth } from '../../../../../contracts/id-number.ts';

/** A cell as the reader hands it over (shared strings and rich text already resolved to text). */
export type Cell = string | number | boolean | Date | null;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const isoOf = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** What the clerk sees in the cell, as text (for the annotated error file and messages). */
export function cellText(v: Cell): string {
  if (v === null) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : isoOf(v);
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  return v;
}

/** Half-width, trimmed, inner runs of white space collapsed; empty → null. */
export function cleanText(v: Cell): string | null {
  const s = toHalfWidth(cellText(v)).replace(/[\s\u00a0\u200b]+/g, ' ').trim();
  return s === '' ? null : s;
}

/** The key dictionary labels are compared by: half-width, no spaces, lower case. */
export function dictKey(s: string): string {
  return toHalfWidth(s).replace(/[\s\u00a0\u200b]/g, '').toLowerCase();
}

export type ParsedDate = { value: string; precision: 'day' | 'month' | 'year' } | { error: string };

/** Excel's day count (1900 system, with its phantom 1900-02-29) → ISO date. */
function fromSerial(n: number): string {
  const ms = Date.UTC(1899, 11, 30) + Math.round(n) * 86_400_000;
  return isoOf(new Date(ms));
}

function build(y: number, m: number | null, d: number | null, label: string): ParsedDate {
  if (m === null) return y >= 1900 && y <= 2100 ? { value: `${y}-01-01`, precision: 'year' } : { error: `${label}年份无效` };
  const day = d ?? 1;
  const date = new Date(Date.UTC(y, m - 1, day));
  if (y < 1900 || m < 1 || m > 12 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== day) {
    return { error: `${label}“${y}-${pad(m)}${d === null ? '' : `-${pad(d)}`}”不是有效日期` };
  }
  if (date.getTime() > Date.now()) return { error: `${label}不能晚于今天` };
  return { value: isoOf(date), precision: d === null ? 'month' : 'day' };
}

/**
 * Dates as clerks write them: real date cells, Excel serial numbers, 1990-05-01, 1990/5/1,
 * 1990.5.1, 1990年5月1日, 19900501, and year-month only: 1990.5, 1990-05, 1990年5月, 199005.
 * A numeric cell 1990.1 is read as January (Excel cannot keep the trailing zero of 1990.10).
 */
export function parseDate(v: Cell, label: string): ParsedDate {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return { error: `${label}不是有效日期` };
    return build(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate(), label);
  }
  if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 80_000) {
    const iso = fromSerial(v);
    return build(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)), label);
  }
  const s = (cleanText(v) ?? '').replace(/\s/g, '').replace(/(T|\s)?00:00(:00(\.0+)?)?Z?$/, '');
  let m: RegExpMatchArray | null;
  if ((m = s.match(/^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$/))) return build(+m[1]!, +m[2]!, +m[3]!, label);
  if ((m = s.match(/^(\d{4})[-./年](\d{1,2})月?$/))) return build(+m[1]!, +m[2]!, null, label);
  if ((m = s.match(/^(\d{4})(\d{2})(\d{2})$/))) return build(+m[1]!, +m[2]!, +m[3]!, label);
  if ((m = s.match(/^(\d{4})(\d{2})$/))) return build(+m[1]!, +m[2]!, null, label);
  if ((m = s.match(/^(\d{4})年?$/))) return build(+m[1]!, null, null, label);
  if (/^\d{5}$/.test(s)) return parseDate(Number(s), label);
  return { error: `${label}“${cellText(v)}”无法识别，请写成 1990-05-01、1990.5 或 1990年5月 等格式` };
}

/** 是/否 in the ways people write it. */
export function parseBool(v: Cell): boolean | null {
  if (typeof v === 'boolean') return v;
  const k = dictKey(cellText(v));
  if (['是', 'y', 'yes', 'true', '1', '√', '本籍'].includes(k)) return true;
  if (['否', 'n', 'no', 'false', '0', '×', '非本籍'].includes(k)) return false;
  return null;
}

/** 2012, "2012", "2012年", "2012届", a date cell → 2012. */
export function parseYear(v: Cell): number | null {
  if (v instanceof Date) return v.getUTCFullYear();
  const m = cellText(v).trim().match(/^(\d{4})(年|届)?(\d{1,2}月)?$/);
  return m ? Number(m[1]) : null;
}

/** Lists in one cell: 、 , ， ; ； / and line breaks separate items. */
export function splitList(v: Cell): string[] {
  return toHalfWidth(cellText(v))
    .split(/[、,;；/\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
