import { eq, sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../db/client.ts';
import { settings } from '../db/schema/index.ts';
import type { Env } from '../env.ts';
import { appendAudit } from '../lib/audit.ts';
import {
  DATA_KEYS,
  getPii,
  LEGACY_DATA_KEY,
  loadMasterKey,
  newDataKeyMaterial,
  PII_REFRESH_MS,
  readDataKeys,
  refreshPii,
  unwrapDataKey,
  wrapDataKey,
  type DataKeys,
  type Pii,
} from '../lib/pii.ts';
import { ident, rowsOf } from './tables.ts';

/**
 * Every place that stores values sealed by lib/pii.ts `encrypt`. Keep this list in step with the
 * code (grep `encrypt(`): a value missing here keeps its old key, and the rotation then refuses to
 * retire that key. Columns may be text, text[] or jsonb; in jsonb any string that is a ciphertext
 * is re-sealed wherever it sits (the import staging rows keep them in `data`, `create_values` and `prepared`).
 */
export const ENCRYPTED_LOCATIONS: { table: string; key: { name: string; type: string }[]; columns: string[] }[] = [
  { table: 'talents', key: [{ name: 'id', type: 'uuid' }], columns: ['id_number_enc', 'phones_enc'] },
  {
    table: 'talent_import_rows',
    key: [
      { name: 'import_id', type: 'uuid' },
      { name: 'seq', type: 'integer' },
    ],
    columns: ['raw_enc', 'data', 'create_values', 'prepared'],
  },
  { table: 'user_totp', key: [{ name: 'user_id', type: 'uuid' }], columns: ['secret_enc', 'pending_secret_enc'] },
  { table: 'users', key: [{ name: 'id', type: 'uuid' }], columns: ['phone_enc'] },
  { table: 'portal_accounts', key: [{ name: 'id', type: 'uuid' }], columns: ['phone_enc', 'email_enc'] },
  { table: 'portal_registrations', key: [{ name: 'id', type: 'uuid' }], columns: ['data'] },
  { table: 'portal_changes', key: [{ name: 'id', type: 'uuid' }], columns: ['proposed'] },
  { table: 'hotline_cases', key: [{ name: 'id', type: 'uuid' }], columns: ['caller_phone_enc'] },
];

/** A ciphertext inside JSON text (the same shape as pii.ts CIPHERTEXT_RE). */
const CIPHERTEXT_IN_JSON = /"(v1:(\d+):[A-Za-z0-9+/]{22}==:[A-Za-z0-9+/=]*:[A-Za-z0-9+/]{43}=)"/g;

export interface RotateOptions {
  /** Rows per batch (one transaction each); default 1,000. */
  batchSize?: number;
  /**
   * How long to wait for running servers to re-read the key list (PII_REFRESH_MS plus a margin on
   * PostgreSQL; 0 on the embedded database, which no server can have open meanwhile).
   */
  propagationMs?: number;
  log?: (s: string) => void;
  /** Test hook: called after each committed batch (throwing simulates a crash). */
  afterBatch?: (reencrypted: number) => void | Promise<void>;
  actorName?: string;
}

export interface RotateResult {
  from: number[];
  to: number;
  resumed: boolean;
  reencrypted: number;
}

export function defaultPropagationMs(database: Database): number {
  return database.kind === 'postgres' ? PII_REFRESH_MS + 5_000 : 0;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function lockedKeys(tx: Db, master: Buffer): Promise<DataKeys> {
  await readDataKeys(tx, () => master);
  const [row] = await tx.select().from(settings).where(eq(settings.key, DATA_KEYS)).for('update');
  return row!.value as DataKeys;
}

async function saveKeys(tx: Db, value: DataKeys): Promise<void> {
  await tx.update(settings).set({ value, updatedAt: new Date() }).where(eq(settings.key, DATA_KEYS));
}

/** The JSON text of a row's encrypted columns, in which old-key ciphertexts are searched. */
function encJson(loc: (typeof ENCRYPTED_LOCATIONS)[number]): string {
  return `jsonb_build_object(${loc.columns.map((c) => `'${c}', ${ident(c)}`).join(', ')})::text`;
}

/** Rows of `loc` holding at least one ciphertext under another key than `keyId`. */
function staleWhere(loc: (typeof ENCRYPTED_LOCATIONS)[number], keyId: number): SQL {
  return sql.raw(`${encJson(loc)} ~ '"v1:(?!${keyId}:)[0-9]+:[A-Za-z0-9+/]{22}==:[A-Za-z0-9+/=]*:[A-Za-z0-9+/]{43}="'`);
}

/** How many rows still hold values under other keys than `keyId`, per table. */
export async function countStale(db: Db, keyId: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const loc of ENCRYPTED_LOCATIONS) {
    const [r] = rowsOf<{ n: string }>(await db.execute(sql`select count(*)::text as n from ${sql.raw(ident(loc.table))} where ${staleWhere(loc, keyId)}`));
    out[loc.table] = Number(r!.n);
  }
  return out;
}

function reseal(pii: Pii, json: string, keyId: number): string {
  return json.replace(CIPHERTEXT_IN_JSON, (whole, token: string, kid: string) => (Number(kid) === keyId ? whole : `"${pii.encrypt(pii.decrypt(token))}"`));
}

/** One pass over one table: re-seals stale values in keyset batches, one transaction each. */
async function reencryptTable(db: Db, env: Env, loc: (typeof ENCRYPTED_LOCATIONS)[number], keyId: number, opts: RotateOptions, total: { n: number; loggedAt: number }): Promise<void> {
  const batch = Math.max(1, opts.batchSize ?? 1000);
  const keyCols = loc.key.map((k) => ident(k.name)).join(', ');
  const keyText = loc.key.map((k) => `${ident(k.name)}::text as ${ident(`k_${k.name}`)}`).join(', ');
  let last: string[] | null = null;
  for (;;) {
    const pii = await getPii(db, env);
    const moved = await db.transaction(async (tx) => {
      const after: SQL = last
        ? sql`(${sql.raw(keyCols)}) > (${sql.join(loc.key.map((k, i) => sql`${last![i]}::${sql.raw(k.type)}`), sql`, `)})`
        : sql`true`;
      const rows = rowsOf<Record<string, string>>(
        await tx.execute(sql`
          select ${sql.raw(keyText)}, jsonb_build_object(${sql.raw(loc.key.map((k) => `'${k.name}', ${ident(k.name)}`).join(', '))})::text as k, ${sql.raw(encJson(loc))} as j
          from ${sql.raw(ident(loc.table))}
          where ${after} and ${staleWhere(loc, keyId)}
          order by ${sql.raw(keyCols)}
          limit ${batch}
          for update`),
      );
      if (rows.length === 0) return null;
      // Merge the key and the re-sealed columns into one JSON object per row.
      const values = rows.map((r) => `${r.k!.slice(0, -1)}, ${reseal(pii, r.j!, keyId).slice(1)}`);
      const set = loc.columns.map((c) => `${ident(c)} = v.${ident(c)}`).join(', ');
      const on = loc.key.map((k) => `t.${ident(k.name)} = v.${ident(k.name)}`).join(' and ');
      await tx.execute(
        sql`update ${sql.raw(ident(loc.table))} t set ${sql.raw(set)} from jsonb_populate_recordset(null::${sql.raw(ident(loc.table))}, ${`[${values.join(',')}]`}::jsonb) v where ${sql.raw(on)}`,
      );
      const lastRow = rows[rows.length - 1]!;
      last = loc.key.map((k) => lastRow[`k_${k.name}`]!);
      return rows.length;
    });
    if (moved === null) return;
    total.n += moved;
    if (Date.now() - total.loggedAt > 2000) {
      total.loggedAt = Date.now();
      opts.log?.(`  ${total.n.toLocaleString('en')} rows re-encrypted (${loc.table})`);
    }
    await opts.afterBatch?.(total.n);
  }
}

/**
 * Rotates the data key without downtime:
 *   1. adds key N+1 to the list (decryptable everywhere once servers re-read the list), waits;
 *   2. makes it current (new values are sealed with it), waits;
 *   3. re-seals every value under an older key, in batches, one transaction each;
 *   4. when no value under an older key is left, retires the older keys.
 * A crash anywhere leaves old and new values that both decrypt; running it again resumes (a list
 * with more than one key is an unfinished rotation) instead of starting another.
 */
export async function rotateDataKey(database: Database, env: Env, opts: RotateOptions = {}): Promise<RotateResult> {
  const db = database.db;
  const log = opts.log ?? (() => {});
  const wait = opts.propagationMs ?? defaultPropagationMs(database);
  const master = loadMasterKey(env);

  const start = await db.transaction(async (tx) => {
    const dk = await lockedKeys(tx, master);
    const maxId = Math.max(...dk.keys.map((k) => k.id));
    if (dk.keys.length > 1) return { dk, target: maxId, resumed: true, added: false };
    const current = dk.keys.find((k) => k.id === dk.current)!;
    const id = maxId + 1;
    const entry = { id, wrapped: wrapDataKey(master, id, newDataKeyMaterial(unwrapDataKey(master, current))), createdAt: new Date().toISOString() };
    const next: DataKeys = { current: dk.current, keys: [...dk.keys, entry] };
    await saveKeys(tx, next);
    return { dk: next, target: id, resumed: false, added: true };
  });
  const from = start.dk.keys.map((k) => k.id).filter((id) => id !== start.target);
  const target = start.target;
  log(start.resumed ? `Resuming the unfinished rotation to data key ${target}.` : `New data key ${target} added.`);

  if (start.dk.current !== target) {
    if (wait > 0) {
      log(`Waiting ${Math.round(wait / 1000)} s for running servers to learn key ${target}…`);
      await sleep(wait);
    }
    await db.transaction(async (tx) => {
      const dk = await lockedKeys(tx, master);
      await saveKeys(tx, { ...dk, current: target });
    });
    await refreshPii(db, env);
    if (wait > 0) {
      log(`Data key ${target} is current; waiting ${Math.round(wait / 1000)} s for running servers to switch to it…`);
      await sleep(wait);
    }
  } else {
    await refreshPii(db, env);
  }

  const total = { n: 0, loggedAt: Date.now() };
  for (let pass = 1; ; pass++) {
    for (const loc of ENCRYPTED_LOCATIONS) await reencryptTable(db, env, loc, target, opts, total);
    const stale = await countStale(db, target);
    const left = Object.values(stale).reduce((a, b) => a + b, 0);
    if (left === 0) break;
    // Values written with an older key while the pass ran (a server that had not switched yet).
    if (pass >= 3) {
      throw new Error(
        `${left} values are still being written under an older data key (${JSON.stringify(stale)}); make sure every server runs this version, then run \`fenggui keys rotate\` again to finish.`,
      );
    }
  }

  await db.transaction(async (tx) => {
    const dk = await lockedKeys(tx, master);
    await saveKeys(tx, { current: target, keys: dk.keys.filter((k) => k.id === target) });
    await tx.delete(settings).where(eq(settings.key, LEGACY_DATA_KEY));
    await appendAudit(tx, {
      action: 'system.keys.rotate',
      actorName: opts.actorName ?? 'cli',
      targetType: 'data_key',
      targetId: String(target),
      detail: { from, to: target, reencrypted: total.n, resumed: start.resumed },
    });
  });
  await refreshPii(db, env);
  log(`Data key ${target} is the only key; key${from.length > 1 ? 's' : ''} ${from.join(', ')} retired.`);
  return { from, to: target, resumed: start.resumed, reencrypted: total.n };
}
