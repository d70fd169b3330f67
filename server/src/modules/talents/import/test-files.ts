import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { runPendingJobs } from '../../../lib/jobs.ts';
import type { TestContext } from '../../../test/harness.ts';

/** Test helpers of the import: messy workbooks, multipart bodies, hand-made zips. Not a test file. */

export type TestCell = string | number | boolean | Date | null;
export interface TestSheet {
  name: string;
  rows: TestCell[][];
  hidden?: boolean;
  /** 1-based column numbers whose cells get a date number format (real date cells). */
  dateColumns?: number[];
}

export async function xlsxOf(sheets: TestSheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, s.hidden ? { state: 'hidden' } : {});
    s.rows.forEach((r, i) => {
      const row = ws.getRow(i + 1);
      r.forEach((v, c) => {
        if (v === null) return;
        const cell = row.getCell(c + 1);
        cell.value = v;
        if (v instanceof Date || s.dateColumns?.includes(c + 1)) cell.numFmt = 'yyyy-mm-dd';
      });
      row.commit();
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function readXlsx(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

/** A multipart/form-data body as a browser would send it. */
export async function multipartBody(fields: Record<string, string>, file?: { name: string; data: Buffer }): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append('file', new Blob([new Uint8Array(file.data)]), file.name);
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  return { payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')! } };
}

export async function upload(t: TestContext, cookie: string, data: Buffer, fields: Record<string, string> = {}, name = '人才信息.xlsx') {
  const { payload, headers } = await multipartBody(fields, { name, data });
  return t.app.inject({ method: 'POST', url: '/api/talents/imports', headers: { ...headers, cookie }, payload });
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A deflated zip; `declaredSize` lets a test lie about an entry's unpacked size. */
export function zipOf(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = zlib.deflateRawSync(e.data);
    const size = e.declaredSize ?? e.data.length;
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A temporary DATA_DIR for a test file (uploads land in DATA_DIR/files). */
export function tempDataDir(): { dir: string; files: () => string[]; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fenggui-import-test-'));
  const filesDir = path.join(dir, 'files', 'imports');
  return {
    dir,
    files: () => (fs.existsSync(filesDir) ? fs.readdirSync(filesDir) : []),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Full-width digits and letters, as some input methods type them. */
export const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/**
 * The harness drops the PostgreSQL test database `with (force)` right after `pool.end()`, which
 * does not wait for the pool's clients to finish closing; a backend killed by the drop then makes
 * the pool emit 'error' with no listener (an unhandled error in Vitest). The real fix is a
 * `pool.on('error')` listener in db/client.ts (also needed in production: a PostgreSQL restart
 * must not crash the server); until then these test files listen themselves.
 */
export function quietPoolTeardown(t: TestContext): void {
  const pool = (t.database.db as unknown as { $client?: { on?: (e: string, f: () => void) => void } }).$client;
  if (t.database.kind === 'postgres') pool?.on?.('error', () => {});
}

/** Runs the queued jobs now; a job's unexpected failure cause is printed (the user only sees the message). */
export function runJobs(t: TestContext): Promise<number> {
  return runPendingJobs(t.database.db, t.env, { log: (message, err) => console.error(message, err) });
}
