import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkResidentId } from '../../../contracts/id-number.ts';
import { crossFieldErrors, TalentFieldsSchema } from '../../../contracts/talents.ts';
import { auditLog, talentHistory, talents } from '../db/schema/index.ts';
import { isDivisionCode } from '../modules/org/divisions.ts';
import { createTestContext, loginAs, makeUser, type TestContext } from '../test/harness.ts';
import { insertGeneratedTalents } from './talents-insert.ts';
import { generateTalents, type GeneratorOptions } from './talents.ts';

const OPTS: GeneratorOptions = {
  countyIds: ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'],
  countyNames: ['甲县', '乙县', '丙县'],
};

describe('talent generator', () => {
  const rows = generateTalents(OPTS, 5000);

  it('gives the same rows for the same seed, other rows for another seed', () => {
    expect(JSON.stringify(generateTalents(OPTS, 200))).toBe(JSON.stringify(rows.slice(0, 200)));
    expect(generateTalents({ ...OPTS, seed: 7 }, 20).map((r) => r.name)).not.toEqual(rows.slice(0, 20).map((r) => r.name));
  });

  it('makes valid ID numbers that agree with birth date and gender, and records the API would accept', () => {
    for (const r of rows) {
      const { createdAt: _c, updatedAt: _u, duplicateOf: _d, ...fields } = r;
      expect(TalentFieldsSchema.safeParse(fields).success, JSON.stringify(fields)).toBe(true);
      expect(crossFieldErrors(fields)).toEqual([]);
      if (r.locationCode) expect(isDivisionCode(r.locationCode), r.locationCode).toBe(true);
      if (!r.idNumber) continue;
      const c = checkResidentId(r.idNumber);
      expect(c.ok, r.idNumber).toBe(true);
      if (c.ok) expect([c.birthDate, c.gender]).toEqual([r.birthDate, r.gender]);
    }
  });

  it('repeats about 1% of people and no one else shares an ID number', () => {
    const dups = rows.filter((r) => r.duplicateOf !== null);
    expect(dups.length).toBeGreaterThan(20);
    expect(dups.length).toBeLessThan(100);
    const ids = rows.filter((r) => r.duplicateOf === null && r.idNumber).map((r) => r.idNumber);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of dups) expect(d.name).toBe(rows[d.duplicateOf!]!.name);
  });

  it('has the names people search for, and few A-tier talents', () => {
    const names = new Set(rows.slice(0, 500).map((r) => r.name));
    for (const n of ['王伟', '王伟芳', '张伟', '李娜']) expect(names.has(n), n).toBe(true);
    expect(rows.filter((r) => r.tier === 'A').length).toBeLessThan(rows.length * 0.002);
    expect(rows.filter((r) => r.locationCountry).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.status === 'returned').every((r) => r.returnedAt && r.returnChannel)).toBe(true);
  });
});

describe('insertGeneratedTalents', () => {
  let t: TestContext;
  let city: string;
  let county: string;
  const COUNT = 500;

  beforeAll(async () => {
    t = await createTestContext();
    await insertGeneratedTalents(t.database, t.env, { count: COUNT, countyIds: [t.org.county1, t.org.county2], outpostIds: [t.org.outpost1], batchSize: 120 });
    await makeUser(t, 'gen_city', [{ role: 'city_admin' }]);
    await makeUser(t, 'gen_county', [{ role: 'county_admin', countyId: t.org.county1 }]);
    city = await loginAs(t, 'gen_city');
    county = await loginAs(t, 'gen_county');
  });
  afterAll(() => t.close());

  const list = (cookie: string, qs: string) => t.app.inject({ url: `/api/talents?${qs}`, headers: { cookie } });

  it('lands every row, searchable by name, pinyin initials and exact phone, within scope', async () => {
    const all = await list(city, 'pageSize=1');
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().total).toBe(COUNT);

    const wang = (await list(city, `q=${encodeURIComponent('王伟')}&facets=false&pageSize=100`)).json();
    expect(wang.items.map((i: { name: string }) => i.name)).toContain('王伟');
    const initials = (await list(city, 'q=wwf&facets=false&pageSize=100')).json();
    expect(initials.items.map((i: { name: string }) => i.name)).toContain('王伟芳');

    const one = generateTalents({ countyIds: [t.org.county1, t.org.county2] }, 10).find((r) => r.phones.length)!;
    const byPhone = (await list(city, `q=${one.phones[0]}&facets=false`)).json();
    expect(byPhone.items.map((i: { name: string }) => i.name)).toContain(one.name);

    const mine = (await list(county, 'pageSize=1&facets=true')).json();
    expect(mine.total).toBeGreaterThan(COUNT * 0.3);
    expect(mine.total).toBeLessThan(COUNT * 0.7);
    expect(mine.facets.ownerCountyId).toEqual([expect.objectContaining({ value: t.org.county1, count: mine.total })]);
  });

  it('stores PII encrypted and masked, writes no history and one seed audit event', async () => {
    const [row] = await t.database.db.select().from(talents).where(sql`${talents.idNumberEnc} is not null`).limit(1);
    expect(row!.idNumberEnc).toMatch(/^v1:1:/);
    expect(row!.idNumberMasked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(row!.namePinyin).toMatch(/^[a-z]+$/);
    expect((await t.database.db.select().from(talentHistory)).length).toBe(0);
    const events = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'talent.seed'));
    expect(events).toHaveLength(1);
    expect(events[0]!.detail).toMatchObject({ count: COUNT });
  });
});
