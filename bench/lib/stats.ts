/** Timing and memory helpers of the benchmark. */

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export interface Timings {
  n: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export function summarise(ms: number[]): Timings {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), max: s.at(-1) ?? NaN, mean: s.reduce((a, b) => a + b, 0) / (s.length || 1) };
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export const MB = 1024 * 1024;

/**
 * Samples the process's resident set every `everyMs` while `fn` runs. The embedded database runs
 * inside this process and blocks the event loop while it works, so samples are taken whenever the
 * loop gets a turn; the peak is a lower bound, read together with the baseline before the run.
 */
export async function withPeakRss<T>(fn: () => Promise<T>, everyMs = 50): Promise<{ value: T; baselineMb: number; peakMb: number }> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, everyMs);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, baselineMb: baseline / MB, peakMb: peak / MB };
  } finally {
    clearInterval(timer);
  }
}

export const round = (x: number, digits = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);
