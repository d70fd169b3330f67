import type { Measurement, Section } from '../lib/section.ts';
import { summarise, round } from '../lib/stats.ts';
import type { BenchContext } from '../lib/target.ts';

/** The searches the registry page makes most, through GET /api/talents as the UI sends them. */
export const SEARCHES: { key: string; name: string; qs: string }[] = [
  { key: 'name', name: '姓名 “王伟” (two characters)', qs: `q=${encodeURIComponent('王伟')}&facets=false` },
  { key: 'initials', name: 'pinyin initials “wwf”', qs: 'q=wwf&facets=false' },
  { key: 'filter', name: 'filters only: degree=doctor & category=expert', qs: 'degree=doctor&category=expert&facets=false' },
  { key: 'combined', name: 'q “华为” + degree + status + facets', qs: `q=${encodeURIComponent('华为')}&degree=master,doctor&status=abroad,intending&facets=true` },
  { key: 'open', name: 'registry page as opened: no filter + facets (extra)', qs: 'facets=true' },
];

const RUNS = Math.max(50, Number(process.env.BENCH_RUNS ?? 60));
const WARMUP = 5;

export const searchSection: Section = {
  name: 'search',
  unavailable: () => null,
  async run(ctx: BenchContext): Promise<Measurement[]> {
    const out: Measurement[] = [];
    for (const role of ['city', 'county'] as const) {
      const cookie = ctx.cookies[role];
      for (const s of SEARCHES) {
        const url = `/api/talents?${s.qs}&pageSize=20`;
        let total = 0;
        const ms: number[] = [];
        for (let i = 0; i < WARMUP + RUNS; i++) {
          const t0 = performance.now();
          const res = await ctx.app.inject({ url, headers: { cookie } });
          const dt = performance.now() - t0;
          if (res.statusCode !== 200) throw new Error(`${url} as ${role}: ${res.statusCode} ${res.body.slice(0, 300)}`);
          if (i >= WARMUP) ms.push(dt);
          else total = (res.json() as { total: number }).total;
        }
        const t = summarise(ms);
        out.push({
          section: 'search',
          target: ctx.target.label,
          name: `${s.name}`,
          role: role === 'city' ? 'city_admin' : 'county_admin (凤鸣区)',
          runs: t.n,
          p50: round(t.p50),
          p95: round(t.p95),
          unit: 'ms',
          goal: s.key === 'open' ? null : { op: '<=', value: ctx.target.searchP95Ms, of: 'p95' },
          pass: s.key === 'open' ? null : t.p95 <= ctx.target.searchP95Ms,
          detail: { matches: total, max: round(t.max), mean: round(t.mean) },
        });
        ctx.log(`  ${role.padEnd(6)} ${s.name.padEnd(52)} p50 ${round(t.p50).toString().padStart(7)} ms  p95 ${round(t.p95).toString().padStart(7)} ms  (${total.toLocaleString('en')} matches)`);
      }
    }
    return out;
  },
};
