import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { counties, talentImportRows, talents } from '../../../db/schema/index.ts';
import type { SessionUser } from '../../../lib/context.ts';
import { employerKey, findCandidates, keysOfRow, loadDuplicateRules, MATCH_REASON_LABELS, scorePair, type DuplicateRules, type MatchKeys, type MatchReason } from '../duplicate-rules.ts';
import { writeScope } from '../talents.policy.ts';
import { labelOf, type ImportField } from './fields.ts';
import type { SheetInfo } from './stage.ts';
import { refOf, rowsOf } from './staged.ts';

/** Shown on a row that matches a record the importer may not see, and nothing more (DESIGN.md §5). */
export const OUTSIDE_SCOPE_MESSAGE = '该人员已在其他县（市、区）登记';

type Staged = typeof talentImportRows.$inferInsert;
type FileRow = { seq: number; sheetNo: number; sheet: string; rowNo: number } & MatchKeys;

const reasonsOut = (r: MatchReason[]) => ({ reasons: r.map((x) => MATCH_REASON_LABELS[x]), reasonCodes: r });
const keysOf = (r: Pick<Staged, 'idHash' | 'phoneHashes' | 'name' | 'birthDate' | 'employer'>): MatchKeys => ({
  idHash: r.idHash ?? null, phoneHashes: r.phoneHashes ?? [], name: r.name ?? '', birthDate: r.birthDate ?? null, employer: r.employer ?? null,
});

const signalsOf = (k: MatchKeys) => [k.idHash ? `i:${k.idHash}` : null, ...k.phoneHashes.map((p) => `p:${p}`), k.name ? `n:${k.name}` : null].filter((x): x is string => !!x);

/** Indexes rows by their signals, so a row is scored only against the rows that share one. */
function bySignal<T>(rows: T[], keys: (r: T) => MatchKeys): (k: MatchKeys) => T[] {
  const idx = new Map<string, T[]>();
  for (const r of rows) for (const s of signalsOf(keys(r))) (idx.get(s) ?? idx.set(s, []).get(s)!).push(r);
  return (k) => [...new Set(signalsOf(k).flatMap((s) => idx.get(s) ?? []))];
}

/** FNV-1a of a string's UTF-16 code units, cut to 30 bits: a small integer V8 keeps unboxed. */
function smallHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 2;
}

/**
 * The exact keys of the file's valid rows staged so far — the ID number, each phone, name + birth
 * date, name + employer key — each pointing at the rows (seq) that have it. Held in memory for the
 * length of one preview: probing the staging table for them cost an index insert per key and row
 * plus a query per batch. Each key is kept as a 30-bit hash (a map of small integers: ~12 MB for
 * 100,000 rows, where the key strings took ~40 MB); a collision only brings one more row to
 * compare, and `scorePair` decides on the full keys read back from the staging table.
 */
export class FileKeyIndex {
  private readonly seqs = new Map<number, number | number[]>();

  static keysOf(k: MatchKeys): string[] {
    const out: string[] = [];
    if (k.idHash) out.push(`i${k.idHash.slice(0, 16)}`);
    for (const p of k.phoneHashes) out.push(`p${p.slice(0, 16)}`);
    if (k.name && k.birthDate) out.push(`b${k.name}\u0000${k.birthDate}`);
    const ek = k.name ? employerKey(k.employer) : null;
    if (ek) out.push(`e${k.name}\u0000${ek}`);
    return out;
  }

  add(seq: number, k: MatchKeys): void {
    for (const key of FileKeyIndex.keysOf(k).map(smallHash)) {
      const had = this.seqs.get(key);
      if (had === undefined) this.seqs.set(key, seq);
      else if (typeof had === 'number') this.seqs.set(key, [had, seq]);
      else had.push(seq);
    }
  }

  /** Rows sharing any exact key with one of `keys`. */
  find(keys: MatchKeys[]): number[] {
    const out = new Set<number>();
    for (const k of keys) {
      for (const key of FileKeyIndex.keysOf(k).map(smallHash)) {
        const had = this.seqs.get(key);
        if (typeof had === 'number') out.add(had);
        else if (had) for (const s of had) out.add(s);
      }
    }
    return [...out];
  }
}

/** The staged rows `seqs` of this import (valid ones), with their match keys, in file order. */
async function stagedRowsBySeq(db: Db, importId: string, seqs: number[]): Promise<FileRow[]> {
  if (!seqs.length) return [];
  const rows = rowsOf<{ seq: number; sheet_no: number; sheet: string; row_no: number; id_hash: string | null; phone_hashes: string[]; name: string | null; birth_date: string | null; employer: string | null }>(
    await db.execute(sql`select s.seq, s.sheet_no, s.sheet, s.row_no, s.id_hash, s.phone_hashes, s.name, s.birth_date, s.employer
      from talent_import_rows s where s.import_id = ${importId} and s.seq = any(${sql.param(seqs)}::int[]) and s.status = 'valid' order by s.seq`),
  );
  return rows.map((r) => ({ seq: r.seq, sheetNo: r.sheet_no, sheet: r.sheet, rowNo: r.row_no, ...keysOf({ idHash: r.id_hash, phoneHashes: r.phone_hashes, name: r.name, birthDate: r.birth_date, employer: r.employer }) }));
}

