import { describe, expect, it } from 'vitest';
import { HeapGuard } from './heap-guard.ts';

describe('HeapGuard', () => {
  it('does nothing while the heap stays within its headroom', () => {
    const guard = new HeapGuard(512);
    guard.check();
    expect(guard.collections).toBe(0);
  });

  it('collects once the heap has grown by the headroom, and the garbage is gone after', () => {
    const guard = new HeapGuard(16);
    let garbage: string[][] | null = Array.from({ length: 200 }, (_, i) => Array.from({ length: 1000 }, (_, j) => `row ${i} cell ${j} ${'x'.repeat(40)}`));
    const grown = process.memoryUsage().heapUsed;
    expect(garbage.length).toBe(200);
    garbage = null;
    guard.check();
    expect(guard.collections).toBe(1);
    expect(process.memoryUsage().heapUsed).toBeLessThan(grown - 8 * 1048576);
    // Counted from the live set after the collection: no second collection without new growth.
    guard.check();
    expect(guard.collections).toBe(1);
  });
});
