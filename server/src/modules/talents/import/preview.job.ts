import { eq } from 'drizzle-orm';
import { talentImportRows, talentImports } from '../../../db/schema/index.ts';
import { AppError } from '../../../lib/errors.ts';
import { enqueueJob, JobError, wakeJobRunners, type JobContext } from '../../../lib/jobs.ts';
import { getPii, sealingKeyOf } from '../../../lib/pii.ts';
import { storageOf } from '../../../lib/storage.ts';
import { createMatcher } from './match.ts';
import { buildReport } from './report.ts';
import { RowLimitError, stageRows, WORKER_MIN_ROWS, type SheetInfo } from './stage.ts';
import { defaultOwnerOf, JOB_COMMIT, loadImport, loadImportUser } from './staged.ts';
import { inflateAndCountRows, zipLimitsOf } from './xlsx-check.ts';
import { loadImportLookupData } from './lookups.ts';
import type { ImportField } from './fields.ts';

/** What `talent_imports.fields` holds: the recognised columns, and each sheet's own headers. */
export interface ImportLayout {
  order: ImportField[];
  sheets: SheetInfo[];
}

/**
 * The preview job: check the archive for real (inflating it), stage, validate and match every
 * row in one pass (stage.ts), write the report. The uploaded file is removed afterwards: staging (with
 * sensitive values encrypted) is all the later steps need. In mode "commit" a clean preview goes
 * straight on to the commit job; with any error nothing is committed.
 */
export async function runPreviewJob(jc: JobContext): Promise<unknown> {
  const { db, env } = jc;
  const importId = String((jc.job.input as { importId: string }).importId);
  const imp = await loadImport(db, importId);
  if (imp.phase !== 'uploaded' || !imp.storageKey) throw new JobError('该导入已预览过，请重新上传文件');
  const user = await loadImportUser(db, imp.createdBy);
  const pii = await getPii(db, env);
  const storage = storageOf(env);
  const storageKey = imp.storageKey;
  let previewed = false;
  try {
    const staged = await storage.withLocalPath(storageKey, async (file) => {
      const rows = await inflateAndCountRows(file, zipLimitsOf(env));
      await jc.progress(5);
      const lookups = await loadImportLookupData(db);
      const defaultOwnerCountyId = defaultOwnerOf(user);
      const matcher = await createMatcher(db, importId, user);
      try {
        const result = await stageRows(db, pii, importId, file, { lookups, user, defaultOwnerCountyId }, {
          maxRows: env.IMPORT_MAX_ROWS,
          onRows: (done) => jc.progress(5 + 90 * Math.min(1, done / Math.max(1, rows))),
          matcher,
          create: { userId: user.id, defaultOwnerCountyId, campaignId: imp.campaignId },
          currentKeyId: async () => sealingKeyOf(await getPii(db, env)).id,
          inWorker: rows >= WORKER_MIN_ROWS,
        });
        await matcher.finish();
        return result;
      } catch (err) {
        if (err instanceof RowLimitError) throw new JobError(err.message);
        if (err instanceof JobError || err instanceof AppError) throw err;
        throw new JobError('读取文件失败，文件可能已损坏或格式不受支持：请用 Excel 打开后“另存为 .xlsx”再上传', { cause: err });
      }
    });
    if (staged.total === 0) {
      throw new JobError(staged.sheets.length ? '文件中没有数据行' : '没有找到可导入的工作表：表头须含“姓名”及其他列（可下载导入模板对照）');
    }
    const report = await buildReport(db, importId, { warnings: staged.warnings, sheets: staged.sheets.map((s) => ({ name: s.name, rows: s.rows })) });
    const layout: ImportLayout = { order: staged.fields, sheets: staged.sheets };
    await db.update(talentImports).set({ phase: 'previewed', report, fields: layout, storageKey: null, updatedAt: new Date() }).where(eq(talentImports.id, importId));
    previewed = true;
    if (imp.mode === 'commit') {
      if (report.errorRows > 0) {
        throw new JobError(`有 ${report.errorRows} 行数据有误，未导入任何数据。请下载错误清单修正后重新上传，或在预览中确认后只提交无误的行`);
      }
      const jobId = await enqueueJob(db, { kind: JOB_COMMIT, input: { importId }, createdBy: imp.createdBy });
      await db.update(talentImports).set({ jobId }).where(eq(talentImports.id, importId));
      wakeJobRunners();
    }
    return { total: report.total, errorRows: report.errorRows, matched: report.matched };
  } finally {
    // A preview that did not finish can't be resumed (the file is gone): drop its staged rows too.
    if (!previewed) await db.delete(talentImportRows).where(eq(talentImportRows.importId, importId)).catch(() => {});
    await storage.remove(storageKey).catch(() => {});
    await db.update(talentImports).set({ storageKey: null }).where(eq(talentImports.id, importId)).catch(() => {});
  }
}
