import { getTableColumns, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { counties, outposts, talents } from '../db/schema/index.ts';
import type { Env } from '../env.ts';
import { appendAudit } from '../lib/audit.ts';
import { getPii, type Pii } from '../lib/pii.ts';
import { derivedSearchColumns, plainColumns, sensitiveColumns, type TalentInsert } from '../modules/talents/talent-record.ts';
import { TalentGenerator, type GeneratedTalent } from './talents.ts';

export interface InsertGeneratedOptions {
  count: number;
  seed?: number;
  countyIds: string[];
  outpostIds?: string[];
  /** Rows per INSERT statement (and per transaction); default 1,000. */
  batchSize?: number;
  duplicateRate?: number;
  onProgress?: (done: number, total: number) => void;
  /** Who the one `talent.seed` audit event names. */
  actorName?: string;
}

/** The stored columns of a generated talent, built by the same helpers as the API's create. */
export function toInsertRow(pii: Pii, g: GeneratedTalent): TalentInsert {
  const { createdAt, updatedAt, duplicateOf: _d, ...fields } = g;
  const base = { ...plainColumns(fields), ...sensitiveColumns(pii, fields) } as TalentInsert;
  return {
    ...base,
    ...derivedSearchColumns({ name: base.name, employer: base.employer ?? null, school: base.school ?? null, specialty: base.specialty ?? null }),
    createdAt,
    updatedAt,
  };
}

type Col = { name: string; getSQLType(): string };
const COLUMNS = Object.entries(getTableColumns(talents)) as [keyof TalentInsert, Col][];

/**
 * A batch as one INSERT … SELECT FROM unnest(…): one array parameter per column, so a statement
 * carries thousands of rows without hitting the 65,535-parameter limit, and parsing stays cheap.
 * Array columns travel as arrays of their text literals and are cast back per row.
 */
function batchStatement(rows: TalentInsert[]) {
  const used = COLUMNS.filter(([key]) => rows.some((r) => r[key] !== undefined));
  const selects: ReturnType<typeof sql>[] = [];
  const params: ReturnType<typeof sql>[] = [];
  used.forEach(([key, col], k) => {
    const type = col.getSQLType();
    const isArray = type.endsWith('[]');
    const values = rows.map((r) => {
      const v = r[key];
      if (v === undefined || v === null) return null;
      if (isArray) return toArrayLiteral(v as string[]);
      if (v instanceof Date) return v.toISOString();
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
    params.push(sql`${sql.param(values)}::text[]`);
    selects.push(sql.raw(`c${k}::${type}`));
  });
  const names = sql.raw(used.map(([, col]) => `"${col.name}"`).join(', '));
  const aliases = sql.raw(used.map((_, k) => `c${k}`).join(', '));
  return sql`insert into ${talents} (${names}) select ${sql.join(selects, sql`, `)} from unnest(${sql.join(params, sql`, `)}) as u(${aliases})`;
}

function toArrayLiteral(a: string[]): string {
  return `{${a.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** Inserts prepared rows in multi-row statements of `batchSize`, one transaction each. */
export async function insertTalentRows(database: Database, rows: TalentInsert[], batchSize = 2000): Promise<void> {
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = rows.slice(i, i + batchSize);
    await database.db.transaction(async (tx) => {
      await tx.execute(batchStatement(batch));
    });
  }
}

/**
 * Writes `count` generated talents in large batches, one transaction per batch. No per-row history
 * or audit (the rows are generated, not entered); one `talent.seed` audit event records the count.
 */
export async function insertGeneratedTalents(database: Database, env: Env, opts: InsertGeneratedOptions): Promise<{ inserted: number; ms: number }> {
  const started = performance.now();
  const db = database.db;
  const pii = await getPii(db, env);
  const countyRows = opts.countyIds.length ? await db.select().from(counties).where(inArray(counties.id, opts.countyIds)) : [];
  const byId = new Map(countyRows.map((c) => [c.id, c]));
  const outpostRows = opts.outpostIds?.length ? await db.select().from(outposts).where(inArray(outposts.id, opts.outpostIds)) : [];
  const gen = new TalentGenerator({
    seed: opts.seed,
    countyIds: opts.countyIds,
    countyNames: opts.countyIds.map((id) => byId.get(id)?.name ?? ''),
    countyCodes: opts.countyIds.map((id) => byId.get(id)?.code ?? null),
    outposts: outpostRows.map((o) => ({ id: o.id, divisionCode: o.divisionCode })),
    duplicateRate: opts.duplicateRate,
  });
  const batchSize = Math.max(1, opts.batchSize ?? 1000);
  let done = 0;
  while (done < opts.count) {
    const n = Math.min(batchSize, opts.count - done);
    const rows = gen.take(n).map((g) => toInsertRow(pii, g));
    await db.transaction(async (tx) => {
      await tx.execute(batchStatement(rows));
    });
    done += n;
    opts.onProgress?.(done, opts.count);
  }
  // Fresh statistics for the planner (PGlite has no autovacuum) and a flushed GIN pending list.
  await db.execute(sql`vacuum (analyze) talents`);
  await appendAudit(db, {
    action: 'talent.seed',
    actorName: opts.actorName ?? 'seed',
    targetType: 'talent',
    detail: { count: opts.count, seed: opts.seed ?? null, counties: opts.countyIds.length },
  });
  return { inserted: done, ms: Math.round(performance.now() - started) };
}
