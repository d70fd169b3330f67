import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { freshDatabase, testEnv } from '../test/harness.ts';
import { seedDemo, seedDemoTalents } from './demo.ts';
import { seedDemoHotline } from './hotline.ts';

let database: Database;
let drop: () => Promise<void>;
const env = testEnv();
const rows = async (q: ReturnType<typeof sql>) => (await database.db.execute(q) as unknown as { rows: Record<string, unknown>[] }).rows;

beforeAll(async () => {
  ({ database, drop } = await freshDatabase());
  await seedDemo(database, env, () => {});
  await seedDemoTalents(database, env, { count: 300, seed: 7, log: () => {} });
});
afterAll(() => drop());

describe('demo hotline cases', () => {
  it('a year of cases with realistic shapes, only into an empty queue', async () => {
    const now = new Date('2026-11-20T10:00:00+08:00');
    const n = await seedDemoHotline(database, env, { count: 400, now, log: () => {} });
    expect(n).toBeGreaterThan(350);
    expect(await seedDemoHotline(database, env, { count: 400, now, log: () => {} })).toBe(0);
    const byStatus = Object.fromEntries((await rows(sql`select status, count(*)::int as n from hotline_cases group by 1`)).map((r) => [r.status, r.n]));
    expect(byStatus.closed).toBeGreaterThan(n * 0.7);
    expect((byStatus.new ?? 0) + (byStatus.in_progress ?? 0) + (byStatus.follow_up ?? 0)).toBeGreaterThan(0);
    const [met] = await rows(sql`select avg(case when resolution_met then 1 else 0 end) as r from hotline_cases where status = 'closed'`);
    expect(Number(met!.r)).toBeGreaterThan(0.7);
    expect(Number(met!.r)).toBeLessThan(1);
    const [span] = await rows(sql`select min(created_at) as a, max(created_at) as b, count(distinct number)::int as u, count(*)::int as c from hotline_cases`);
    expect(new Date(String(span!.b)).getTime() - new Date(String(span!.a)).getTime()).toBeGreaterThan(300 * 86400_000);
    expect(span!.u).toBe(span!.c);
    const [linked] = await rows(sql`select count(*)::int as n from hotline_cases where talent_id is not null`);
    expect(Number(linked!.n)).toBeGreaterThan(0);
    const [events] = await rows(sql`select count(*)::int as n from hotline_case_events`);
    expect(Number(events!.n)).toBeGreaterThan(n * 2);
  });
});
