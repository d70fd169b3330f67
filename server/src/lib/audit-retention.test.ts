import { asc, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { auditAnchors, auditLog } from '../db/schema/index.ts';
import { loadEnv } from '../env.ts';
import { freshDatabase } from '../test/harness.ts';
import { appendAudit, chainHash, GENESIS_HASH, verifyAuditChain } from './audit.ts';
import { pruneAuditLog } from './audit-retention.ts';

/** Retention ≥ 180 days: only older rows can go, through one audited path, and the chain still verifies. */
let database: Database;
let drop: () => Promise<void>;
const DAY = 86_400_000;
const actor = { id: null, name: 'test', ip: null };

/** Appends a correctly chained row dated `daysAgo` (what appendAudit wrote back then). */
async function appendBackdated(action: string, daysAgo: number) {
  const [last] = await database.db.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const fields = { at: new Date(Date.now() - daysAgo * DAY).toISOString(), actorId: null, actorName: 'old', action, outcome: 'success', targetType: null, targetId: null, ip: null, detail: { daysAgo } };
  await database.db.insert(auditLog).values({ ...fields, prevHash, hash: chainHash(prevHash, fields) });
}
const ids = async () => (await database.db.select({ id: auditLog.id, action: auditLog.action }).from(auditLog).orderBy(asc(auditLog.id)));
const refused = (e: unknown) => /append-only|at least 180/.test(String((e as Error & { cause?: Error }).cause?.message ?? (e as Error).message ?? e));

beforeAll(async () => {
  ({ database, drop } = await freshDatabase());
  for (let i = 0; i < 5; i++) await appendBackdated(`old.${i}`, 400 - i);
  for (let i = 0; i < 3; i++) await appendBackdated(`mid.${i}`, 200 - i);
  for (let i = 0; i < 2; i++) await appendAudit(database.db, { action: `new.${i}` });
});
afterAll(() => drop());

describe('AUDIT_RETENTION_DAYS', () => {
  it('defaults to 365 and refuses less than 180 at start-up with a clear message', () => {
    expect(loadEnv({}).AUDIT_RETENTION_DAYS).toBe(365);
    expect(loadEnv({ AUDIT_RETENTION_DAYS: '180' }).AUDIT_RETENTION_DAYS).toBe(180);
    expect(() => loadEnv({ AUDIT_RETENTION_DAYS: '90' })).toThrow(/AUDIT_RETENTION_DAYS must be at least 180/);
  });
});

describe('pruning the audit log', () => {
  it('refuses a retention under 180 days, in the code and in the database function', async () => {
    await expect(pruneAuditLog(database.db, 179, actor)).rejects.toThrow(/at least 180/);
    await expect(database.db.execute(sql`select * from audit_log_prune(30, 'x')`)).rejects.toSatisfy(refused);
    expect(await ids()).toHaveLength(10);
  });

  it('a row younger than 180 days cannot be deleted even with the prune switch set by hand', async () => {
    const young = (await ids()).find((r) => r.action === 'new.0')!.id;
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('fenggui.audit_prune', 'on', true), set_config('fenggui.audit_prune_through', '999999', true)`);
        await tx.execute(sql`delete from audit_log where id = ${young}`);
      }),
    ).rejects.toSatisfy(refused);
    await expect(database.db.execute(sql`delete from audit_log where id = ${young}`)).rejects.toSatisfy(refused);
    expect(await ids()).toHaveLength(10);
  });

  it('removes only the rows older than the retention, records an anchor, audits itself, and the chain still verifies', async () => {
    const before = await ids();
    const r = await pruneAuditLog(database.db, 365, actor);
    expect(r.pruned).toBe(5);
    const after = await ids();
    expect(after.map((x) => x.action)).toEqual(['mid.0', 'mid.1', 'mid.2', 'new.0', 'new.1', 'audit.prune']);
    const [anchor] = await database.db.select().from(auditAnchors);
    expect(anchor).toMatchObject({ throughId: before[4]!.id, prunedCount: 5, retentionDays: 365, actorName: 'test' });
    expect(r.anchorHash).toBe(anchor!.lastHash);
    const [ev] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'audit.prune'));
    expect(ev!.detail).toMatchObject({ pruned: 5, throughId: anchor!.throughId, anchorHash: anchor!.lastHash, retentionDays: 365 });
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, checked: 6 });
    // Nothing more is old enough for 365 days.
    expect((await pruneAuditLog(database.db, 365, actor)).pruned).toBe(0);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
  });

  it('the anchors are append-only', async () => {
    await expect(database.db.execute(sql`update audit_anchors set last_hash = 'x'`)).rejects.toSatisfy(refused);
    await expect(database.db.execute(sql`delete from audit_anchors`)).rejects.toSatisfy(refused);
  });

  it('a delete around the function (the switch set by hand) is found by verify', async () => {
    // 180 days: the mid rows (~200 days old) are old enough for the trigger's floor.
    const first = (await ids())[0]!;
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('fenggui.audit_prune', 'on', true), set_config('fenggui.audit_prune_through', ${String(first.id)}, true)`);
      await tx.execute(sql`delete from audit_log where id = ${first.id}`);
    });
    const v = await verifyAuditChain(database.db);
    expect(v.ok).toBe(false);
    expect(v.brokenAt!.reason).toMatch(/链接/);
    // And a prune refuses to run on a broken chain (it would bury the evidence).
    await expect(pruneAuditLog(database.db, 180, actor)).rejects.toThrow(/broken/);
  });

  it('a forged anchor is not trusted', async () => {
    const { database: db2, drop: drop2 } = await freshDatabase();
    try {
      for (let i = 0; i < 3; i++) await appendAudit(db2.db, { action: `x.${i}` });
      const rows = await db2.db.select().from(auditLog).orderBy(asc(auditLog.id));
      // An anchor claiming rows 1..1 were pruned while row 1 is still there, and without an audit.prune event.
      await db2.db.insert(auditAnchors).values({ throughId: rows[0]!.id, lastHash: rows[0]!.hash, prunedCount: 1, cutoff: new Date(), retentionDays: 180 });
      expect((await verifyAuditChain(db2.db)).brokenAt!.reason).toMatch(/锚点之前仍有记录/);
    } finally {
      await drop2();
    }
  });
});
