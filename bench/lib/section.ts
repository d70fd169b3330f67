import type { BenchContext } from './target.ts';

/** One figure of the benchmark, with the goal it is held to (if any). */
export interface Measurement {
  section: string;
  /** The database target, e.g. "PGlite 200,000". */
  target: string;
  name: string;
  role?: string;
  runs?: number;
  p50?: number;
  p95?: number;
  /** A single value (a duration, a rate, a size) when there is no distribution. */
  value?: number;
  unit: string;
  goal: { op: '<=' | '>='; value: number; of: 'p95' | 'value' } | null;
  pass: boolean | null;
  detail?: Record<string, unknown>;
}

/**
 * A part of the benchmark. Sections run in order against each prepared database; a section that
 * cannot run (e.g. its module is not in the repository yet) says why and is listed as skipped.
 * To add one: write bench/sections/<name>.ts exporting a Section and list it in bench/run.ts.
 */
export interface Section {
  name: string;
  unavailable(ctx: BenchContext): string | null | Promise<string | null>;
  run(ctx: BenchContext): Promise<Measurement[]>;
}
