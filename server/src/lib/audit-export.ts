import { and, asc, gt, gte, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { auditLog } from '../db/schema/index.ts';
import { appendAudit, CHAIN_COLUMNS } from './audit.ts';

export interface ExportRange {
  /** Rows at or after this time. */
  since?: Date;
  /** Rows before this time. */
  until?: Date;
}

export interface ExportResult {
  count: number;
  firstId: number | null;
  lastId: number | null;
}

/**
 * Writes the audit rows of a time range, in chain (id) order, as NDJSON — one JSON object a line:
 * `{id, at, actorId, actorName, action, outcome, targetType, targetId, ip, detail, prevHash, hash}`,
 * for shipping to a separate log system. The receiver verifies each line without our code:
 * `hash = SM3(prevHash + "\n" + canonicalJson({at, actorId, actorName, action, outcome, targetType,
 * targetId, ip, detail}))` (keys sorted at every level, no spaces; see canonicalJson), and each
 * line's prevHash is the hash of the line before (across exports: the last hash it holds).
 * Reads in id batches, so memory stays flat; `write` may return a promise for back-pressure.
 * The export is itself audited (`audit.export`, after the last line).
 */
export async function exportAuditLog(
  db: Db,
  range: ExportRange,
  write: (line: string) => unknown,
  actor: { id: string | null; name: string; ip: string | null },
  batchSize = 2000,
): Promise<ExportResult> {
  const cond: SQL[] = [];
  if (range.since) cond.push(gte(auditLog.at, range.since.toISOString()));
  if (range.until) cond.push(lt(auditLog.at, range.until.toISOString()));
  let lastId = 0;
  let count = 0;
  let firstId: number | null = null;
  for (;;) {
    const rows = await db
      .select(CHAIN_COLUMNS)
      .from(auditLog)
      .where(and(gt(auditLog.id, lastId), ...cond))
      .orderBy(asc(auditLog.id))
      .limit(batchSize);
    if (!rows.length) break;
    for (const r of rows) {
      await write(`${JSON.stringify(r)}\n`);
      firstId ??= r.id;
      lastId = r.id;
      count++;
    }
  }
  await appendAudit(db, {
    action: 'audit.export',
    actorId: actor.id,
    actorName: actor.name,
    ip: actor.ip,
    detail: { since: range.since?.toISOString() ?? null, until: range.until?.toISOString() ?? null, count, firstId, lastId: count ? lastId : null },
  });
  return { count, firstId, lastId: count ? lastId : null };
}
