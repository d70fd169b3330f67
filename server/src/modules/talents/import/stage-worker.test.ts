import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client.ts';
import type { SessionUser } from '../../../lib/context.ts';
import { getPii, type Pii } from '../../../lib/pii.ts';
import { freshDatabase, testEnv } from '../../../test/harness.ts';
import { loadImportLookupData } from './lookups.ts';
import { createMatcher } from './match.ts';
import { stageRows } from './stage.ts';
import { xlsxOf } from './test-files.ts';

/**
 * The preview's parser thread when the main thread fails mid-file (here a real database error: the
 * staged rows' import does not exist, a foreign-key violation on the first insert) or the data key
 * changes: `stageRows` terminates the worker, which runs none of its own `finally` blocks — so its
 * temporary files (the shared-string table: every distinct cell text, ID numbers and phones in
 * clear) must be removed by the main thread.
 */
let database: Database;
let drop: () => Promise<void>;
let pii: Pii;
const env = testEnv();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'review-ss-'));
const savedTmp = process.env.TMPDIR;

beforeAll(async () => {
  ({ database, drop } = await freshDatabase());
  pii = await getPii(database.db, env);
  process.env.TMPDIR = tmp; // the worker copies process.env when it starts
});
afterAll(async () => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  fs.rmSync(tmp, { recursive: true, force: true });
  await drop();
});

const user: SessionUser = { id: randomUUID(), username: 'r', displayName: 'r', isDemo: false, roles: [{ role: 'city_admin', countyId: null, countyName: null, outpostId: null, outpostName: null }] };

async function fileOf(n: number): Promise<string> {
  const rows = Array.from({ length: n }, (_, i) => [`人员${i}`, `11010519900101${String(1000 + i).slice(-4)}`, `139${String(10000000 + i)}`]);
  const file = path.join(tmp, `in-${n}.xlsx`);
  fs.writeFileSync(file, await xlsxOf([{ name: '名单', rows: [['姓名', '证件号码', '手机'], ...rows] }]));
  return file;
}

async function stage(file: string, importId: string, currentKeyId: () => Promise<number>, inWorker = true) {
  const matcher = await createMatcher(database.db, importId, user);
  return stageRows(database.db, pii, importId, file, { lookups: await loadImportLookupData(database.db), user, defaultOwnerCountyId: null }, {
    maxRows: 100_000, onRows: async () => {}, matcher, create: { userId: user.id, defaultOwnerCountyId: null, campaignId: null }, currentKeyId, inWorker,
  });
}

/** Temporary files of the parser (and anything with a clear ID number) left in TMPDIR. */
function leftovers() {
  const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  // (tsx keeps its compile cache in TMPDIR too: not ours)
  const files = walk(tmp).filter((f) => !f.endsWith('.xlsx') && !path.relative(tmp, f).startsWith('tsx-'));
  return { files, clear: files.some((f) => fs.readFileSync(f, 'utf8').includes('110105199001011000')) };
}

describe('preview parser thread', () => {
  it('after a database failure mid-file, leaves no temporary file (clear ID numbers) behind', async () => {
    const file = await fileOf(3000);
    const current = async () => (await import('../../../lib/pii.ts')).sealingKeyOf(pii).id;
    await expect(stage(file, randomUUID(), current)).rejects.toThrow(); // no talent_imports row: the first insert fails
    expect(leftovers()).toEqual({ files: [], clear: false });
  });

  it('stops with a clear message when the data key changes during the preview, and cleans up', async () => {
    const file = await fileOf(1200);
    await expect(stage(file, randomUUID(), async () => -1)).rejects.toThrow('预览期间数据密钥已更换，请重新上传文件预览');
    expect(leftovers()).toEqual({ files: [], clear: false });
  });

  it('on this thread (a small file), removes its shared-string table after a failure just the same', async () => {
    const file = await fileOf(800);
    const current = async () => (await import('../../../lib/pii.ts')).sealingKeyOf(pii).id;
    await expect(stage(file, randomUUID(), current, false)).rejects.toThrow();
    // (A sheet exceljs spooled to wait for the shared strings — indices, not texts — is exceljs's own
    // temporary file, removed by it only when a sheet is read to its end.)
    const left = leftovers();
    expect({ ours: left.files.filter((f) => f.includes('fenggui-')), clear: left.clear }).toEqual({ ours: [], clear: false });
  });
});
