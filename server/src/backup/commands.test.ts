import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../../bin/fenggui.js');

// The commands as an operator runs them, on PGlite data directories (the PostgreSQL path is the
// same code after openDatabase and is covered by backup.test.ts / rotate.test.ts on server-pg).
let root: string;
async function cli(dataDir: string, ...args: string[]): Promise<{ code: number; out: string }> {
  const env = { ...process.env, DATA_DIR: dataDir, PASSWORD_KDF_ITERATIONS: '10000', DATABASE_URL: '', MASTER_KEY: '', BACKUP_KEY: '' };
  try {
    const r = await run(process.execPath, [BIN, ...args], { env, timeout: 120_000 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? 1, out: (err.stdout ?? '') + (err.stderr ?? '') };
  }
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'fenggui-backup-cli-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe.skipIf(process.env.FENGGUI_TEST_BACKEND === 'postgres')('fenggui backup / restore / keys', { timeout: 300_000 }, () => {
  it('backs up, checks, restores into a new data directory, and rotates keys there', async () => {
    const a = path.join(root, 'a');
    const b = path.join(root, 'b');
    const file = path.join(root, 'nightly.fgbak');
    expect((await cli(a, 'seed', '--talents', '40')).code).toBe(0);

    const backup = await cli(a, 'backup', '--out', file);
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toMatch(/talents\s+41\n/); // 40 generated + the portal demo account's linked talent
    expect(backup.out).toMatch(/Backup written: .*nightly\.fgbak/);
    expect(fs.readFileSync(`${file}.sum`, 'utf8')).toMatch(/^[0-9a-f]{64} {2}nightly\.fgbak\n$/);

    const noKey = await cli(b, 'restore', file);
    expect(noKey.code).toBe(1);
    expect(noKey.out).toMatch(/No master key.*master key of the installation it came from/s);
    expect(fs.existsSync(b)).toBe(false);

    fs.mkdirSync(b);
    fs.copyFileSync(path.join(a, 'master.key'), path.join(b, 'master.key'));
    const check = await cli(b, 'restore', file, '--check');
    expect(check.code, check.out).toBe(0);
    expect(check.out).toMatch(/intact \(HMAC-SM3 verified, SHA-256 matches the \.sum file\)/);
    expect(fs.readdirSync(b)).toEqual(['master.key']); // --check opens no database
    const restore = await cli(b, 'restore', file);
    expect(restore.code, restore.out).toBe(0);
    expect(restore.out).toMatch(/Restored \d+ rows/);
    expect((await cli(b, 'audit', 'verify')).out).toMatch(/Audit chain intact/);
    const again = await cli(b, 'restore', file);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/not empty/);

    const rotate = await cli(b, 'keys', 'rotate', '--batch-size', '15');
    expect(rotate.code, rotate.out).toBe(0);
    expect(rotate.out).toMatch(/Done: \d+ rows re-encrypted under data key 2/);
    const master = await cli(b, 'keys', 'rotate', '--master');
    expect(master.code, master.out).toBe(0);
    expect(fs.readdirSync(b).some((f) => f.startsWith('master.key.retired-'))).toBe(true);
    const status = await cli(b, 'keys', 'status');
    expect(status.code, status.out).toBe(0);
    expect(status.out).toMatch(/data key 2 \(current\).*opens with this master key/);
    expect(status.out).toMatch(/talents: 0 rows with values under an older key/);
  });
});
