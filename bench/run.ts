/**
 * `npm run bench`: the performance figures of DESIGN.md §6, measured through the real HTTP API.
 *
 *   BENCH_TALENTS=200000      talents in the embedded PGlite database (a fresh copy of a cached, seeded dir)
 *   DATABASE_URL=postgres://… also measure PostgreSQL, seeded once up to BENCH_PG_TALENTS (1,000,000)
 *   MASTER_KEY=<64 hex>       needed with DATABASE_URL (keep it the same between runs)
 *   BENCH_ONLY=pglite|postgres  one target only;  BENCH_SECTIONS=search,export  some sections only
 *   BENCH_RUNS=60             runs per search (at least 50);  BENCH_SEED  generator seed
 *   BENCH_EXPORT_ROWS / BENCH_IMPORT_ROWS = 100000   rows exported / imported
 * Use a database of its own for DATABASE_URL: the bench seeds the demo city into it (and refuses a
 * database set up for another city); rows the import section writes are deleted afterwards.
 *
 * Prints a table and writes bench/results/<time>-<targets>.json and .md.
 */
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_TALENT_SEED } from '../server/src/seed/demo.ts';
import { machineInfo, printTable, writeResults, type RunInfo } from './lib/report.ts';
import type { Measurement, Section } from './lib/section.ts';
import { preparePglite, preparePostgres, type BenchContext, type BenchTarget } from './lib/target.ts';
import { exportSection } from './sections/export.ts';
import { importSection } from './sections/import.ts';
import { searchSection } from './sections/search.ts';

/** Sections in the order they run; add new ones here. */
const SECTIONS: Section[] = [searchSection, exportSection, importSection];

const int = (v: string | undefined, d: number) => (v ? Number(v.replace(/[_,]/g, '')) : d);
const log = (s: string) => console.log(s);

async function main() {
  const startedAt = new Date().toISOString();
  const loadStart = os.loadavg()[0]!;
  const seed = int(process.env.BENCH_SEED, DEFAULT_TALENT_SEED);
  const only = process.env.BENCH_ONLY;
  const wanted = process.env.BENCH_SECTIONS?.split(',').map((s) => s.trim());
  const sections = SECTIONS.filter((s) => !wanted || wanted.includes(s.name));
  const url = process.env.DATABASE_URL || undefined;

  const targets: { target: BenchTarget; open: () => Promise<BenchContext> }[] = [];
  if (only !== 'postgres') {
    const n = int(process.env.BENCH_TALENTS, 200_000);
    const target: BenchTarget = { kind: 'pglite', label: `PGlite ${n.toLocaleString('en')}`, talents: n, searchP95Ms: 100 };
    targets.push({ target, open: () => preparePglite(target, seed, log) });
  }
  if (url && only !== 'pglite') {
    const n = int(process.env.BENCH_PG_TALENTS, 1_000_000);
    const target: BenchTarget = { kind: 'postgres', label: `PostgreSQL ${n.toLocaleString('en')}`, talents: n, searchP95Ms: 50 };
    targets.push({ target, open: () => preparePostgres(target, url, process.env.BENCH_SEED ? seed : undefined, log) });
  }
  if (!url) log('DATABASE_URL not set: PostgreSQL target skipped.');

  const measurements: Measurement[] = [];
  const info: RunInfo = { startedAt, finishedAt: '', ...machineInfo(), loadAverage: { start: loadStart, end: 0 }, targets: [], skipped: [], notes: [] };
  for (const { target, open } of targets) {
    log(`\n== ${target.label} ==`);
    const ctx = await open();
    info.targets.push({ label: target.label, setup: ctx.setup });
    try {
      for (const section of sections) {
        const reason = await section.unavailable(ctx);
        if (reason) {
          log(`-- ${section.name}: skipped (${reason})`);
          info.skipped.push({ section: section.name, target: target.label, reason });
          continue;
        }
        log(`-- ${section.name}`);
        try {
          measurements.push(...(await section.run(ctx)));
        } catch (err) {
          // One broken section must not lose the figures of the others.
          const msg = err instanceof Error ? err.message : String(err);
          log(`-- ${section.name} FAILED: ${msg}`);
          info.skipped.push({ section: section.name, target: target.label, reason: `failed: ${msg.slice(0, 500)}` });
        }
      }
    } finally {
      await ctx.close();
    }
  }
  info.loadAverage.end = os.loadavg()[0]!;
  info.finishedAt = new Date().toISOString();
  info.notes.push('Searches go through app.inject (routing, session, validation, scope, serialisation included), after 5 warm-up runs.');
  info.notes.push('PGlite runs inside the benchmark process, so RSS figures include the embedded database.');
  log(`\n${printTable(measurements)}\n`);
  for (const f of writeResults(measurements, info)) log(`wrote ${path.relative(process.cwd(), f)}`);
  const missed = measurements.filter((m) => m.pass === false);
  if (missed.length) log(`${missed.length} figure(s) miss their goal (marked MISS).`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
