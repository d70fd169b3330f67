import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readWorkbook } from './xlsx-read.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fenggui-xlsx-read-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Enough distinct Chinese text (3 bytes a character) that inflated chunks end inside characters. */
const texts = Array.from({ length: 6000 }, (_, i) => `${'凤城市人才工作站'.slice(0, 1 + (i % 8))}第${i}号：王伟芳、李娜（深圳）`);

async function write(file: string, useSharedStrings: boolean) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings, useStyles: false });
  const ws = wb.addWorksheet('人才信息');
  ws.addRow(['姓名', '备注']).commit();
  for (const t of texts) ws.addRow([t, t]).commit();
  ws.commit();
  await wb.commit();
}

async function readAll(file: string): Promise<string[]> {
  const out: string[] = [];
  for await (const sheet of readWorkbook(file)) for await (const row of sheet.rows) if (row.number > 1) out.push(String(row.cells[0]), String(row.cells[1]));
  return out;
}

describe('readWorkbook', () => {
  for (const shared of [true, false]) {
    it(`reads multi-byte text split across stream chunks intact (${shared ? 'shared strings' : 'inline strings'})`, async () => {
      const file = path.join(dir, `${shared}.xlsx`);
      await write(file, shared);
      const got = await readAll(file);
      expect(got.filter((t) => t.includes('\uFFFD'))).toEqual([]);
      expect(got).toEqual(texts.flatMap((t) => [t, t]));
    });
  }
});
