import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { freshDatabase } from '../test/harness.ts';
import { appendAudit, canonicalJson, GENESIS_HASH } from './audit.ts';
import { exportAuditLog } from './audit-export.ts';

/** `fenggui audit export`: NDJSON a receiver can verify on its own. */
let database: Database;
let drop: () => Promise<void>;
const actor = { id: null, name: 'cli', ip: null };

async function exportLines(range: { since?: Date; until?: Date } = {}) {
  const out: string[] = [];
  const r = await exportAuditLog(database.db, range, (l) => out.push(l), actor, 3);
  return { r, lines: out, rows: out.map((l) => JSON.parse(l) as Record<string, unknown> & { id: number; hash: string; prevHash: string }) };
}

/** What a receiving system does, with nothing but Node's SM3 and the documented formula. */
function receiverVerifies(rows: { hash: string; prevHash: string }[], startHash: string): boolean {
  let prev = startHash;
  for (const row of rows) {
    const { id: _id, hash, prevHash, ...fields } = row as Record<string, unknown> & { hash: string; prevHash: string };
    if (prevHash !== prev) return false;
    if (createHash('sm3').update(`${prevHash}\n${canonicalJson(fields)}`).digest('hex') !== hash) return false;
    prev = hash;
  }
  return true;
}

let middle: Date;
beforeAll(async () => {
  ({ database, drop } = await freshDatabase());
  for (let i = 0; i < 4; i++) await appendAudit(database.db, { action: `a.${i}`, actorName: '张三', detail: { i, nested: { z: 1, a: ['二', null] } } });
  await new Promise((r) => setTimeout(r, 20));
  middle = new Date();
  await new Promise((r) => setTimeout(r, 20));
  for (let i = 0; i < 3; i++) await appendAudit(database.db, { action: `b.${i}`, targetType: 'talent', targetId: `t${i}`, ip: '10.0.0.1' });
});
afterAll(() => drop());

describe('audit export (NDJSON)', () => {
  it('writes every row, one JSON object a line, with hash and prevHash, in chain order', async () => {
    const { r, lines, rows } = await exportLines();
    expect(r.count).toBe(7);
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    expect(rows.map((x) => x.action)).toEqual(['a.0', 'a.1', 'a.2', 'a.3', 'b.0', 'b.1', 'b.2']);
    expect(Object.keys(rows[0]!).sort()).toEqual(['action', 'actorId', 'actorName', 'at', 'detail', 'hash', 'id', 'ip', 'outcome', 'prevHash', 'targetId', 'targetType']);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    expect(receiverVerifies(rows, GENESIS_HASH)).toBe(true);
  });

  it('a receiver finds a line changed in transit', async () => {
    const { rows } = await exportLines();
    const tampered = rows.map((x) => ({ ...x }));
    tampered[2]!.actorName = '李四';
    expect(receiverVerifies(tampered, GENESIS_HASH)).toBe(false);
    expect(receiverVerifies(rows.filter((_, i) => i !== 3), GENESIS_HASH)).toBe(false);
  });

  it('--since / --until select a time range; the range links to what the receiver already holds', async () => {
    const all = (await exportLines()).rows;
    const later = await exportLines({ since: middle });
    // b.* and the audit.export events of the earlier calls in this file.
    expect(later.rows.slice(0, 3).map((x) => x.action)).toEqual(['b.0', 'b.1', 'b.2']);
    expect(later.rows.slice(3).every((x) => x.action === 'audit.export')).toBe(true);
    const earlier = await exportLines({ until: middle });
    expect(earlier.rows.map((x) => x.action)).toEqual(['a.0', 'a.1', 'a.2', 'a.3']);
    // The later part verifies from the last hash of the earlier part.
    expect(receiverVerifies(later.rows, earlier.rows.at(-1)!.hash)).toBe(true);
    expect(all[4]!.prevHash).toBe(all[3]!.hash);
  });

  it('is itself audited with the range and the count', async () => {
    const { r } = await exportLines({ until: middle });
    const { rows } = await exportLines();
    const ev = rows.filter((x) => x.action === 'audit.export').at(-1)!;
    expect(ev).toMatchObject({ actorName: 'cli', detail: { since: null, until: middle.toISOString(), count: r.count, firstId: r.firstId, lastId: r.lastId } });
  });
});
