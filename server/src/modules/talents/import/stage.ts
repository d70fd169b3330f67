import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { talentImportRows } from '../../../db/schema/index.ts';
import type { SessionUser } from '../../../lib/context.ts';
import { HeapGuard } from '../../../lib/heap-guard.ts';
import { JobError } from '../../../lib/jobs.ts';
import { sealingKeyOf, type Pii } from '../../../lib/pii.ts';
import type { CreateContext } from './commit-prepare.ts';
import { lookupsOf, type ImportLookupData } from './lookups.ts';
import type { Matcher } from './match.ts';
import { parseFile, RowLimitError, type SheetInfo, type Staged, type StageResult } from './parse-file.ts';
import { insertStagedRows, yieldToEventLoop } from './staged.ts';

export { RowLimitError, type SheetInfo, type StageResult } from './parse-file.ts';

/** What the parser's worker thread is given (structured-cloned: plain data only). */
export interface ParserInput {
  importId: string;
  file: string;
  /** Where the worker keeps its temporary files (its TMPDIR); the main thread removes it. */
  tempDir: string;
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
 * Files from this many rows are parsed in a worker thread. Below it the parse runs on this thread:
 * starting a worker (its own module loading) costs about a second, more than a small file's parse.
 */
export const WORKER_MIN_ROWS = 1000;

/**
 * The preview in one pass, for a big file on two threads: a worker thread reads, parses and
 * validates the file and computes each valid row's "create" record (parse-file.ts: the CPU-bound
 * part), while this thread matches each batch against the file's earlier rows and the registry and
 * stages it (sensitive values encrypted) — so parsing the next batches overlaps the database work
 * of this one, and the server's event loop stays free for other users. Batches are handled
 * strictly in file order; the worker stays at most two batches ahead. A small file is parsed on
 * this thread by the same code.
 */
export async function stageRows(
  db: Db,
  pii: Pii,
  importId: string,
  file: string,
  ctx: { lookups: ImportLookupData; user: SessionUser; defaultOwnerCountyId: string | null },
  opts: {
    maxRows: number;
    onRows: (done: number) => Promise<void>;
    matcher: Matcher;
    create: CreateContext;
    /** The id of the data key new values are sealed with now (getPii reloads it after a rotation). */
    currentKeyId: () => Promise<number>;
    /** Parse in a worker thread (see WORKER_MIN_ROWS), or on this thread. */
    inWorker: boolean;
  },
): Promise<StageResult> {
  await db.delete(talentImportRows).where(eq(talentImportRows.importId, importId));
  const key = sealingKeyOf(pii);
  // The worker's shared-string table holds every distinct cell text in clear, ID numbers and phones
  // among them. It goes into a directory of this thread's, removed below whatever happens: a
  // terminated thread runs none of its own cleanup.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fenggui-parse-'));
  const input: ParserInput = {
    importId, file, tempDir: tmp, key, lookups: ctx.lookups, user: ctx.user, defaultOwnerCountyId: ctx.defaultOwnerCountyId, create: opts.create, maxRows: opts.maxRows,
  };
  const sheets: SheetInfo[] = [];
  let total = 0;
  const heap = new HeapGuard();
  const stageBatch = async (rows: Staged[], raws: [number, Record<string, string>][]) => {
    // The worker seals with the key that was current when it started. A key rotation meanwhile must
    // not find values under a key it is retiring: stop, and let the clerk preview again.
    if ((await opts.currentKeyId()) !== key.id) throw new JobError('预览期间数据密钥已更换，请重新上传文件预览');
    await opts.matcher.matchBatch(rows, sheets);
    // The cells as typed, for the annotated error file: only rows that end up as errors need them.
    const rawOf = new Map(raws);
    for (const r of rows) if (r.status === 'error') r.rawEnc = pii.encrypt(JSON.stringify(rawOf.get(r.seq) ?? {}));
    await insertStagedRows(db, rows);
    total += rows.length;
    heap.check();
    await opts.onRows(total);
    await yieldToEventLoop();
  };

  if (!opts.inWorker) {
    try {
      const rc = { lookups: lookupsOf(ctx.lookups), user: ctx.user, defaultOwnerCountyId: ctx.defaultOwnerCountyId };
      return await parseFile(pii, importId, file, tmp, rc, opts.create, opts.maxRows, { sheet: (info) => sheets.push(info), batch: stageBatch });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }

  // A heap limit of its own: V8 collects lazily while there is room, and a second isolate with the
  // default limit let the server grow by hundreds of megabytes during a 100,000-row preview. The
  // parse streams, so it needs a few batches, the string cache and its modules. A young generation
  // of 48 MB (16 before) lets a batch's short-lived objects die young instead of being promoted:
  // 100,000-row preview 58.2 → 52.4 s, server peak 458 → 470 MB (bench 20261127-0415/0418).
  const worker = new Worker(WORKER_URL, { workerData: input, resourceLimits: { maxOldGenerationSizeMb: 160, maxYoungGenerationSizeMb: 48 } });
  let finished = false;
  try {
    const result = await new Promise<StageResult>((resolve, reject) => {
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
    finished = true;
    return result;
  } finally {
    // On a failure here, ask the worker to unwind first (its reader closes what it opened), then end it.
    if (!finished) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    }
    await worker.terminate();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
