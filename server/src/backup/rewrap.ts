import crypto from 'node:crypto';
import fs from 'node:fs';
import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { settings } from '../db/schema/index.ts';
import type { Env } from '../env.ts';
import { appendAudit } from '../lib/audit.ts';
import {
  DATA_KEYS,
  finishMasterKeySwap,
  LEGACY_DATA_KEY,
  loadMasterKey,
  masterKeyFile,
  masterKeySource,
  parseKeyHex,
  readDataKeys,
  unwrapDataKey,
  wrapDataKey,
  type DataKeyEntry,
  type DataKeys,
} from '../lib/pii.ts';

/** The new master key: MASTER_KEY_NEW(_FILE), or a random one for the embedded key file. */
export function newMasterKeyOf(env: Env): { key: Buffer; generated: boolean } {
  if (env.MASTER_KEY_NEW) return { key: parseKeyHex(env.MASTER_KEY_NEW, 'MASTER_KEY_NEW'), generated: false };
  if (env.MASTER_KEY_NEW_FILE) return { key: parseKeyHex(fs.readFileSync(env.MASTER_KEY_NEW_FILE, 'utf8'), `MASTER_KEY_NEW_FILE ${env.MASTER_KEY_NEW_FILE}`), generated: false };
  if (masterKeySource(env) === 'embedded') return { key: crypto.randomBytes(32), generated: true };
  throw new Error('Set MASTER_KEY_NEW (or MASTER_KEY_NEW_FILE) to the new master key: 64 hex characters, e.g. from `openssl rand -hex 32`.');
}

export interface RewrapResult {
  keys: number[];
  /** Embedded mode: the key file now holding the new key, and where the old one was kept. */
  keyFile: string | null;
  retiredKeyFile: string | null;
}

/**
 * Re-wraps every data key under a new master key, in one transaction (the data itself is not
 * touched: only the wrapped keys in settings change). Running servers keep their unwrapped keys in
 * memory and go on working; they must be given the new key before they restart.
 * Embedded mode: the new key is written to `master.key.new` before the commit and renamed over
 * `master.key` after it (an interruption in between is finished at the next start, see pii.ts).
 */
export async function rotateMasterKey(database: Database, env: Env, opts: { actorName?: string; newKey?: Buffer } = {}): Promise<RewrapResult> {
  const oldKey = loadMasterKey(env, { create: false });
  const newKey = opts.newKey ?? newMasterKeyOf(env).key;
  if (newKey.equals(oldKey)) throw new Error('The new master key is the current one.');
  const embedded = masterKeySource(env) === 'embedded';
  const pending = `${masterKeyFile(env)}.new`;
  if (embedded) fs.writeFileSync(pending, newKey.toString('hex'), { mode: 0o600 });
  let ids: number[];
  try {
    ids = await database.db.transaction(async (tx) => {
      await readDataKeys(tx, () => oldKey);
      const rows = await tx.select().from(settings).where(inArray(settings.key, [DATA_KEYS, LEGACY_DATA_KEY])).for('update');
      const rewrap = (e: DataKeyEntry): DataKeyEntry => ({ ...e, wrapped: wrapDataKey(newKey, e.id, unwrapDataKey(oldKey, e)) });
      const out = new Set<number>();
      for (const row of rows) {
        let value: DataKeys | DataKeyEntry;
        if (row.key === DATA_KEYS) {
          const dk = row.value as DataKeys;
          value = { ...dk, keys: dk.keys.map(rewrap) };
          dk.keys.forEach((k) => out.add(k.id));
        } else {
          value = rewrap(row.value as DataKeyEntry);
        }
        await tx.update(settings).set({ value, updatedAt: new Date() }).where(eq(settings.key, row.key));
      }
      await appendAudit(tx, { action: 'system.keys.rewrap', actorName: opts.actorName ?? 'cli', targetType: 'master_key', detail: { dataKeys: [...out] } });
      return [...out];
    });
  } catch (err) {
    if (embedded) fs.rmSync(pending, { force: true });
    throw err;
  }
  if (!embedded) return { keys: ids, keyFile: null, retiredKeyFile: null };
  const { retired } = finishMasterKeySwap(env);
  return { keys: ids, keyFile: masterKeyFile(env), retiredKeyFile: retired };
}
