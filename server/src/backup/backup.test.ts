import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../db/client.ts';
import { auditLog, talents } from '../db/schema/index.ts';
import { appendAudit, verifyAuditChain } from '../lib/audit.ts';
import { forgetPii, getPii } from '../lib/pii.ts';
import { makeIdNumber } from '../seed/ids.ts';
import { insertGeneratedTalents } from '../seed/talents-insert.ts';
import { createTestContext, freshDatabase, testEnv, usersOfEveryRole, type TestContext } from '../test/harness.ts';
import { backupToFile } from './backup.ts';
import { BackupError } from './format.ts';
import { fileSource, restoreBackup, verifyBackup } from './restore.ts';
import { ident, listTables, rowsOf } from './tables.ts';

let t: TestContext;
let cookies: Record<string, string>;
let dir: string;
let file: string;
let before: Record<string, { rows: number; hash: string }>;
let auditMax: number;
const ID = makeIdNumber('110105', '1988-03-09', 7, 'male');
const PHONE = '13912345678';
const targets: { database: Database; drop: () => Promise<void> }[] = [];

/** Target A takes the refusals (which must leave it empty) and then the restore. */
let targetA: Database | undefined;
async function emptyTarget(shared = true) {
  if (shared && targetA) return targetA;
  const target = await freshDatabase();
  targets.push(target);
  if (shared) targetA = target.database;
  return target.database;
}

/** Row count and an order-independent hash (of the sorted row JSON) of every table. */
async function tableHashes(db: Db, auditUpTo?: number): Promise<Record<string, { rows: number; hash: string }>> {
  const out: Record<string, { rows: number; hash: string }> = {};
  for (const tbl of await listTables(db)) {
    const where = tbl.name === 'audit_log' && auditUpTo !== undefined ? `where id <= ${auditUpTo}` : '';
    const [r] = rowsOf<{ n: number; h: string }>(
      await db.execute(
        sql.raw(`select count(*)::int as n, md5(coalesce(string_agg(j, E'\\n' order by j), '')) as h
                 from (select to_jsonb(x)::text as j from ${ident(tbl.name)} x ${where}) s`),
      ),
    );
    out[tbl.name] = { rows: r!.n, hash: r!.h };
  }
  return out;
}

async function nonEmpty(db: Db): Promise<string[]> {
  const h = await tableHashes(db);
  return Object.entries(h).filter(([, v]) => v.rows > 0).map(([k]) => k);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fenggui-backup-'));
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/talents',
    headers: { cookie: cookies.city! },
    payload: { name: '周备份', idNumber: ID, phones: [PHONE], ownerCountyId: t.org.county1, category: 'expert', tags: ['甲', 'b"c'], honours: ['省级'] },
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  const id = res.json().id as string;
  const patch = await t.app.inject({ method: 'PATCH', url: `/api/talents/${id}`, headers: { cookie: cookies.city! }, payload: { version: 1, employer: '凤城备份有限公司' } });
  if (patch.statusCode !== 200) throw new Error(patch.body);
  await insertGeneratedTalents(t.database, t.env, { count: 130, seed: 7, countyIds: [t.org.county1, t.org.county2], outpostIds: [t.org.outpost1], batchSize: 50 });
  before = await tableHashes(t.database.db);
  auditMax = (await t.database.db.select({ n: sql<number>`max(${auditLog.id})::int` }).from(auditLog))[0]!.n;
  file = path.join(dir, 'one.fgbak');
}, 120_000);

