import { parentPort, workerData } from 'node:worker_threads';
import { piiWithKey } from '../../../lib/pii.ts';
import { lookupsOf } from './lookups.ts';
import { parseFile, RowLimitError } from './parse-file.ts';
import type { ParserInput, ParserMessage } from './stage.ts';

/**
 * The import parser's worker thread: parses the file (parse-file.ts) and posts its sheets and
 * batches to the main thread, which matches and stages them. It runs at most AHEAD batches ahead of
 * the main thread (each acknowledged with "more"), so memory stays a few batches however slow the
 * database is.
 */
const AHEAD = 2;
const input = workerData as ParserInput;
const port = parentPort!;
const post = (m: ParserMessage) => port.postMessage(m);
let credits = AHEAD;
let stopped = false;
let ended = false;
let wake: (() => void) | null = null;
port.on('message', (m) => {
  if (m === 'more') credits++;
  // The main thread gave up (a database error…): unwind, so the reader removes its temporary files.
  if (m === 'stop') {
    stopped = true;
    if (ended) process.exit(0); // nothing left to unwind (process.exit ends this thread only)
  }
  wake?.();
  wake = null;
});

try {
  const pii = piiWithKey(input.key.id, input.key.material);
  const rc = { lookups: lookupsOf(input.lookups), user: input.user, defaultOwnerCountyId: input.defaultOwnerCountyId };
  const result = await parseFile(pii, input.importId, input.file, input.tempDir, rc, input.create, input.maxRows, {
    sheet: (info) => post({ type: 'sheet', info }),
    batch: async (rows, raws) => {
      while (credits <= 0 && !stopped) await new Promise<void>((r) => (wake = r));
      if (stopped) throw new Error('stopped by the main thread');
      credits--;
      post({ type: 'batch', rows, raws });
    },
  });
  post({ type: 'done', result });
} catch (err) {
  if (stopped) process.exit(0); // the main thread is waiting for this thread's end, not a message
  post({ type: 'error', rowLimit: err instanceof RowLimitError ? err.max : null, message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? (err.stack ?? null) : null });
} finally {
  ended = true;
}
// The main thread terminates this thread once it has the last message.
