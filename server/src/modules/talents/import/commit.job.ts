import { eq, sql, type SQL } from 'drizzle-orm';
import type { ImportReport } from '../../../../../contracts/imports.ts';
import type { Db } from '../../../db/client.ts';
import { talentImports } from '../../../db/schema/index.ts';
import { appendAudit } from '../../../lib/audit.ts';
import { AppError } from '../../../lib/errors.ts';
import { completeJob, enqueueJob, JobError, wakeJobRunners, type JobContext } from '../../../lib/jobs.ts';
import { getPii } from '../../../lib/pii.ts';
import { columnName, CREATE_ONLY, prepareCommit, WRITTEN } from './commit-prepare.ts';
import { findDecisionConflict } from './decisions.ts';
import { countStaged } from './report.ts';
import { JOB_REFRESH_STATS, loadImport, loadImportUser, rowLabel, rowsOf } from './staged.ts';

const q = (c: string) => `"${c}"`;
const INSERT_COLS = [...CREATE_ONLY, ...WRITTEN].map(columnName);
const UPDATE_COLS = WRITTEN.map(columnName);
const FAILED = '导入提交失败，人才库未作任何改动。请稍后重试；如仍失败请联系管理员';

/** What a staged row `s` writes: a create its stage-time record, an update its prepared values (null: unchanged). */
const WRITES = sql.raw(`(case s.decision when 'create' then s.create_values when 'update' then s.prepared end)`);
/** The record it writes: the new id of a create, the target of an update. */
const TARGET = sql.raw(`(case s.decision when 'create' then (s.create_values->>'id')::uuid else s.talent_id end)`);

async function count(tx: Db, query: SQL): Promise<number> {
  return Number(rowsOf<{ n: number }>(await tx.execute(query))[0]?.n ?? 0);
}

/** An ID number that is (now) on another record of the registry, or on two rows being written. */
async function idNumberClash(tx: Db, importId: string, multi: boolean): Promise<string | null> {
  const [hit] = rowsOf<{ sheet: string; row_no: number }>(
    await tx.execute(sql`select s.sheet, s.row_no from talent_import_rows s
      join talents t on t.id_number_hash = ${WRITES}->>'id_number_hash' and t.id <> ${TARGET} and t.merged_into is null
      where s.import_id = ${importId} and s.status = 'valid' and ${WRITES} is not null
      order by s.seq limit 1`),
  );
  if (hit) return `${rowLabel(hit.sheet, hit.row_no, multi)}的证件号码已在人才库中登记（可能是预览后他人录入），未导入任何数据；请重新上传预览`;
  const [dup] = rowsOf<{ sheet: string; row_no: number }>(
    await tx.execute(sql`select min(s.sheet) as sheet, min(s.row_no) as row_no from talent_import_rows s
      where s.import_id = ${importId} and s.status = 'valid' and ${WRITES}->>'id_number_hash' is not null
      group by ${WRITES}->>'id_number_hash' having count(*) > 1 limit 1`),
  );
  return dup ? `${rowLabel(dup.sheet, dup.row_no, multi)}等多行将写入同一个证件号码，未导入任何数据；请调整后重新提交` : null;
}

/**
 * The commit job: prepare (batched, outside the transaction), then ONE transaction that copies
 * the prepared rows into the registry with set-based statements, writes their history (action
 * 'import') and one audit event, and marks the import committed. Any failure rolls all of it back.
 */
/**
 * A job queued by every commit: fresh planner statistics after a bulk change and, on PGlite, which
 * has no autovacuum, a fresh visibility map (index-only counts of the registry search) and a
 * flushed GIN pending list. Its own job, after the import is reported done: the import's rows are
 * already committed and visible; this is upkeep (at 300,000 rows it takes seconds).
 */
export async function runRefreshTalentStatsJob(jc: JobContext): Promise<unknown> {
  // The import's facet deltas folded into one row per key (talent_facet_deltas).
  await jc.db.execute(sql`select fenggui_compact_talent_facets()`);
  try {
    await jc.db.execute(sql`vacuum (analyze) talents`);
  } catch {
    await jc.db.execute(sql`analyze talents`);
  }
  return { refreshed: 'talents' };
}

