import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { MIGRATIONS_DIR, type Db } from '../db/client.ts';

/** Schema introspection for backup and restore: works the same on PGlite and PostgreSQL. */

export interface TableInfo {
  name: string;
  /** Stored (non-generated) columns in table order. */
  columns: string[];
}

/** The rows of a raw `db.execute` (both drivers return `{ rows }`). */
export function rowsOf<T>(res: unknown): T[] {
  return (res as { rows: T[] }).rows;
}

/** A quoted SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Tables kept by triggers from other tables: not backed up, since restoring their source rows
 * fills them again (backing them up as well would count everything twice).
 */
export const DERIVED_TABLES = new Set(['talent_facet_deltas']);

/**
 * The base tables of the public schema (drizzle's migration bookkeeping lives in the `drizzle`
 * schema and is recreated by migrating), in foreign-key order: a table comes after the tables it
 * references, so rows can be inserted in that order. Ties and cycles are broken by name.
 */
export async function listTables(db: Db): Promise<TableInfo[]> {
  const cols = rowsOf<{ table_name: string; column_name: string }>(
    await db.execute(sql`
      select c.table_name, c.column_name
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.is_generated = 'NEVER'
      order by c.table_name, c.ordinal_position`),
  );
  const byName = new Map<string, TableInfo>();
  for (const c of cols) {
    if (DERIVED_TABLES.has(c.table_name)) continue;
    let t = byName.get(c.table_name);
    if (!t) byName.set(c.table_name, (t = { name: c.table_name, columns: [] }));
    t.columns.push(c.column_name);
  }
  const fks = rowsOf<{ child: string; parent: string }>(
    await db.execute(sql`
      select ch.relname as child, pa.relname as parent
      from pg_constraint c
      join pg_class ch on ch.oid = c.conrelid
      join pg_class pa on pa.oid = c.confrelid
      join pg_namespace n on n.oid = ch.relnamespace
      where c.contype = 'f' and n.nspname = 'public'`),
  );
  const parents = new Map<string, Set<string>>([...byName.keys()].map((n) => [n, new Set<string>()]));
  for (const fk of fks) if (fk.child !== fk.parent && byName.has(fk.parent)) parents.get(fk.child)?.add(fk.parent);
  const order: TableInfo[] = [];
  const done = new Set<string>();
  const names = [...byName.keys()].sort();
  while (done.size < names.length) {
    const ready = names.filter((n) => !done.has(n) && [...parents.get(n)!].every((p) => done.has(p)));
    // A cycle: take the first remaining table (restore defers what constraints allow deferring).
    for (const n of ready.length ? ready : [names.find((x) => !done.has(x))!]) {
      done.add(n);
      order.push(byName.get(n)!);
    }
  }
  return order;
}

export async function countRows(db: Db, table: string): Promise<number> {
  const [r] = rowsOf<{ n: string }>(await db.execute(sql.raw(`select count(*)::text as n from ${ident(table)}`)));
  return Number(r!.n);
}

/** Sets every serial/identity sequence of the public schema to the largest value in its column. */
export async function resetSequences(db: Db): Promise<number> {
  const seqs = rowsOf<{ table_name: string; column_name: string; seq: string | null }>(
    await db.execute(sql`
      select c.table_name, c.column_name,
             pg_get_serial_sequence(format('%I.%I', c.table_schema, c.table_name), c.column_name) as seq
      from information_schema.columns c
      where c.table_schema = 'public' and (c.column_default like 'nextval(%' or c.is_identity = 'YES')`),
  );
  let n = 0;
  for (const s of seqs) {
    if (!s.seq) continue;
    const col = ident(s.column_name);
    await db.execute(sql`select setval(${s.seq}::regclass, coalesce(max(${sql.raw(col)}), 1), max(${sql.raw(col)}) is not null) from ${sql.raw(ident(s.table_name))}`);
    n++;
  }
  return n;
}

export interface MigrationLevel {
  /** How many migrations the schema has applied. */
  count: number;
  /** SHA-256 over their hashes (drizzle's SHA-256 of each migration file), in order. */
  digest: string;
}

const digestOf = (hashes: string[]) => crypto.createHash('sha256').update(hashes.join('\n')).digest('hex');

/** The migrations applied to this database (drizzle's bookkeeping table). */
export async function appliedMigrations(db: Db): Promise<MigrationLevel> {
  const rows = rowsOf<{ hash: string }>(await db.execute(sql`select hash from drizzle.__drizzle_migrations order by created_at, id`));
  return { count: rows.length, digest: digestOf(rows.map((r) => r.hash)) };
}

/** The migrations this version of the code ships, up to `count` of them. */
export function codeMigrations(count?: number): MigrationLevel & { total: number } {
  const all = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).map((m) => m.hash);
  const upTo = all.slice(0, count ?? all.length);
  return { count: upTo.length, digest: digestOf(upTo), total: all.length };
}
