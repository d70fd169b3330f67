import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ImportDecisionsBodySchema } from '../../../../../contracts/imports.ts';
import type { FieldError } from '../../../../../contracts/errors.ts';
import type { Db } from '../../../db/client.ts';
import { talentImportRows, talentImports } from '../../../db/schema/index.ts';
import { appendAudit } from '../../../lib/audit.ts';
import type { Ctx } from '../../../lib/context.ts';
import { AppError, invalid } from '../../../lib/errors.ts';
import { countStaged } from './report.ts';
import { rowLabel, rowsOf, updateStagedRows } from './staged.ts';

type Body = z.infer<typeof ImportDecisionsBodySchema>;
type Pair = { sheet: string; row_no: number; o_sheet: string; o_row: number };

/** Decisions that cannot both be carried out: two updates of one record, two new records with one ID number. */
export async function findDecisionConflict(db: Db, importId: string, multiSheet: boolean): Promise<string | null> {
  const pairOn = (key: 'talent_id' | 'id_hash', decision: string) =>
    db.execute(sql`select s.sheet, s.row_no, o.sheet as o_sheet, o.row_no as o_row
      from talent_import_rows s join talent_import_rows o
        on o.import_id = s.import_id and o.${sql.raw(key)} = s.${sql.raw(key)} and o.seq < s.seq and o.status = 'valid' and o.decision = ${decision}
      where s.import_id = ${importId} and s.status = 'valid' and s.decision = ${decision} and s.${sql.raw(key)} is not null
      order by s.seq limit 1`);
  const label = (p: Pair) => [rowLabel(p.o_sheet, p.o_row, multiSheet), rowLabel(p.sheet, p.row_no, multiSheet)];
  const [u] = rowsOf<Pair>(await pairOn('talent_id', 'update'));
  if (u) {
    const [a, b] = label(u);
    return `${a}和${b}都将更新同一条已有记录，请只保留其中一行“更新”`;
  }
  const [c] = rowsOf<Pair>(await pairOn('id_hash', 'create'));
  if (c) {
    const [a, b] = label(c);
    return `${a}和${b}的证件号码相同，不能都“新增”`;
  }
  return null;
}

/** "12" (one-sheet files) or "2-12" → sheet no and row. */
function parseRef(ref: string, sheets: number): { sheetNo: number; rowNo: number } | null {
  const [a, b] = ref.split('-');
  if (b === undefined) return sheets === 1 ? { sheetNo: 1, rowNo: Number(a) } : null;
  return { sheetNo: Number(a), rowNo: Number(b) };
}

/** Applies `all`, then `rows`; refuses what a row cannot become and pairs that conflict. */
export async function applyDecisions(ctx: Ctx, imp: typeof talentImports.$inferSelect, body: Body): Promise<{ planned: { create: number; update: number; skip: number } }> {
  const sheets = ((imp.fields as { sheets?: unknown[] }).sheets ?? []).length;
  const multi = sheets > 1;
  return ctx.db.transaction(async (tx) => {
    const mine = and(eq(talentImportRows.importId, imp.id), eq(talentImportRows.status, 'valid'));
    if (body.all) {
      const allowed = body.all === 'update' ? eq(talentImportRows.canUpdate, true) : body.all === 'create' ? eq(talentImportRows.canCreate, true) : sql`true`;
      await tx.update(talentImportRows).set({ decision: body.all }).where(and(mine, eq(talentImportRows.matched, true), allowed));
    }
    const entries = Object.entries(body.rows ?? {});
    const errors: FieldError[] = [];
    const values: Record<string, unknown>[] = [];
    for (let i = 0; i < entries.length; i += 1000) {
      const chunk = entries.slice(i, i + 1000).map(([ref, decision]) => ({ ref, decision, at: parseRef(ref, sheets) }));
      for (const c of chunk) if (!c.at) errors.push({ field: `rows.${c.ref}`, message: '文件有多个工作表，请用“工作表序号-行号”指明行（见匹配列表的 ref）' });
      const refs = chunk.filter((c) => c.at).map((c) => sql`(${c.at!.sheetNo}, ${c.at!.rowNo})`);
      const found = refs.length
        ? await tx.select({ seq: talentImportRows.seq, sheetNo: talentImportRows.sheetNo, sheet: talentImportRows.sheet, rowNo: talentImportRows.rowNo, status: talentImportRows.status, canCreate: talentImportRows.canCreate, canUpdate: talentImportRows.canUpdate })
            .from(talentImportRows).where(and(eq(talentImportRows.importId, imp.id), sql`(${talentImportRows.sheetNo}, ${talentImportRows.rowNo}) in (${sql.join(refs, sql`, `)})`))
        : [];
      const byRef = new Map(found.map((r) => [`${r.sheetNo}-${r.rowNo}`, r]));
      for (const c of chunk) {
        if (!c.at) continue;
        const r = byRef.get(`${c.at.sheetNo}-${c.at.rowNo}`);
        const where = r ? rowLabel(r.sheet, r.rowNo, multi) : `第 ${c.ref} 行`;
        const fail = (message: string) => errors.push({ field: `rows.${c.ref}`, message });
        if (!r) fail(`${where}不是导入的数据行`);
        else if (r.status !== 'valid') fail(`${where}有错误，不能导入`);
        else if (c.decision === 'update' && !r.canUpdate) fail(`${where}没有匹配到您范围内的已有记录，不能选择“更新”`);
        else if (c.decision === 'create' && !r.canCreate) fail(`${where}的证件号码已在人才库中登记，只能选择“更新”或“跳过”`);
        else values.push({ seq: r.seq, decision: c.decision });
      }
    }
    if (errors.length) throw new AppError('VALIDATION_FAILED', 400, errors[0]!.message, errors.slice(0, 100));
    await updateStagedRows(tx, imp.id, { decision: 'varchar' }, values);
    const conflict = await findDecisionConflict(tx, imp.id, multi);
    if (conflict) throw invalid('rows', conflict);
    const counts = await countStaged(tx, imp.id);
    await tx.update(talentImports).set({ report: sql`jsonb_set(${talentImports.report}, '{planned}', ${JSON.stringify(counts.planned)}::jsonb)`, updatedAt: new Date() }).where(eq(talentImports.id, imp.id));
    await appendAudit(tx, { action: 'talent.import.decide', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'talent_import', targetId: imp.id, detail: { all: body.all ?? null, rows: entries.length, planned: counts.planned } });
    return { planned: counts.planned };
  });
}