afterAll(async () => {
  for (const x of targets) await x.drop();
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('fenggui backup', () => {
  it('writes an encrypted file with a sha256sum sidecar and audits it', async () => {
    const r = await backupToFile(t.database, t.env, file, { batchSize: 40 });
    expect(r.header.tables.find((x) => x.name === 'talents')?.rows).toBe(131);
    expect(r.header.tables.map((x) => x.name)).not.toContain('__drizzle_migrations');
    // Referenced tables come before the tables that reference them.
    const order = r.header.tables.map((x) => x.name);
    expect(order.indexOf('counties')).toBeLessThan(order.indexOf('talents'));
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('user_roles'));
    const bytes = fs.readFileSync(file);
    expect(fs.readFileSync(`${file}.sum`, 'utf8')).toBe(`${crypto.createHash('sha256').update(bytes).digest('hex')}  one.fgbak\n`);
    expect(bytes.subarray(0, 11).toString()).toBe('FGBACKUP 1\n');
    for (const clear of ['周备份', '凤城备份有限公司', 'u_city', 'talent.create']) expect(bytes.includes(Buffer.from(clear))).toBe(false);
    const [last] = await t.database.db.select().from(auditLog).orderBy(sql`${auditLog.id} desc`).limit(1);
    expect(last).toMatchObject({ action: 'system.backup', targetId: 'one.fgbak', detail: expect.objectContaining({ sha256: r.sha256 }) });
    await expect(backupToFile(t.database, t.env, file)).rejects.toThrow(/already exists/);
  });

  it.runIf(process.env.FENGGUI_TEST_BACKEND === 'postgres')('is one consistent snapshot while other connections write', async () => {
    const snapFile = path.join(dir, 'snapshot.fgbak');
    const [{ n: talentsBefore }] = rowsOf<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from talents`)) as [{ n: number }];
    const r = await backupToFile(t.database, t.env, snapFile, {
      batchSize: 20,
      beforeTable: async (name) => {
        if (name !== 'talents') return;
        // Committed by other connections after the snapshot was taken: not in the backup.
        await insertGeneratedTalents(t.database, t.env, { count: 5, seed: 99, countyIds: [t.org.county1], batchSize: 5 });
        await t.database.db.execute(sql`update talents set employer = 'changed after snapshot' where name = '周备份'`);
      },
    });
    expect(r.header.tables.find((x) => x.name === 'talents')?.rows).toBe(talentsBefore);
    const target = await emptyTarget(false);
    await restoreBackup(target, t.env, fileSource(snapFile));
    const [row] = await target.db.select().from(talents).where(eq(talents.name, '周备份'));
    expect(row!.employer).toBe('凤城备份有限公司');
    expect(rowsOf<{ n: number }>(await target.db.execute(sql`select count(*)::int as n from talents`))[0]!.n).toBe(talentsBefore);
  });

  it('verifies without a database: MAC, row counts and end marker', async () => {
    const v = await verifyBackup(fileSource(file), t.env, { full: true });
    expect(v.header.totalRows).toBe(Object.values(before).reduce((n, x) => n + x.rows, 0));
    expect(v.preamble.keySource).toBe('master');
  });
});

describe('fenggui restore', () => {
  it('refuses a tampered file before writing anything', async () => {
    const bytes = fs.readFileSync(file);
    for (const at of [Math.floor(bytes.length / 2), bytes.length - 5]) {
      const bad = Buffer.from(bytes);
      bad[at] = bad[at]! ^ 0x01;
      const badFile = path.join(dir, `bad-${at}.fgbak`);
      fs.writeFileSync(badFile, bad);
      const target = await emptyTarget();
      await expect(restoreBackup(target, t.env, fileSource(badFile))).rejects.toThrow(/integrity check/);
      expect(await nonEmpty(target.db)).toEqual([]);
    }
    const truncated = path.join(dir, 'short.fgbak');
    fs.writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
    await expect(verifyBackup(fileSource(truncated), t.env)).rejects.toThrow(BackupError);
  });

  it('refuses the wrong key, saying which key is needed', async () => {
    const target = await emptyTarget();
    await expect(restoreBackup(target, testEnv({ MASTER_KEY: '5b'.repeat(32) }), fileSource(file))).rejects.toThrow(/Wrong key.*master key/);
    await expect(restoreBackup(target, testEnv({ BACKUP_KEY: '5b'.repeat(32) }), fileSource(file))).rejects.toThrow(/Wrong key.*unset BACKUP_KEY/);
    expect(await nonEmpty(target.db)).toEqual([]);
  });

  it('restores every row of every table into an empty database', async () => {
    const target = await emptyTarget();
    const logs: string[] = [];
    const r = await restoreBackup(target, t.env, fileSource(file), { batchSize: 40, log: (s) => logs.push(s) });
    expect(r.totalRows).toBe(Object.values(before).reduce((n, x) => n + x.rows, 0));
    const maxRestored = auditMax;
    expect(await tableHashes(target.db, maxRestored)).toEqual(before);
    // The restore is recorded in the restored chain, and the chain is intact.
    const [last] = await target.db.select().from(auditLog).orderBy(sql`${auditLog.id} desc`).limit(1);
    expect(last).toMatchObject({ id: maxRestored + 1, action: 'system.restore' });
    expect((await verifyAuditChain(target.db)).ok).toBe(true);
    // Sequences continue after the restored ids.
    await appendAudit(target.db, { action: 'test.after_restore' });
    expect((await target.db.select({ n: sql<number>`max(${auditLog.id})::int` }).from(auditLog))[0]!.n).toBe(maxRestored + 2);
    // The same master key opens the restored data keys.
    forgetPii(target.db);
    const [row] = await target.db.select().from(talents).where(eq(talents.name, '周备份'));
    const pii = await getPii(target.db, t.env);
    expect(pii.decrypt(row!.idNumberEnc!)).toBe(ID);
    expect(pii.decrypt(row!.phonesEnc[0]!)).toBe(PHONE);
    expect(row!.idNumberHash).toBe(pii.blindIndex('id', ID));
  });

  it('refuses a database that already has rows', async () => {
    await expect(restoreBackup(t.database, t.env, fileSource(file))).rejects.toThrow(/not empty.*talents/);
  });

  it('rolls everything back when the master key does not open the restored data keys', async () => {
    const backupKey = '7c'.repeat(32);
    const withKey = path.join(dir, 'with-backup-key.fgbak');
    await backupToFile(t.database, testEnv({ BACKUP_KEY: backupKey }), withKey, { batchSize: 100 });
    const target = await emptyTarget(false);
    // The backup opens (BACKUP_KEY), but the data keys inside need the original master key.
    await expect(restoreBackup(target, testEnv({ BACKUP_KEY: backupKey, MASTER_KEY: '5b'.repeat(32) }), fileSource(withKey))).rejects.toThrow(
      /does not open the data keys/,
    );
    expect(await nonEmpty(target.db)).toEqual([]);
    await expect(restoreBackup(target, t.env, fileSource(withKey))).rejects.toThrow(/this backup was encrypted with a BACKUP_KEY/);
    const r = await restoreBackup(target, testEnv({ BACKUP_KEY: backupKey }), fileSource(withKey));
    const count = async (db: Db) => rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from talents`))[0]!.n;
    expect(r.tables.find((x) => x.name === 'talents')?.rows).toBe(await count(t.database.db));
    expect(await count(target.db)).toBe(await count(t.database.db));
  });
});
