import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { supervision } from '../modules/liaison/liaison.service.ts';
import { freshDatabase, testEnv } from '../test/harness.ts';
import { seedDemo, seedDemoTalents } from './demo.ts';
import { seedDemoLiaison } from './liaison-demo.ts';

let database: Database;
let drop: () => Promise<void>;
const env = testEnv();
const rows = async (q: ReturnType<typeof sql>) => ((await database.db.execute(q)) as unknown as { rows: Record<string, unknown>[] }).rows;

beforeAll(async () => {
  ({ database, drop } = await freshDatabase());
  await seedDemo(database, env, () => {});
  await seedDemoTalents(database, env, { count: 600, seed: 7, log: () => {} });
});
afterAll(() => drop());

describe('demo liaison', () => {
  it('three leaders with a year of contacts, some overdue, problems open and solved; idempotent', async () => {
    const byLeader = await rows(sql`select u.username, count(distinct la.id)::int as a, count(lc.id)::int as c, min(lc.contact_date)::text as first
      from liaison_assignments la join users u on u.id = la.leader_id left join liaison_contacts lc on lc.assignment_id = la.id where la.active group by 1 order by 1`);
    expect(byLeader.map((r) => r.username)).toEqual(['demo_leader', 'demo_leader2', 'demo_leader3']);
    for (const r of byLeader) {
      expect(r.a).toBeGreaterThan(3);
      expect(Number(r.c)).toBeGreaterThan(Number(r.a));
    }
    const [fu] = await rows(sql`select count(*) filter (where status = 'open')::int as o, count(*) filter (where status = 'solved')::int as s from liaison_follow_ups`);
    expect(fu!.o).toBeGreaterThan(0);
    expect(fu!.s).toBeGreaterThan(0);
    const city = { id: '00000000-0000-0000-0000-000000000000', username: 'x', displayName: 'x', isDemo: false, roles: [{ role: 'city_admin' as const, countyId: null, countyName: null, outpostId: null, outpostName: null }] };
    const sup = await supervision({ db: database.db, env, user: city, ip: null, requestId: 't' });
    expect(sup.overdueList.length).toBeGreaterThanOrEqual(6);
    expect(sup.leaders.every((l) => l.withinRule > 0)).toBe(true);
    // The demo leaders have their own (fictional) mobiles for the SMS reminders, sealed like PII.
    expect(await rows(sql`select username, phone_masked, phone_enc like 'v1:%' as sealed from users where username like 'demo_leader%' order by 1`)).toEqual([
      { username: 'demo_leader', phone_masked: '139****0001', sealed: true },
      { username: 'demo_leader2', phone_masked: '139****0002', sealed: true },
      { username: 'demo_leader3', phone_masked: '139****0003', sealed: true },
    ]);
    const before = (await rows(sql`select count(*)::int as n from liaison_contacts`))[0]!.n;
    await seedDemoLiaison(database, env, () => {});
    expect((await rows(sql`select count(*)::int as n from liaison_contacts`))[0]!.n).toBe(before);
  });
});
