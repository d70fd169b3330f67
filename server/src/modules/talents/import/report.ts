import { and, asc, eq, sql } from 'drizzle-orm';
import type { ImportReport, ImportRowError } from '../../../../../contracts/imports.ts';
import type { Db } from '../../../db/client.ts';
import { talentImportRows } from '../../../db/schema/index.ts';

/** How many errors the status response lists; the annotated errors.xlsx has them all. */
const MAX_ERRORS = 1000;

export interface Counts {
  total: number;
  valid: number;
  errorRows: number;
  matched: number;
  planned: { create: number; update: number; skip: number };
}

/** Counts of the staged rows as they stand (one aggregate query). */
export async function countStaged(db: Db, importId: string): Promise<Counts> {
  const [r] = await db
    .select({
      total: sql<number>`count(*)::int`,
      valid: sql<number>`count(*) filter (where status = 'valid')::int`,
      matched: sql<number>`count(*) filter (where status = 'valid' and matched)::int`,
      create: sql<number>`count(*) filter (where status = 'valid' and decision = 'create')::int`,
      update: sql<number>`count(*) filter (where status = 'valid' and decision = 'update')::int`,
      skip: sql<number>`count(*) filter (where status = 'valid' and decision = 'skip')::int`,
    })
    .from(talentImportRows)
    .where(eq(talentImportRows.importId, importId));
  const c = r ?? { total: 0, valid: 0, matched: 0, create: 0, update: 0, skip: 0 };
  return { total: c.total, valid: c.valid, errorRows: c.total - c.valid, matched: c.matched, planned: { create: c.create, update: c.update, skip: c.skip } };
}

/** The first errors in row order, flattened to one entry per cell. */
export async function firstErrors(db: Db, importId: string): Promise<{ errors: ImportRowError[]; truncated: boolean }> {
  const rows = await db
    .select({ sheet: talentImportRows.sheet, rowNo: talentImportRows.rowNo, errors: talentImportRows.errors })
    .from(talentImportRows)
    .where(and(eq(talentImportRows.importId, importId), eq(talentImportRows.status, 'error')))
    .orderBy(asc(talentImportRows.seq))
    .limit(MAX_ERRORS + 1);
  const out: ImportRowError[] = [];
  for (const r of rows) {
    for (const e of r.errors as { field: string | null; column: string; message: string }[]) {
      out.push({ sheet: r.sheet, row: r.rowNo, column: e.column, field: e.field, message: e.message });
    }
  }
  return { errors: out.slice(0, MAX_ERRORS), truncated: out.length > MAX_ERRORS || rows.length > MAX_ERRORS };
}

export async function buildReport(db: Db, importId: string, extra: Pick<ImportReport, 'warnings' | 'sheets'>): Promise<ImportReport> {
  const c = await countStaged(db, importId);
  const e = await firstErrors(db, importId);
  return { ...c, created: 0, updated: 0, unchanged: 0, skipped: 0, errors: e.errors, errorsTruncated: e.truncated, ...extra };
}
