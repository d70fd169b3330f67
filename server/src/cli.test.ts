import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db/client.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/fenggui.js');

// The CLI is exercised as an operator would: a real process on a PGlite data directory.
// (PostgreSQL runs of these commands share the same code path after openDatabase.)
let dir: string;
const env = () => ({ ...process.env, DATA_DIR: dir, PASSWORD_KDF_ITERATIONS: '10000', DATABASE_URL: '' });
async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { env: env(), timeout: 60_000 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? 1, out: (err.stdout ?? '') + (err.stderr ?? '') };
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fenggui-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.env.FENGGUI_TEST_BACKEND === 'postgres')('fenggui CLI', { timeout: 180_000 }, () => {
  it('seeds the demo city and its accounts, idempotently', async () => {
    const a = await cli('seed', '--talents', '200');
    expect(a.code, a.out).toBe(0);
    expect(a.out).toMatch(/凤城市/);
    expect(a.out).toMatch(/10 created/);
    expect(a.out).toMatch(/Talent registry: 200 records/);
    const b = await cli('seed', '--talents', '0');
    expect(b.out).toMatch(/0 created/);
    // + the one talent the portal demo account is linked to (seed/portal-demo.ts, after the count above)
    expect(b.out).toMatch(/Talent registry: 201 records/);
  });

  it('creates, disables and resets users', async () => {
    const c = await cli('user', 'create', '--username', 'clerk', '--name', '办事员', '--role', 'county_admin:梧桐县');
    expect(c.code, c.out).toBe(0);
    expect(c.out).toMatch(/Password \(shown once\): \S+/);
    const bad = await cli('user', 'create', '--username', 'clerk2', '--name', 'x', '--role', 'county_admin:不存在县');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/No county named/);
    expect((await cli('user', 'disable', 'clerk')).out).toMatch(/clerk disabled/);
    expect((await cli('user', 'reset-password', 'clerk', '--password', 'Another@Pass1')).code).toBe(0);
    const list = await cli('user', 'list');
    expect(list.out).toMatch(/clerk\s+disabled\s+county_admin:梧桐县/);
  });

  it('audit verify passes on an untouched log and names the row after a manual SQL edit', async () => {
    const ok = await cli('audit', 'verify');
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/Audit chain intact: \d+ rows verified/);

    const database = await openDatabase({ dataDir: dir, holder: 'test' });
    await database.db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await database.db.execute(sql`update audit_log set detail = '{"forged":true}' where id = 3`);
    await database.close();

    const broken = await cli('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/BROKEN at row id=3/);
  });

  it('says plainly that a running process holds the data directory', async () => {
    // Pretend a live server (this test process) holds the directory.
    fs.writeFileSync(path.join(dir, 'fenggui.lock'), JSON.stringify({ pid: process.pid, holder: 'fenggui serve' }));
    try {
      const r = await cli('audit', 'verify');
      expect(r.code).toBe(1);
      expect(r.out).toMatch(new RegExp(`正被进程 ${process.pid}（fenggui serve）使用`));
      expect(r.out).toMatch(/Stop that process first/);
    } finally {
      fs.rmSync(path.join(dir, 'fenggui.lock'));
    }
  });

  it('audit export writes NDJSON with hashes to a file; bad dates and a retention under 180 days are refused', async () => {
    const out = path.join(dir, 'audit.ndjson');
    const r = await cli('audit', 'export', '--since', '2000-01-01', '--out', out);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/Exported \d+ audit rows \(ids \d+–\d+\) to /);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(5);
    expect(lines[0]).toHaveProperty('hash');
    expect(lines[1].prevHash).toBe(lines[0].hash);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    const future = await cli('audit', 'export', '--since', '2999-01-01');
    expect(future.out).toMatch(/Exported 0 audit rows/);
    const bad = await cli('audit', 'export', '--since', 'yesterday');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/ISO 8601/);
    try {
      await run(process.execPath, [BIN, 'audit', 'prune'], { env: { ...env(), AUDIT_RETENTION_DAYS: '90' }, timeout: 60_000 });
      expect.unreachable('a retention of 90 days must be refused');
    } catch (e) {
      expect((e as { stderr: string }).stderr).toMatch(/AUDIT_RETENTION_DAYS must be at least 180/);
    }
  });

  it('takes over a stale lock left by a process that died', async () => {
    fs.writeFileSync(path.join(dir, 'fenggui.lock'), JSON.stringify({ pid: 999_999, holder: 'fenggui serve' }));
    expect((await cli('migrate')).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'fenggui.lock'))).toBe(false);
  });
});
