import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACET_FIELDS } from '../../../../contracts/talents.ts';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../test/harness.ts';

/**
 * The registry as opened (no word, no filter) takes its facets and total from the counts the
 * triggers keep (talent_facet_deltas, migration 0022). After creates, edits, a move between
 * counties, a merge, a rolled-back write and a compaction they must equal a direct aggregate of
 * the records, for the city and for a county (which never sees the other county's counts).
 */
let t: TestContext;
let cookies: Record<string, string>;

const call = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies[who]! } });

async function create(who: string, body: Record<string, unknown>): Promise<string> {
  const res = await call(who, 'POST', '/api/talents', body);
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json().id;
}
async function patch(id: string, body: Record<string, unknown>) {
  const version = (await call('city', 'GET', `/api/talents/${id}`)).json().version as number;
  const res = await call('city', 'PATCH', `/api/talents/${id}`, { ...body, version });
  if (res.statusCode !== 200) throw new Error(res.body);
}

const COLUMN: Record<string, string> = {
  ownerCountyId: 'owner_county_id::text', category: 'category', degree: 'degree', titleLevel: 'title_level', tier: 'tier',
  status: 'status', source: 'source', industrySection: 'substr(industry_code, 1, 1)',
};

/** What the facets must be: counted straight from the records (county: only its own). */
async function expected(countyId: string | null) {
  const where = sql`merged_into is null ${countyId ? sql`and owner_county_id = ${countyId}` : sql``}`;
  const facets: Record<string, Record<string, number>> = {};
  for (const f of FACET_FIELDS) {
    const res = await t.database.db.execute(sql`select ${sql.raw(COLUMN[f]!)} as v, count(*)::int as n from talents where ${where} and ${sql.raw(COLUMN[f]!)} is not null group by 1`);
    facets[f] = Object.fromEntries((res as unknown as { rows: { v: string; n: number }[] }).rows.map((r) => [r.v, Number(r.n)]));
  }
  const total = Number((((await t.database.db.execute(sql`select count(*)::int as n from talents where ${where}`)) as unknown as { rows: { n: number }[] }).rows[0]!.n));
  return { total, facets };
}

/** What the API answers for the registry as opened. */
async function opened(who: string) {
  const res = await call(who, 'GET', '/api/talents?facets=true&pageSize=5');
  expect(res.statusCode).toBe(200);
  const body = res.json() as { total: number; facets: Record<string, { value: string; count: number }[]> };
  return { total: body.total, facets: Object.fromEntries(FACET_FIELDS.map((f) => [f, Object.fromEntries(body.facets[f]!.map((b) => [b.value, b.count]))])) };
}

async function check() {
  expect(await opened('city')).toEqual(await expected(null));
  expect(await opened('county1')).toEqual(await expected(t.org.county1));
  const c1 = await opened('county1');
  expect(Object.keys(c1.facets.ownerCountyId!)).toEqual(Object.keys(c1.facets.ownerCountyId!).length ? [t.org.county1] : []);
}

beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
});
afterAll(() => t.close());

describe('facet counts of the registry as opened', () => {
  it('start empty and follow creates in two counties', async () => {
    await check();
    expect((await opened('city')).total).toBe(0);
    await create('county1', { name: '张一', ownerCountyId: t.org.county1, category: 'expert', degree: 'doctor', tier: 'A', industryCode: 'I65' });
    await create('county1', { name: '张二', ownerCountyId: t.org.county1, category: 'entrepreneur', degree: 'master' });
    await create('county2', { name: '李三', ownerCountyId: t.org.county2, category: 'expert', degree: 'doctor', status: 'intending' });
    await check();
    expect((await opened('city')).total).toBe(3);
    expect((await opened('county1')).total).toBe(2);
  });

  it('follow edits, a move to another county and a merge', async () => {
    const a = await create('county1', { name: '王五', ownerCountyId: t.org.county1, category: 'youth', degree: 'bachelor' });
    const b = await create('county1', { name: '王五', ownerCountyId: t.org.county1, category: 'youth', degree: 'master' });
    await patch(a, { category: 'expert', titleLevel: 'senior' });
    await check();
    await patch(b, { ownerCountyId: t.org.county2 });
    await check();
    const versions = await Promise.all([a, b].map(async (id) => (await call('city', 'GET', `/api/talents/${id}`)).json().version as number));
    const m = await call('city', 'POST', '/api/talents/merge', { survivorId: a, mergedId: b, fields: {}, survivorVersion: versions[0], mergedVersion: versions[1] });
    expect(m.statusCode).toBe(200);
    await check();
  });

  it('follow a multi-row update and a delete', async () => {
    const gone = await create('county2', { name: '赵六', ownerCountyId: t.org.county2, category: 'worker', degree: 'bachelor', industryCode: 'C13' });
    await t.database.db.execute(sql`update talents set status = 'returned', returned_at = '2026-01-01' where category = 'expert' and merged_into is null`);
    await check();
    await t.database.db.execute(sql`delete from talent_history where talent_id = ${gone}`);
    await t.database.db.execute(sql`delete from talents where id = ${gone}`);
    await check();
  });

  it('are untouched by a write that rolls back, and the same after compaction', async () => {
    const before = await opened('city');
    await expect(
      t.database.db.transaction(async (tx) => {
        await tx.execute(sql`update talents set category = 'chamber' where merged_into is null`);
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    expect(await opened('city')).toEqual(before);
    const rowsBefore = Number((((await t.database.db.execute(sql`select count(*)::int as n from talent_facet_deltas`)) as unknown as { rows: { n: number }[] }).rows[0]!.n));
    await t.database.db.execute(sql`select fenggui_compact_talent_facets()`);
    const rowsAfter = Number((((await t.database.db.execute(sql`select count(*)::int as n from talent_facet_deltas`)) as unknown as { rows: { n: number }[] }).rows[0]!.n));
    expect(rowsAfter).toBeLessThan(rowsBefore);
    expect(await opened('city')).toEqual(before);
    await check();
  });

  it('agree with the filtered path: a filter gives the aggregate over the records', async () => {
    const all = await opened('city');
    const res = (await call('city', 'GET', `/api/talents?facets=true&ownerCountyId=${t.org.county1},${t.org.county2}`)).json() as { total: number };
    expect(res.total).toBe(all.total);
  });
});
