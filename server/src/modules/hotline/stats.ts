import { and, gte, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import {
  HOTLINE_CATEGORIES, HOTLINE_OUTCOMES, HOTLINE_SOURCES, HOTLINE_STATUSES, type HotlineStats, type StatsQuerySchema,
} from '../../../../contracts/hotline.ts';
import { counties, hotlineCases } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { invalid } from '../../lib/errors.ts';
import { caseScope } from './hotline.policy.ts';

export type StatsQuery = z.infer<typeof StatsQuerySchema>;

type Row = Record<string, unknown>;
const rowsOf = (res: unknown) => (res as { rows: Row[] }).rows;
const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);

/** Beijing dates → the instants bounding them ([from 00:00, to+1 00:00) in UTC+8). */
export function periodBounds(q: Pick<StatsQuery, 'from' | 'to'>): { start: Date; end: Date } {
  if (q.from > q.to) throw invalid('to', '结束日期不能早于开始日期');
  const start = new Date(`${q.from}T00:00:00+08:00`);
  const end = new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86400_000);
  if (end.getTime() - start.getTime() > 5 * 366 * 86400_000) throw invalid('from', '统计区间不能超过 5 年');
  return { start, end };
}

/** The cases counted: in the user's scope, opened in the period, of the level and category asked. */
export function statsWhere(ctx: Ctx, q: StatsQuery): SQL {
  const { start, end } = periodBounds(q);
  const conds: SQL[] = [caseScope(ctx.user), gte(hotlineCases.createdAt, start), lt(hotlineCases.createdAt, end)];
  if (q.level === 'city') conds.push(isNull(hotlineCases.countyId));
  else if (q.level) {
    if (!/^[0-9a-f-]{36}$/i.test(q.level)) throw invalid('level', '承办层级无效');
    conds.push(sql`${hotlineCases.countyId} = ${q.level}`);
  }
  if (q.category) conds.push(sql`${hotlineCases.category} = ${q.category}`);
  return and(...conds)!;
}

/** Counts in the dictionary's order (the order the UI lists categories, statuses, outcomes in). */
const labelled = (rows: Row[], labels: Record<string, string>) => {
  const order = Object.keys(labels);
  return rows
    .map((r) => ({ key: String(r.k), label: labels[String(r.k)] ?? String(r.k), count: Number(r.n) }))
    .sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
};

/**
 * The statistics page: every figure is one aggregate over the same WHERE (scope, period, level,
 * category). Times are the stored working minutes (pauses excluded); medians and p90 by
 * percentile_cont. "Helped into jobs / investments / projects" counts distinct talents of cases
 * closed with that outcome.
 */
export async function hotlineStats(ctx: Ctx, q: StatsQuery): Promise<HotlineStats> {
  const where = statsWhere(ctx, q);
  const group = async (expr: SQL, extra?: SQL) =>
    rowsOf(await ctx.db.execute(sql`select ${expr} as k, count(*)::int as n from ${hotlineCases} where ${where} ${extra ? sql`and ${extra}` : sql``} group by 1 order by 1`));
  const local = sql`(${hotlineCases.createdAt} at time zone 'UTC') + interval '8 hours'`;
  const trunc = q.period === 'day' ? sql`to_char(${local}, 'YYYY-MM-DD')` : q.period === 'week' ? sql`to_char(date_trunc('week', ${local}), 'YYYY-MM-DD')` : sql`to_char(${local}, 'YYYY-MM')`;
  const [cat, lvl, src, st, per, out, agg] = await Promise.all([
    group(sql`${hotlineCases.category}`),
    group(sql`coalesce(${hotlineCases.countyId}::text, 'city')`),
    group(sql`${hotlineCases.source}`),
    group(sql`${hotlineCases.status}`),
    group(trunc),
    group(sql`${hotlineCases.outcome}`, sql`${hotlineCases.status} = 'closed' and ${hotlineCases.outcome} is not null`),
    ctx.db.execute(sql`
      select count(*)::int as total,
        count(first_response_used_minutes)::int as fr_n,
        percentile_cont(0.5) within group (order by first_response_used_minutes) as fr_med,
        percentile_cont(0.9) within group (order by first_response_used_minutes) as fr_p90,
        count(resolution_used_minutes) filter (where status = 'closed')::int as res_n,
        percentile_cont(0.5) within group (order by resolution_used_minutes) filter (where status = 'closed') as res_med,
        percentile_cont(0.9) within group (order by resolution_used_minutes) filter (where status = 'closed') as res_p90,
        count(*) filter (where first_response_met)::int as fr_met,
        count(first_response_met)::int as fr_total,
        count(*) filter (where resolution_met and status = 'closed')::int as res_met,
        count(resolution_met) filter (where status = 'closed')::int as res_total,
        count(satisfaction)::int as sat_n, avg(satisfaction) as sat_avg,
        count(distinct talent_id) filter (where status = 'closed' and outcome = 'job')::int as helped_job,
        count(distinct talent_id) filter (where status = 'closed' and outcome = 'investment')::int as helped_investment,
        count(distinct talent_id) filter (where status = 'closed' and outcome = 'project')::int as helped_project
      from ${hotlineCases} where ${where}`),
  ]);
  const countyRows = await ctx.db.select({ id: counties.id, name: counties.name, sortOrder: counties.sortOrder }).from(counties).orderBy(counties.sortOrder, counties.name);
  const countyNames = new Map(countyRows.map((c) => [c.id, c.name]));
  const levelOrder = ['city', ...countyRows.map((c) => c.id)];
  const a = rowsOf(agg)[0]!;
  return {
    total: Number(a.total),
    byCategory: labelled(cat, HOTLINE_CATEGORIES),
    byLevel: lvl
      .map((r) => ({ key: String(r.k), label: r.k === 'city' ? '市热线' : `${countyNames.get(String(r.k)) ?? '县（市、区）'}热线`, count: Number(r.n) }))
      .sort((a, b) => levelOrder.indexOf(a.key) - levelOrder.indexOf(b.key)),
    bySource: labelled(src, HOTLINE_SOURCES),
    byStatus: labelled(st, HOTLINE_STATUSES),
    byPeriod: per.map((r) => ({ key: String(r.k), label: String(r.k), count: Number(r.n) })),
    byOutcome: labelled(out, HOTLINE_OUTCOMES),
    firstResponse: { count: Number(a.fr_n), median: num(a.fr_med), p90: num(a.fr_p90) },
    resolution: { count: Number(a.res_n), median: num(a.res_med), p90: num(a.res_p90) },
    sla: { firstResponseMet: Number(a.fr_met), firstResponseTotal: Number(a.fr_total), resolutionMet: Number(a.res_met), resolutionTotal: Number(a.res_total) },
    satisfaction: { count: Number(a.sat_n), average: num(a.sat_avg) },
    helpedTalents: { job: Number(a.helped_job), investment: Number(a.helped_investment), project: Number(a.helped_project) },
  };
}
