import { and, arrayOverlaps, asc, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { counties, talentImportRows, talents } from '../../../db/schema/index.ts';
import type { SessionUser } from '../../../lib/context.ts';
import { findCandidates, keysOfRow, loadDuplicateRules, MATCH_REASON_LABELS, scorePair, type MatchKeys, type MatchReason } from '../duplicate-rules.ts';
import { writeScope } from '../talents.policy.ts';
import { labelOf, type ImportField } from './fields.ts';
import type { SheetInfo } from './stage.ts';
import { BATCH, refOf, updateStagedRows, yieldToEventLoop } from './staged.ts';

/** Shown on a row that matches a record the importer may not see, and nothing more (DESIGN.md §5). */
export const OUTSIDE_SCOPE_MESSAGE = '该人员已在其他县（市、区）登记';

const reasonsOut = (r: MatchReason[]) => ({ reasons: r.map((x) => MATCH_REASON_LABELS[x]), reasonCodes: r });
const keysOf = (r: { idHash: string | null; phoneHashes: string[]; name: string | null; birthDate: string | null; employer: string | null }): MatchKeys => ({
  idHash: r.idHash, phoneHashes: r.phoneHashes, name: r.name ?? '', birthDate: r.birthDate, employer: r.employer,
});

const signalsOf = (k: MatchKeys) => [k.idHash ? `i:${k.idHash}` : null, ...k.phoneHashes.map((p) => `p:${p}`), k.name ? `n:${k.name}` : null].filter((x): x is string => !!x);

/** Indexes rows by their signals, so a row is scored only against the rows that share one. */
function bySignal<T>(rows: T[], keys: (r: T) => MatchKeys): (k: MatchKeys) => T[] {
  const idx = new Map<string, T[]>();
  for (const r of rows) for (const s of signalsOf(keys(r))) (idx.get(s) ?? idx.set(s, []).get(s)!).push(r);
  return (k) => [...new Set(signalsOf(k).flatMap((s) => idx.get(s) ?? []))];
}

/**
 * Pass 2 of the preview: for each batch of valid staged rows, one query finds earlier rows of the
 * file that share a signal, one query (findCandidates) the registry rows, one more which of those
 * the importer may write. Sets each row's match, what it may become and the default decision:
 * update when it matches exactly one record in scope, skip when it repeats an earlier row (or
 * matches several records), create otherwise. A match outside the scope makes the row an error.
 */
export async function matchStagedRows(db: Db, importId: string, user: SessionUser, sheets: SheetInfo[], onProgress: (fraction: number) => Promise<void>, total: number): Promise<void> {
  const rules = await loadDuplicateRules(db);
  const countyNames = new Map((await db.select({ id: counties.id, name: counties.name }).from(counties)).map((c) => [c.id, c.name]));
  const cols = { seq: talentImportRows.seq, sheetNo: talentImportRows.sheetNo, sheet: talentImportRows.sheet, rowNo: talentImportRows.rowNo, idHash: talentImportRows.idHash, phoneHashes: talentImportRows.phoneHashes, name: talentImportRows.name, birthDate: talentImportRows.birthDate, employer: talentImportRows.employer, errors: talentImportRows.errors };
  let lastSeq = 0;
  for (;;) {
    const batch = await db.select(cols).from(talentImportRows)
      .where(and(eq(talentImportRows.importId, importId), eq(talentImportRows.status, 'valid'), gt(talentImportRows.seq, lastSeq)))
      .orderBy(asc(talentImportRows.seq)).limit(BATCH);
    if (!batch.length) break;
    lastSeq = batch[batch.length - 1]!.seq;
    const keys = batch.map(keysOf);
    const idHashes = [...new Set(keys.map((k) => k.idHash).filter((x): x is string => !!x))];
    const phones = [...new Set(keys.flatMap((k) => k.phoneHashes))];
    const names = [...new Set(keys.map((k) => k.name).filter(Boolean))];
    const signal = [idHashes.length ? inArray(talentImportRows.idHash, idHashes) : undefined, phones.length ? arrayOverlaps(talentImportRows.phoneHashes, phones) : undefined, names.length ? inArray(talentImportRows.name, names) : undefined].filter((x) => !!x);
    const earlier = signal.length
      ? await db.select(cols).from(talentImportRows)
          .where(and(eq(talentImportRows.importId, importId), eq(talentImportRows.status, 'valid'), lt(talentImportRows.seq, lastSeq), or(...signal)))
          .orderBy(asc(talentImportRows.seq))
      : [];
    const candidates = await findCandidates(db, keys);
    const ids = candidates.map((c) => c.id);
    const visible = ids.length
      ? await db.select({ id: talents.id, gender: talents.gender, idNumberMasked: talents.idNumberMasked, phonesMasked: talents.phonesMasked }).from(talents).where(and(inArray(talents.id, ids), writeScope(user)))
      : [];
    const inScope = new Map(visible.map((v) => [v.id, v]));

    const nearEarlier = bySignal(earlier, keysOf);
    const nearRegistry = bySignal(candidates, keysOfRow);
    const updates: Record<string, unknown>[] = [];
    const nowErrors = new Set<number>();
    for (const row of batch) {
      const k = keysOf(row);
      const dup = nearEarlier(k).sort((a, b) => a.seq - b.seq).find((e) => e.seq < row.seq && !nowErrors.has(e.seq) && scorePair(k, keysOf(e), rules).match);
      const hits = nearRegistry(k).map((c) => ({ c, s: scorePair(k, keysOfRow(c), rules) })).filter((h) => h.s.match).sort((a, b) => b.s.score - a.s.score);
      const outside = hits.find((h) => !inScope.has(h.c.id));
      if (outside) {
        const field: ImportField = outside.s.reasons.includes('idNumber') ? 'idNumber' : outside.s.reasons.includes('phone') ? 'phones' : 'name';
        const column = sheets[row.sheetNo - 1]?.headers[field] ?? labelOf(field);
        const errors = [...(row.errors as unknown[]), { field, column, message: OUTSIDE_SCOPE_MESSAGE }];
        nowErrors.add(row.seq);
        updates.push({ seq: row.seq, status: 'error', errors, decision: null, matched: false, match: null, can_create: false, can_update: false, talent_id: null, target_version: null });
        continue;
      }
      if (!dup && !hits.length) continue; // stays: no match, decision create
      const registry = hits.map(({ c, s }) => {
        const v = inScope.get(c.id)!;
        return { talentId: c.id, name: c.name, gender: v.gender, birthDate: c.birthDate, ownerCountyName: countyNames.get(c.ownerCountyId) ?? null, employer: c.employer, idNumberMasked: v.idNumberMasked, phonesMasked: v.phonesMasked, score: s.score, ...reasonsOut(s.reasons) };
      });
      const file = dup ? { ref: refOf(dup.sheetNo, dup.rowNo), sheet: dup.sheet, row: dup.rowNo, ...reasonsOut(scorePair(k, keysOf(dup), rules).reasons) } : null;
      const canCreate = !hits.some((h) => h.s.reasons.includes('idNumber'));
      const decision = dup ? 'skip' : hits.length === 1 ? 'update' : hits.length > 1 ? 'skip' : 'create';
      updates.push({
        seq: row.seq, status: 'valid', errors: row.errors, decision, matched: true, match: { file, registry },
        can_create: canCreate, can_update: hits.length > 0, talent_id: hits[0]?.c.id ?? null, target_version: hits[0]?.c.version ?? null,
      });
    }
    await updateStagedRows(db, importId, { status: 'varchar', errors: 'jsonb', decision: 'varchar', matched: 'boolean', match: 'jsonb', can_create: 'boolean', can_update: 'boolean', talent_id: 'uuid', target_version: 'int' }, updates);
    await onProgress(Math.min(1, lastSeq / Math.max(1, total)));
    await yieldToEventLoop();
  }
  // Two rows may match the same record without matching each other: only the first updates it by default.
  await db.execute(sql`update talent_import_rows s set decision = 'skip'
    from (select seq, row_number() over (partition by talent_id order by seq) as n from talent_import_rows
          where import_id = ${importId} and status = 'valid' and decision = 'update') d
    where s.import_id = ${importId} and s.seq = d.seq and d.n > 1`);
}
