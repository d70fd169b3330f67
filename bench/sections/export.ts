import fs from 'node:fs';
import path from 'node:path';
import type { Measurement, Section } from '../lib/section.ts';
import { round, withPeakRss } from '../lib/stats.ts';
import { BENCH_DIR, type BenchContext } from '../lib/target.ts';

const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 100_000);
const GOAL_S = 15;

/** The server's base URL, listening on a free local port (streams need a real socket). */
export async function baseUrl(ctx: BenchContext): Promise<string> {
  if (!ctx.app.server.listening) await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = ctx.app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no server address');
  return `http://127.0.0.1:${addr.port}`;
}

/** Counties (in order) whose records add up to about `rows`, and that count. */
async function filterForRows(ctx: BenchContext, rows: number): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let total = 0;
  for (const c of ctx.counties) {
    ids.push(c.id);
    const res = await ctx.app.inject({ url: `/api/talents?ownerCountyId=${ids.join(',')}&pageSize=1&facets=false`, headers: { cookie: ctx.cookies.city } });
    total = (res.json() as { total: number }).total;
    if (total >= rows) break;
  }
  return { ids, total };
}

/** GET /api/talents/export of ~100,000 rows (masked), over HTTP, read to the last byte. */
export const exportSection: Section = {
  name: 'export',
  unavailable: () =>
    fs.existsSync(path.join(BENCH_DIR, '../server/src/modules/talents/export/export.routes.ts')) ? null : 'GET /api/talents/export is not in the repository yet',
  async run(ctx: BenchContext): Promise<Measurement[]> {
    const { ids, total } = await filterForRows(ctx, ROWS);
    const url = `${await baseUrl(ctx)}/api/talents/export?ownerCountyId=${ids.join(',')}`;
    ctx.log(`  export: ${total.toLocaleString('en')} rows of ${ids.length} counties…`);
    const t0 = performance.now();
    const { value: bytes, baselineMb, peakMb } = await withPeakRss(async () => {
      const res = await fetch(url, { headers: { cookie: ctx.cookies.city } });
      if (res.status !== 200 || !res.body) throw new Error(`export: ${res.status} ${await res.text()}`);
      let n = 0;
      for await (const chunk of res.body) n += (chunk as Uint8Array).byteLength;
      return n;
    });
    const s = (performance.now() - t0) / 1000;
    const per100k = (s * 100_000) / Math.max(1, total);
    ctx.log(`  export: ${total.toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(1)} MB in ${s.toFixed(1)} s; RSS ${baselineMb.toFixed(0)} → peak ${peakMb.toFixed(0)} MB`);
    const common = { section: 'export', target: ctx.target.label, detail: { rows: total, megabytes: round(bytes / 1e6), rowsPerSecond: Math.round(total / s) } };
    return [
      { ...common, name: `export ${total.toLocaleString('en')} rows (xlsx, masked), time`, value: round(s, 2), unit: 's', goal: null, pass: null },
      { ...common, name: 'export time per 100,000 rows', value: round(per100k, 2), unit: 's', goal: { op: '<=', value: GOAL_S, of: 'value' }, pass: per100k <= GOAL_S },
      { ...common, name: `export peak RSS of the process${ctx.target.kind === 'pglite' ? ' (incl. embedded DB)' : ''}`, value: Math.round(peakMb), unit: 'MB', goal: null, pass: null, detail: { ...common.detail, baselineMb: Math.round(baselineMb), growthMb: Math.round(peakMb - baselineMb) } },
    ];
  },
};
