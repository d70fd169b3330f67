import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Keeps a long job's garbage from piling up on the main thread. V8 collects the old generation
 * lazily, in proportion to the heap limit (gigabytes on a server), so a 100,000-row import preview,
 * whose batches live across database round trips and so reach the old generation, let the
 * server's heap grow by ~300 MB of garbage before a major collection (measured). The guard asks
 * for a full collection when the heap has grown by `headroomMb` since the last one: a few tens of
 * milliseconds every several thousand rows.
 *
 * The collector is reached the way test runners do it (`--expose-gc` set at run time, `gc` taken
 * from a new context); where that is not possible the guard does nothing.
 */
let collect: (() => void) | null | undefined;
function collector(): (() => void) | null {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  return collect;
}

const usedMb = () => process.memoryUsage().heapUsed / 1048576;

export class HeapGuard {
  private mark = usedMb();
  /** Full collections asked for (tests read it). */
  collections = 0;

  constructor(private readonly headroomMb = 64) {}

  check(): void {
    if (usedMb() - this.mark < this.headroomMb) return;
    const gc = collector();
    if (!gc) return;
    gc();
    this.collections++;
    // What is still live after the collection is the job's own data (or another request's): count
    // the headroom from there, so a live set that grows does not bring a collection every batch.
    this.mark = usedMb();
  }
}
