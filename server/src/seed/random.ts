/**
 * The deterministic generator behind demo data, tests and benchmarks: the same seed gives the
 * same names, counties and accounts on every machine.
 */
export class Rng {
  private state: number;
  constructor(seed = 20261126) {
    this.state = seed >>> 0;
  }
  /** mulberry32: small, fast, good enough for fixtures. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
  /** true with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** One item of `[item, weight]` pairs, with probability proportional to its weight. */
  weighted<T>(list: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of list) total += w;
    let r = this.next() * total;
    for (const [item, w] of list) {
      r -= w;
      if (r < 0) return item;
    }
    return list[list.length - 1]![0];
  }
}
