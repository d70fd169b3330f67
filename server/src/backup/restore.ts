import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { inArray, sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client.ts';
import { settings } from '../db/schema/index.ts';
import type { Env } from '../env.ts';
import { appendAudit } from '../lib/audit.ts';
import { DATA_KEYS, forgetPii, LEGACY_DATA_KEY, loadMasterKey, unwrapDataKey, type DataKeyEntry, type DataKeys } from '../lib/pii.ts';
import { backupLines, BackupError, verifyBackupMac, type BackupHeader, type Preamble } from './format.ts';
import { codeMigrations, ident, listTables, resetSequences, rowsOf } from './tables.ts';

/** Opens the backup for one pass; restore reads it more than once (verify, then load). */
export type BackupSource = () => Readable;

export const fileSource = (file: string): BackupSource => () => fs.createReadStream(file);

export interface VerifiedBackup {
  preamble: Preamble;
  header: BackupHeader;
  sha256: string;
}

/** The `.sum` beside a backup file, when there is one: its checksum must match. */
export function checkSidecar(file: string, sha256: string): 'ok' | 'missing' {
  const sum = `${file}.sum`;
  if (!fs.existsSync(sum)) return 'missing';
  const expected = fs.readFileSync(sum, 'utf8').trim().split(/\s+/)[0];
  if (expected !== sha256) throw new BackupError(`The checksum of ${path.basename(file)} does not match ${path.basename(sum)}: the file was modified or damaged.`);
  return 'ok';
}

async function readHeader(source: BackupSource, env: Env): Promise<BackupHeader> {
  const { lines } = backupLines(source(), env);
  const first = await lines.next();
  await lines.return(undefined);
  if (first.done) throw new BackupError('The backup file is empty.');
  const header = JSON.parse(first.value) as BackupHeader;
  if (header.fenggui !== 'backup') throw new BackupError('Not a Fenggui backup file (no header).');
  return header;
}

/**
 * Checks a backup without touching any database: first the key and the MAC over the whole file
 * (nothing is decrypted before that passes), then, with `full`, decrypts it and checks every
 * table's row count and the end marker.
 */
export async function verifyBackup(source: BackupSource, env: Env, opts: { full?: boolean } = {}): Promise<VerifiedBackup> {
  const { preamble, sha256 } = await verifyBackupMac(source(), env);
  if (!opts.full) return { preamble, sha256, header: await readHeader(source, env) };
  const { lines, done } = backupLines(source(), env);
  let header: BackupHeader | undefined;
  const counts = new Map<string, number>();
  let end: number | undefined;
  for await (const line of lines) {
    if (!header) {
      header = JSON.parse(line) as BackupHeader;
      continue;
    }
    if (line.startsWith('#end\t')) end = (JSON.parse(line.slice(5)) as { rows: number }).rows;
    else {
      const table = line.slice(0, line.indexOf('\t'));
      counts.set(table, (counts.get(table) ?? 0) + 1);
    }
  }
  done();
  if (!header || end === undefined) throw new BackupError('The backup file is incomplete (no end marker).');
  for (const t of header.tables) {
    if ((counts.get(t.name) ?? 0) !== t.rows) throw new BackupError(`The backup holds ${counts.get(t.name) ?? 0} rows of ${t.name}, its header says ${t.rows}.`);
  }
  return { preamble, header, sha256 };
}

/** Refuses a backup whose schema history this version does not continue. */
export function checkMigrations(header: BackupHeader): void {
  const code = codeMigrations(header.migrations.count);
  if (header.migrations.count > code.total) {
    throw new BackupError(
      `This backup comes from a newer version of Fenggui (${header.version}, ${header.migrations.count} schema migrations; this version has ${code.total}). Restore it with that version or a later one.`,
    );
  }
  if (code.digest !== header.migrations.digest) {
    throw new BackupError('The schema migrations recorded in this backup differ from this version’s; restore it with the version that made it.');
  }
}

/** The tables that already hold rows. */
async function nonEmptyTables(db: Db): Promise<string[]> {
  const out: string[] = [];
  for (const t of await listTables(db)) {
    const [r] = rowsOf<{ any: boolean }>(await db.execute(sql.raw(`select exists (select 1 from ${ident(t.name)}) as any`)));
    if (r?.any) out.push(t.name);
  }
  return out;
}

/** The restored data keys must open with this installation's master key, or PII would be lost. */
async function checkDataKeys(db: Db, env: Env): Promise<number> {
  const rows = await db.select().from(settings).where(inArray(settings.key, [DATA_KEYS, LEGACY_DATA_KEY]));
  const entries: DataKeyEntry[] = rows.flatMap((r) => (r.key === DATA_KEYS ? (r.value as DataKeys).keys : [r.value as DataKeyEntry]));
  if (entries.length === 0) return 0;
  let master: Buffer;
  try {
    master = loadMasterKey(env, { create: false });
  } catch (err) {
    throw new BackupError(`${(err as Error).message} The backup's personal data is encrypted under the master key of the installation it came from.`);
  }
  for (const e of entries) {
    try {
      unwrapDataKey(master, e);
    } catch {
      throw new BackupError(
        'The master key of this installation does not open the data keys in the backup, so ID numbers and phones would be unreadable. Set MASTER_KEY / MASTER_KEY_FILE (or DATA_DIR/master.key) to the master key of the installation the backup came from. Nothing was restored.',
      );
    }
  }
  return entries.length;
}

export interface RestoreOptions {
  /** Rows per INSERT; default 1,000 (and at most ~8 MB of row text). */
  batchSize?: number;
  actorName?: string;
  log?: (s: string) => void;
  /** The result of a verifyBackup the caller just ran (skips a second MAC pass before loading). */
  verified?: VerifiedBackup;
}

export interface RestoreResult {
  header: BackupHeader;
  sha256: string;
  tables: { name: string; rows: number }[];
  totalRows: number;
}

/**
 * Restores a backup into an EMPTY database: verifies the key and MAC first, migrates the schema,
 * refuses when any table has rows, then inserts every row in foreign-key order, in batches, inside
 * ONE transaction (a failure — including a MAC mismatch noticed while loading — leaves the database
 * empty), resets the sequences, and records `system.restore` in the (restored) audit chain.
 */
export async function restoreBackup(database: Database, env: Env, source: BackupSource, opts: RestoreOptions = {}): Promise<RestoreResult> {
  const log = opts.log ?? (() => {});
  const batchRows = Math.max(1, opts.batchSize ?? 1000);
  const batchBytes = 8 * 1024 * 1024;

  const verified = opts.verified ?? (await verifyBackup(source, env));
  log(`Backup verified (HMAC-SM3): made ${verified.header.createdAt} by Fenggui ${verified.header.version}, ${verified.header.totalRows.toLocaleString('en')} rows.`);
  checkMigrations(verified.header);
  await database.migrate();

  const db = database.db;
  const result = await db.transaction(async (tx) => {
    const busy = await nonEmptyTables(tx);
    if (busy.length) {
      throw new BackupError(
        `The database is not empty (rows in: ${busy.join(', ')}). Restore only into an empty database: a new PostgreSQL database or a new DATA_DIR, before any server has started on it.`,
      );
    }
    const target = new Map((await listTables(tx)).map((t) => [t.name, t]));
    const columnsOf = new Map<string, string>();
    for (const t of verified.header.tables) {
      const have = target.get(t.name);
      if (!have) throw new BackupError(`The backup has a table ${t.name} that this version’s schema does not; restore it with the version that made it.`);
      const lost = t.columns.filter((c) => !have.columns.includes(c));
      if (lost.length) throw new BackupError(`Columns ${lost.map((c) => `${t.name}.${c}`).join(', ')} of the backup do not exist in this version’s schema.`);
      // Columns added by later migrations are left to their defaults.
      columnsOf.set(t.name, t.columns.map(ident).join(', '));
    }
    await tx.execute(sql`set constraints all deferred`);

    const counts = new Map<string, number>();
    let table = '';
    let buf: string[] = [];
    let bytes = 0;
    const flush = async () => {
      if (!buf.length) return;
      const cols = columnsOf.get(table);
      if (!cols) throw new BackupError(`Rows of ${table}, which the backup header does not list.`);
      const t = ident(table);
      await tx.execute(
        sql`insert into ${sql.raw(t)} (${sql.raw(cols)}) overriding system value select ${sql.raw(cols)} from jsonb_populate_recordset(null::${sql.raw(t)}, ${`[${buf.join(',')}]`}::jsonb)`,
      );
      counts.set(table, (counts.get(table) ?? 0) + buf.length);
      buf = [];
      bytes = 0;
    };

    const { lines, done } = backupLines(source(), env);
    let first = true;
    let ended = false;
    for await (const line of lines) {
      if (first) {
        first = false;
        if ((JSON.parse(line) as BackupHeader).createdAt !== verified.header.createdAt) throw new BackupError('The backup file changed during the restore.');
        continue;
      }
      if (line.startsWith('#end\t')) {
        ended = true;
        continue;
      }
      const tab = line.indexOf('\t');
      const name = line.slice(0, tab);
      if (name !== table) {
        await flush();
        table = name;
        log(`  ${name}…`);
      }
      const row = line.slice(tab + 1);
      buf.push(row);
      bytes += row.length;
      if (buf.length >= batchRows || bytes >= batchBytes) await flush();
    }
    await flush();
    const { sha256 } = done(); // the MAC was checked again at the end of the stream
    if (!ended) throw new BackupError('The backup file is incomplete (no end marker).');
    if (sha256 !== verified.sha256) throw new BackupError('The backup file changed during the restore.');
    for (const t of verified.header.tables) {
      if ((counts.get(t.name) ?? 0) !== t.rows) throw new BackupError(`Restored ${counts.get(t.name) ?? 0} rows of ${t.name}, the backup header says ${t.rows}.`);
    }
    await tx.execute(sql`set constraints all immediate`);
    await resetSequences(tx);
    await checkDataKeys(tx, env);
    const tables = verified.header.tables.map((t) => ({ name: t.name, rows: t.rows }));
    await appendAudit(tx, {
      action: 'system.restore',
      actorName: opts.actorName ?? 'cli',
      targetType: 'backup',
      detail: { createdAt: verified.header.createdAt, sha256: verified.sha256, version: verified.header.version, rows: verified.header.totalRows },
    });
    return { header: verified.header, sha256: verified.sha256, tables, totalRows: verified.header.totalRows };
  });
  forgetPii(db);
  return result;
}
