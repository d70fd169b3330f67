import { asc, desc, gt, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { auditAnchors, auditLog } from '../db/schema/index.ts';
import { sm3 } from './crypto.ts';

export const GENESIS_HASH = '0'.repeat(64);
/** Arbitrary constant key for the advisory lock that serialises appends across processes. */
const AUDIT_LOCK_KEY = 42_0626;

export interface AuditEvent {
  actorId?: string | null;
  actorName?: string | null;
  action: string;
  outcome?: 'success' | 'failure' | 'denied';
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

interface ChainFields {
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  outcome: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  detail: unknown;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function chainHash(prevHash: string, f: ChainFields): string {
  return sm3(`${prevHash}\n${canonicalJson(f)}`);
}

/**
 * Appends one event, chained to the previous row. Runs inside the caller's transaction when given
 * one (a savepoint), so a business change and its audit entry commit or roll back together.
 */
export async function appendAudit(db: Db, ev: AuditEvent): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
    const last = await tx
      .select({ hash: auditLog.hash })
      .from(auditLog)
      .orderBy(sql`${auditLog.id} desc`)
      .limit(1);
    const prevHash = last[0]?.hash ?? GENESIS_HASH;
    const fields: ChainFields = {
      at: new Date().toISOString(),
      actorId: ev.actorId ?? null,
      actorName: ev.actorName ?? null,
      action: ev.action,
      outcome: ev.outcome ?? 'success',
      targetType: ev.targetType ?? null,
      targetId: ev.targetId ?? null,
      ip: ev.ip ?? null,
      detail: JSON.parse(JSON.stringify(ev.detail ?? {})),
    };
    await tx.insert(auditLog).values({
      ...fields,
      detail: fields.detail as Record<string, unknown>,
      prevHash,
      hash: chainHash(prevHash, fields),
    });
  });
}

/**
 * A row as it was hashed: `at` in the exact text appendAudit used (UTC, milliseconds), plus the
 * links. Shared by verify and export (audit-export.ts), so both see what the hash covers.
 */
export const CHAIN_COLUMNS = {
  id: auditLog.id,
  at: sql<string>`to_char(${auditLog.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  actorId: auditLog.actorId,
  actorName: auditLog.actorName,
  action: auditLog.action,
  outcome: auditLog.outcome,
  targetType: auditLog.targetType,
  targetId: auditLog.targetId,
  ip: auditLog.ip,
  detail: auditLog.detail,
  prevHash: auditLog.prevHash,
  hash: auditLog.hash,
};

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** The first row whose link or content does not match. */
  brokenAt?: { id: number; reason: string };
}

/**
 * Walks the whole chain in id order, in batches, and reports the first broken link. After a prune
 * (audit-retention.ts) the chain starts at the newest anchor: the first remaining row must link to
 * the anchor's hash, no row at or before the anchor may remain, and the chain must hold the
 * `audit.prune` event that names the anchor (so an anchor cannot be slipped in unnoticed).
 */
export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<VerifyResult> {
  const [anchor] = await db.select().from(auditAnchors).orderBy(desc(auditAnchors.id)).limit(1);
  let prevHash = anchor?.lastHash ?? GENESIS_HASH;
  let lastId = anchor?.throughId ?? 0;
  let checked = 0;
  let anchorEvent = !anchor;
  if (anchor) {
    const [stale] = await db.select({ id: auditLog.id }).from(auditLog).where(lte(auditLog.id, anchor.throughId)).orderBy(asc(auditLog.id)).limit(1);
    if (stale) return { ok: false, checked, brokenAt: { id: stale.id, reason: '裁剪锚点之前仍有记录（锚点不可信）' } };
  }
  for (;;) {
    const rows = await db
      .select(CHAIN_COLUMNS)
      .from(auditLog)
      .where(gt(auditLog.id, lastId))
      .orderBy(asc(auditLog.id))
      .limit(batchSize);
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.prevHash !== prevHash) {
        return { ok: false, checked, brokenAt: { id: r.id, reason: '与上一条记录的链接不符（记录被删除或插入）' } };
      }
      const { id: _id, prevHash: _p, hash, ...fields } = r;
      if (chainHash(prevHash, fields) !== hash) {
        return { ok: false, checked, brokenAt: { id: r.id, reason: '记录内容与其哈希不符（记录被修改）' } };
      }
      if (!anchorEvent && r.action === 'audit.prune') {
        const d = r.detail as { throughId?: number; anchorHash?: string };
        anchorEvent = d.throughId === anchor!.throughId && d.anchorHash === anchor!.lastHash;
      }
      prevHash = hash;
      lastId = r.id;
      checked++;
    }
  }
  if (!anchorEvent) return { ok: false, checked, brokenAt: { id: anchor!.throughId, reason: '裁剪锚点没有对应的 audit.prune 审计记录（锚点不可信）' } };
  return { ok: true, checked };
}
