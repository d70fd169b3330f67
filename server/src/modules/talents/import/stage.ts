import { Worker } from 'node:worker_threads';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { talentImportRows } from '../../../db/schema/index.ts';
import type { SessionUser } from '../../../lib/context.ts';
import { sealingKeyOf, type Pii } from '../../../lib/pii.ts';
import type { CreateContext } from './commit-prepare.ts';
import type { ImportLookupData } from './lookups.ts';
import type { Matcher } from './match.ts';
import { RowLimitError, type SheetInfo, type Staged, type StageResult } from './parse-file.ts';
import { insertStagedRows, yieldToEventLoop } from './staged.ts';

export { RowLimitError, type SheetInfo, type StageResult } from './parse-file.ts';

/** What the parser's worker thread is given (structured-cloned: plain data only). */
export interface ParserInput {
  importId: string;
  file: string;
  /** The data key to seal ID numbers and phones with (pii.ts `sealingKeyOf`). */
  key: { id: number; material: Uint8Array };
  lookups: ImportLookupData;
  user: SessionUser;
  defaultOwnerCountyId: string | null;
  create: CreateContext;
  maxRows: number;
}

export type ParserMessage =
  | { type: 'sheet'; info: SheetInfo }
  | { type: 'batch'; rows: Staged[]; raws: [number, Record<string, string>][] }
  | { type: 'done'; result: StageResult }
  | { type: 'error'; rowLimit: number | null; message: string; stack: string | null };

const WORKER_URL = new URL('./parse.worker.mjs', import.meta.url);

/**
 * The preview in one pass, on two threads: a worker thread reads, parses and validates the file and
 * computes each valid row's "create" record (parse-file.ts: the CPU-bound part), while this thread
 * matches each batch against the file's earlier rows and the registry and stages it (sensitive
 * values encrypted) — so parsing the next batches overlaps the database work of this one. Batches
 * are handled strictly in file order; the worker stays at most two batches ahead.
 */
export async function stageRows(
  db: Db,
  pii: Pii,
  importId: string,
  file: string,
  ctx: { lookups: ImportLookupData; user: SessionUser; defaultOwnerCountyId: string | null },
  opts: { maxRows: number; onRows: (done: number) => Promise<void>; matcher: Matcher; create: CreateContext },
): Promise<StageResult> {
  await db.delete(talentImportRows).where(eq(talentImportRows.importId, importId));
  const input: ParserInput = {
    importId, file, key: sealingKeyOf(pii), lookups: ctx.lookups, user: ctx.user, defaultOwnerCountyId: ctx.defaultOwnerCountyId, create: opts.create, maxRows: opts.maxRows,
  };
  const sheets: SheetInfo[] = [];
  let total = 0;
  const stageBatch = async (rows: Staged[], raws: [number, Record<string, string>][]) => {
    await opts.matcher.matchBatch(rows, sheets);
    // The cells as typed, for the annotated error file: only rows that end up as errors need them.
    const rawOf = new Map(raws);
    for (const r of rows) if (r.status === 'error') r.rawEnc = pii.encrypt(JSON.stringify(rawOf.get(r.seq) ?? {}));
    await insertStagedRows(db, rows);
    total += rows.length;
    await opts.onRows(total);
    await yieldToEventLoop();
  };

  const worker = new Worker(WORKER_URL, { workerData: input });
  try {
    return await new Promise<StageResult>((resolve, reject) => {
      // Every event goes through one chain, so messages are handled one at a time and in order, and
      // nothing is staged after a failure.
      let chain = Promise.resolve();
      let over = false;
      const fail = (err: unknown) => {
        over = true;
        reject(err);
      };
      const then = (step: () => Promise<void> | void) => {
        chain = chain.then(async () => {
          if (!over) await step();
        }).catch(fail);
      };
      worker.on('message', (m: ParserMessage) =>
        then(async () => {
          if (m.type === 'sheet') sheets.push(m.info);
          else if (m.type === 'batch') {
            await stageBatch(m.rows, m.raws);
            worker.postMessage('more');
          } else if (m.type === 'done') {
            over = true;
            resolve(m.result);
          } else {
            const err = m.rowLimit !== null ? new RowLimitError(m.rowLimit) : Object.assign(new Error(m.message), { stack: m.stack ?? undefined });
            fail(err);
          }
        }),
      );
      worker.on('error', (err) => then(() => fail(err)));
      worker.on('exit', (code) => then(() => fail(new Error(`import parser thread exited (code ${code}) before finishing`))));
    });
  } finally {
    await worker.terminate();
  }
}