export async function runCommitJob(jc: JobContext): Promise<unknown> {
  const { db, env } = jc;
  const importId = String((jc.job.input as { importId: string }).importId);
  const imp = await loadImport(db, importId);
  if (imp.phase !== 'previewed') throw new JobError(imp.phase === 'committed' ? '该导入已提交过' : '该导入尚未完成预览');
  const user = await loadImportUser(db, imp.createdBy);
  const multi = ((imp.fields as { sheets?: unknown[] }).sheets ?? []).length > 1;
  const conflict = await findDecisionConflict(db, importId, multi);
  if (conflict) throw new JobError(conflict);
  const pii = await getPii(db, env);
  const before = await countStaged(db, importId);
  await prepareCommit({
    db, pii, importId, user, campaignId: imp.campaignId, multiSheet: multi,
    total: before.total, onProgress: (f) => jc.progress(80 * f),
  });
  await jc.progress(80);
  const note = `批量导入：${imp.fileName}`;
  const mine = sql`s.import_id = ${importId} and s.status = 'valid'`;
  try {
    const committed = await db.transaction(async (tx) => {
      const clash = await idNumberClash(tx, importId, multi);
      if (clash) throw new JobError(clash);
      const created = await count(tx, sql`with ins as (
          insert into talents (${sql.raw(INSERT_COLS.map(q).join(', '))})
          select ${sql.raw(INSERT_COLS.map((c) => `(x.r).${q(c)}`).join(', '))}
          from (select jsonb_populate_record(null::talents, s.create_values) as r from talent_import_rows s
                where ${mine} and s.decision = 'create' order by s.seq) x
          returning 1)
        select count(*)::int as n from ins`);
      const expected = await count(tx, sql`select count(*)::int as n from talent_import_rows s where ${mine} and s.decision = 'update' and s.prepared is not null`);
      const updated = await count(tx, sql`with up as (
          update talents t set ${sql.raw(UPDATE_COLS.map((c) => `${q(c)} = (x.r).${q(c)}`).join(', '))}, version = t.version + 1, updated_at = now()
          from (select s.talent_id, s.target_version, jsonb_populate_record(null::talents, s.prepared) as r from talent_import_rows s
                where ${mine} and s.decision = 'update' and s.prepared is not null) x
          where t.id = x.talent_id and t.version = x.target_version and t.merged_into is null
          returning 1)
        select count(*)::int as n from up`);
      if (updated !== expected) throw new JobError('有匹配的记录在预览后已被他人修改或合并，未导入任何数据；请重新上传预览');
      await tx.execute(sql`insert into talent_history (talent_id, actor_id, actor_name, action, changes, note)
        select ${TARGET}, ${user.id}, ${user.username}, 'import', case s.decision when 'update' then coalesce(s.changes, '[]'::jsonb) else '[]'::jsonb end, ${note}
        from talent_import_rows s where ${mine} and ${WRITES} is not null order by s.seq`);
      const result = {
        created,
        updated,
        unchanged: before.planned.update - updated,
        skipped: before.planned.skip,
      };
      await appendAudit(tx, {
        action: 'talent.import', actorId: user.id, actorName: user.username, targetType: 'talent_import', targetId: importId,
        detail: { fileName: imp.fileName, total: before.total, errorRows: before.errorRows, ...result, campaignId: imp.campaignId },
      });
      const report = { ...(imp.report as ImportReport), ...before, ...result, planned: before.planned };
      await tx.update(talentImports).set({ phase: 'committed', report, committedAt: new Date(), updatedAt: new Date() }).where(eq(talentImports.id, importId));
      await enqueueJob(tx, { kind: JOB_REFRESH_STATS, input: { after: importId }, createdBy: user.id });
      await completeJob(tx, jc.job.id, result);
      return result;
    });
    wakeJobRunners(); // the statistics job queued with the commit
    return committed;
  } catch (err) {
    if (err instanceof JobError || err instanceof AppError) throw err;
    throw new JobError(FAILED, { cause: err });
  }
}
