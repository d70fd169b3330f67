import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { appendAudit, verifyAuditChain } from './audit.ts';

/** The shortest retention the law allows (网络安全法 §21, 等保 §8.1.4.3: at least six months). */
export const MIN_AUDIT_RETENTION_DAYS = 180;

export interface PruneResult {
  pruned: number;
  /** Id and hash of the last pruned row (the anchor), null when nothing was old enough. */
  throughId: number | null;
  anchorHash: string | null;
  cutoff: string;
}

/**
 * Removes the audit rows older than `retentionDays` (at least 180) through the one controlled path,
 * the database function `audit_log_prune` (migration 0015): it deletes only a prefix of the chain,
 * never a row younger than 180 days (the trigger checks that too), and records an anchor with the
 * last pruned row's hash so the rest still verifies. Refuses to run on a broken chain (pruning would
 * destroy the evidence). The prune is itself audited (`audit.prune`, same transaction), and its
 * detail names the anchor, which `verifyAuditChain` requires.
 */
export async function pruneAuditLog(db: Db, retentionDays: number, actor: { id: string | null; name: string; ip: string | null }): Promise<PruneResult> {
  if (!Number.isInteger(retentionDays) || retentionDays < MIN_AUDIT_RETENTION_DAYS) {
    throw new Error(`Audit retention must be at least ${MIN_AUDIT_RETENTION_DAYS} days (got ${retentionDays}).`);
  }
  const check = await verifyAuditChain(db);
  if (!check.ok) {
    throw new Error(`The audit chain is broken at row id=${check.brokenAt!.id} (${check.brokenAt!.reason}); nothing was pruned. Investigate first.`);
  }
  return db.transaction(async (tx) => {
    const res = await tx.execute(sql`select pruned, through_id, last_hash, to_char(cutoff at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as cutoff from audit_log_prune(${retentionDays}, ${actor.name})`);
    const row = (res as unknown as { rows: { pruned: string | number; through_id: string | number | null; last_hash: string | null; cutoff: string }[] }).rows[0]!;
    const result: PruneResult = {
      pruned: Number(row.pruned),
      throughId: row.through_id === null ? null : Number(row.through_id),
      anchorHash: row.last_hash,
      cutoff: row.cutoff,
    };
    await appendAudit(tx, {
      action: 'audit.prune',
      actorId: actor.id,
      actorName: actor.name,
      ip: actor.ip,
      detail: { retentionDays, cutoff: result.cutoff, pruned: result.pruned, throughId: result.throughId, anchorHash: result.anchorHash },
    });
    return result;
  });
}
