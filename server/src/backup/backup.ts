import fs from 'node:fs';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { Env } from '../env.ts';
import { appendAudit } from '../lib/audit.ts';
import { VERSION } from '../version.ts';
import { backupKeyOf, checksumLine, encodeBackup, FORMAT, type BackupHeader, type BackupTable } from './format.ts';
import { appliedMigrations, countRows, ident, listTables, rowsOf } from './tables.ts';

export interface BackupOptions {
  /** Rows fetched per round trip (and held in memory at once); default 1,000. */
  batchSize?: number;
  /** Test hook: called inside the snapshot before each table is read. */
  beforeTable?: (name: string) => Promise<void>;
}

export interface BackupResult {
  header: BackupHeader;
  sha256: string;
  bytes: number;
}

/**
 * Writes an encrypted backup of every table to `out` (see format.ts). All tables are read inside
 * one REPEATABLE READ, READ ONLY transaction, so the backup is one consistent snapshot even while
 * servers keep writing (PostgreSQL); each table streams through a cursor in batches.
 */
export async function writeBackup(database: Database, env: Env, out: Writable, opts: BackupOptions = {}): Promise<BackupResult> {
  const keyInfo = backupKeyOf(env);
  const batch = Math.max(1, opts.batchSize ?? 1000);
  return database.db.transaction(
    async (tx) => {
      const tables = await listTables(tx);
      const counted: BackupTable[] = [];
      for (const t of tables) counted.push({ ...t, rows: await countRows(tx, t.name) });
      const header: BackupHeader = {
        fenggui: 'backup',
        format: FORMAT,
        createdAt: new Date().toISOString(),
        version: VERSION,
        database: database.kind,
        migrations: await appliedMigrations(tx),
        tables: counted,
        totalRows: counted.reduce((n, t) => n + t.rows, 0),
      };
      async function* plain(): AsyncGenerator<Buffer> {
        yield Buffer.from(`${JSON.stringify(header)}\n`);
        for (const t of counted) {
          await opts.beforeTable?.(t.name);
          await tx.execute(sql.raw(`declare fg_backup_cursor no scroll cursor for select to_jsonb("fg_row")::text as j from ${ident(t.name)} "fg_row"`));
          let n = 0;
          for (;;) {
            const rows = rowsOf<{ j: string }>(await tx.execute(sql.raw(`fetch forward ${batch} from fg_backup_cursor`)));
            if (rows.length === 0) break;
            n += rows.length;
            yield Buffer.from(rows.map((r) => `${t.name}\t${r.j}\n`).join(''));
          }
          await tx.execute(sql.raw('close fg_backup_cursor'));
          if (n !== t.rows) throw new Error(`${t.name}: read ${n} rows, counted ${t.rows} in the same snapshot`);
        }
        yield Buffer.from(`#end\t${JSON.stringify({ rows: header.totalRows })}\n`);
      }
      const written = await encodeBackup(Readable.from(plain()), keyInfo, out);
      return { header, ...written };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

export interface BackupFileResult extends BackupResult {
  file: string;
  sumFile: string;
}

/** A default file name: fenggui-backup-20260101-030000.fgbak in the current directory. */
export function defaultBackupFile(now = new Date()): string {
  const ts = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return path.resolve(`fenggui-backup-${ts}.fgbak`);
}

/**
 * Backs up into `file` (never overwriting one): written as `<file>.partial`, flushed to disk,
 * renamed, then `<file>.sum` (sha256sum format) beside it, and a `system.backup` audit event.
 */
export async function backupToFile(database: Database, env: Env, file: string, opts: BackupOptions & { actorName?: string } = {}): Promise<BackupFileResult> {
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new Error(`${target} already exists; choose another --out.`);
  const partial = `${target}.partial`;
  const out = fs.createWriteStream(partial, { flags: 'wx', mode: 0o600 });
  let result: BackupResult;
  try {
    result = await writeBackup(database, env, out, opts);
    const fd = fs.openSync(partial, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    out.destroy();
    fs.rmSync(partial, { force: true });
    throw err;
  }
  fs.renameSync(partial, target);
  const sumFile = `${target}.sum`;
  fs.writeFileSync(sumFile, checksumLine(result.sha256, path.basename(target)), { mode: 0o600 });
  await appendAudit(database.db, {
    action: 'system.backup',
    actorName: opts.actorName ?? 'cli',
    targetType: 'backup',
    targetId: path.basename(target),
    detail: {
      sha256: result.sha256,
      bytes: result.bytes,
      createdAt: result.header.createdAt,
      rows: result.header.totalRows,
      tables: Object.fromEntries(result.header.tables.map((t) => [t.name, t.rows])),
    },
  });
  return { ...result, file: target, sumFile };
}