export interface Matcher {
  /**
   * Matches one batch of rows about to be staged (in file order, after every row staged before
   * it): sets each valid row's match, what it may become and the default decision. Update when it
   * matches exactly one record in scope; skip when it repeats an earlier row of the file (or
   * matches several records); create otherwise. A match outside the importer's scope makes the row
   * an error that names no one.
   */
  matchBatch(rows: Staged[], sheets: SheetInfo[]): Promise<void>;
  /** After the last batch: two rows may match one record without matching each other; only the first updates it by default. */
  finish(): Promise<void>;
}

export async function createMatcher(db: Db, importId: string, user: SessionUser, rulesIn?: DuplicateRules): Promise<Matcher> {
  const rules = rulesIn ?? (await loadDuplicateRules(db));
  const fileKeys = new FileKeyIndex();
  const countyNames = new Map((await db.select({ id: counties.id, name: counties.name }).from(counties)).map((c) => [c.id, c.name]));
  return {
    async matchBatch(rows, sheets) {
      const batch = rows.filter((r) => r.status === 'valid');
      if (!batch.length) return;
      const keys = batch.map(keysOf);
      const staged = await stagedRowsBySeq(db, importId, fileKeys.find(keys));
      const candidates = await findCandidates(db, keys);
      const ids = candidates.map((c) => c.id);
      const visible = ids.length
        ? await db.select({ id: talents.id, gender: talents.gender, idNumberMasked: talents.idNumberMasked, phonesMasked: talents.phonesMasked })
            .from(talents).where(sql`${talents.id} = any(${sql.param(ids)}::uuid[]) and ${writeScope(user)}`)
        : [];
      const inScope = new Map(visible.map((v) => [v.id, v]));
      // The file's earlier rows: those staged before this batch, then this batch's own rows (which
      // join the index as they are decided, so a row is only compared with rows above it).
      const nearStaged = bySignal(staged, (r) => r);
      const nearRegistry = bySignal(candidates, keysOfRow);
      const inBatch = new Map<string, FileRow[]>();
      const nearFile = (k: MatchKeys): FileRow[] =>
        [...new Set([...nearStaged(k), ...signalsOf(k).flatMap((s) => inBatch.get(s) ?? [])])].sort((a, b) => a.seq - b.seq);

      for (const row of batch) {
        const k = keysOf(row);
        const dup = nearFile(k).find((e) => scorePair(k, e, rules).match);
        const hits = nearRegistry(k).map((c) => ({ c, s: scorePair(k, keysOfRow(c), rules) })).filter((h) => h.s.match).sort((a, b) => b.s.score - a.s.score);
        const outside = hits.find((h) => !inScope.has(h.c.id));
        if (outside) {
          const field: ImportField = outside.s.reasons.includes('idNumber') ? 'idNumber' : outside.s.reasons.includes('phone') ? 'phones' : 'name';
          const column = sheets[row.sheetNo - 1]?.headers[field] ?? labelOf(field);
          Object.assign(row, {
            status: 'error', errors: [...((row.errors ?? []) as unknown[]), { field, column, message: OUTSIDE_SCOPE_MESSAGE }],
            decision: null, matched: false, match: null, canCreate: false, canUpdate: false, talentId: null, targetVersion: null, createValues: null,
          } satisfies Partial<Staged>);
          continue; // an error row is nobody's "earlier row"
        }
        const self: FileRow = { seq: row.seq, sheetNo: row.sheetNo, sheet: row.sheet, rowNo: row.rowNo, ...k };
        for (const s of signalsOf(k)) (inBatch.get(s) ?? inBatch.set(s, []).get(s)!).push(self);
        fileKeys.add(row.seq, k);
        if (!dup && !hits.length) continue; // stays: no match, decision create
        const registry = hits.map(({ c, s }) => {
          const v = inScope.get(c.id)!;
          return { talentId: c.id, name: c.name, gender: v.gender, birthDate: c.birthDate, ownerCountyName: countyNames.get(c.ownerCountyId) ?? null, employer: c.employer, idNumberMasked: v.idNumberMasked, phonesMasked: v.phonesMasked, score: s.score, ...reasonsOut(s.reasons) };
        });
        const file = dup ? { ref: refOf(dup.sheetNo, dup.rowNo), sheet: dup.sheet, row: dup.rowNo, ...reasonsOut(scorePair(k, dup, rules).reasons) } : null;
        Object.assign(row, {
          decision: dup ? 'skip' : hits.length === 1 ? 'update' : hits.length > 1 ? 'skip' : 'create',
          matched: true, match: { file, registry },
          canCreate: !hits.some((h) => h.s.reasons.includes('idNumber')), canUpdate: hits.length > 0,
          talentId: hits[0]?.c.id ?? null, targetVersion: hits[0]?.c.version ?? null,
        } satisfies Partial<Staged>);
      }
    },
    async finish() {
      await db.execute(sql`update talent_import_rows s set decision = 'skip'
        from (select seq, row_number() over (partition by talent_id order by seq) as n from talent_import_rows
              where import_id = ${importId} and status = 'valid' and decision = 'update') d
        where s.import_id = ${importId} and s.seq = d.seq and d.n > 1`);
    },
  };
}
