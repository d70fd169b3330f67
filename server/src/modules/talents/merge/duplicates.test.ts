import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../seed/ids.ts';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../../test/harness.ts';

let t: TestContext;
let cookies: Record<string, string>;
const ids: Record<string, string> = {};
const ID_X = makeIdNumber('110105', '1980-01-01', 1, 'male');
const ID_Y = makeIdNumber('110105', '1981-02-02', 2, 'male');
const ID_Z = makeIdNumber('110105', '1982-03-03', 3, 'male');

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies[who]! } });
type Pair = { a: { id: string; name: string }; b: { id: string; name: string }; score: number; reasons: { code: string; label: string }[] };
const pairs = async (who: string, qs = '') => {
  const res = await call(who, 'GET', `/api/talents/duplicates${qs}`);
  if (res.statusCode !== 200) throw new Error(res.body);
  return res.json() as { items: Pair[]; total: number };
};
const key = (p: Pair) => [p.a.id, p.b.id].sort().join('|');
const pairKey = (x: string, y: string) => [ids[x]!, ids[y]!].sort().join('|');

beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
  const c1 = t.org.county1;
  const seed: [string, string, Record<string, unknown>][] = [
    ['a1', 'county1', { name: '王伟', ownerCountyId: c1, idNumber: ID_X, phones: ['13800000001'], employer: '华为技术有限公司（深圳）' }],
    ['a2', 'county1', { name: '王伟', ownerCountyId: c1, phones: ['13800000001'], employer: '华为技术 有限公司' }],
    ['a3', 'county1', { name: '王伟', ownerCountyId: c1, idNumber: ID_Y, employer: '华为技术有限公司' }],
    ['b1', 'county1', { name: '李娜', ownerCountyId: c1, birthDate: '1990-01-01' }],
    ['b2', 'county1', { name: '李娜', ownerCountyId: c1, birthDate: '1990-01-01', employer: '腾讯' }],
    ['c1', 'county1', { name: '赵六', ownerCountyId: c1, idNumber: ID_Z }],
    ['d1', 'county1', { name: '孙七', ownerCountyId: c1, phones: ['13900000002'] }],
    ['d2', 'county2', { name: '孙七', ownerCountyId: t.org.county2, phones: ['13900000002'] }],
    ['lone', 'county1', { name: '周八', ownerCountyId: c1 }],
  ];
  for (const [k, who, body] of seed) {
    const res = await call(who, 'POST', '/api/talents', body);
    if (res.statusCode !== 201) throw new Error(`${k}: ${res.body}`);
    ids[k] = res.json().id;
  }
  // A legacy duplicate of 赵六 with the same ID number (registered before the registry refused them).
  const res = await t.database.db.execute(sql`
    insert into talents (name, name_pinyin, name_initials, birth_date, gender, id_type, id_number_enc, id_number_hash, id_number_masked, owner_county_id, category, source)
    select name, name_pinyin, name_initials, birth_date, gender, id_type, id_number_enc, id_number_hash, id_number_masked, owner_county_id, category, 'import'
    from talents where id = ${ids.c1} returning id`);
  ids.c2 = (res as unknown as { rows: { id: string }[] }).rows[0]!.id;
});
afterAll(() => t.close());

describe('GET /api/talents/duplicates', () => {
  it('lists likely pairs in scope by score, with reasons and masked records', async () => {
    const res = await pairs('county1');
    // 王伟 a2/a3: same name and employer, a2 has no ID number to contradict it.
    expect(res.items.map(key)).toEqual([pairKey('c1', 'c2'), pairKey('a1', 'a2'), pairKey('b1', 'b2'), pairKey('a2', 'a3')]);
    expect(res.total).toBe(4);
    expect(res.items.map((p) => p.score)).toEqual([160, 120, 60, 50]);
    expect(res.items[0]!.reasons).toEqual([{ code: 'idNumber', label: '证件号码相同' }, { code: 'nameBirthDate', label: '姓名和出生日期相同' }]);
    expect(res.items[1]!.reasons.map((r) => r.code)).toEqual(['phone', 'nameEmployer']);
    const wang = res.items[1]!.a as unknown as Record<string, unknown>;
    expect(wang).toMatchObject({ name: '王伟', ownerCountyName: '甲县' });
    expect(JSON.stringify(res)).not.toContain('13800000001');
    expect(JSON.stringify(res)).not.toContain(ID_X);
  });

  it('never pairs records whose ID numbers differ', async () => {
    const res = await pairs('county1');
    expect(res.items.map(key)).not.toContain(pairKey('a1', 'a3'));
  });

  it('paginates', async () => {
    const res = await pairs('county1', '?page=2&pageSize=1');
    expect(res.total).toBe(4);
    expect(res.items.map(key)).toEqual([pairKey('a1', 'a2')]);
    expect((await call('county1', 'GET', '/api/talents/duplicates?pageSize=500')).statusCode).toBe(400);
  });

  it('a pair reaching into another county is seen by the city only', async () => {
    expect((await pairs('county1')).items.map(key)).not.toContain(pairKey('d1', 'd2'));
    expect((await pairs('county2')).total).toBe(0);
    expect((await pairs('city')).items.map(key)).toContain(pairKey('d1', 'd2'));
  });

  it.each(['outpost', 'hotline', 'leader', 'employer', 'talent', 'sysadmin', 'security', 'auditor'])('%s may not see duplicates', async (who) => {
    expect((await call(who, 'GET', '/api/talents/duplicates')).statusCode).toBe(403);
  });
});

describe('POST /api/talents/duplicates/dismiss and /restore', () => {
  it('“不是同一人” hides the pair for everyone until restored', async () => {
    const res = await call('county1', 'POST', '/api/talents/duplicates/dismiss', { aId: ids.b2, bId: ids.b1, note: '不同出生地' });
    expect(res.statusCode, res.body).toBe(200);
    expect((await pairs('county1')).items.map(key)).not.toContain(pairKey('b1', 'b2'));
    expect((await pairs('city')).items.map(key)).not.toContain(pairKey('b1', 'b2'));
    expect((await call('county1', 'POST', '/api/talents/duplicates/dismiss', { aId: ids.b1, bId: ids.b2 })).statusCode).toBe(200); // idempotent
    expect((await call('county1', 'POST', '/api/talents/duplicates/restore', { aId: ids.b1, bId: ids.b2 })).statusCode).toBe(200);
    expect((await pairs('county1')).items.map(key)).toContain(pairKey('b1', 'b2'));
    expect((await call('county1', 'POST', '/api/talents/duplicates/restore', { aId: ids.b1, bId: ids.b2 })).statusCode).toBe(404);
  });

  it('a record of another county is 404; the same record twice is 400', async () => {
    expect((await call('county1', 'POST', '/api/talents/duplicates/dismiss', { aId: ids.d1, bId: ids.d2 })).statusCode).toBe(404);
    expect((await call('county2', 'POST', '/api/talents/duplicates/dismiss', { aId: ids.a1, bId: ids.a2 })).statusCode).toBe(404);
    const same = await call('county1', 'POST', '/api/talents/duplicates/dismiss', { aId: ids.a1, bId: ids.a1 });
    expect(same.statusCode).toBe(400);
    expect(same.json().error.fields[0].field).toBe('bId');
    expect((await pairs('city')).items.map(key)).toContain(pairKey('d1', 'd2'));
  });

  it.each(['outpost', 'hotline', 'leader'])('%s may not dismiss', async (who) => {
    expect((await call(who, 'POST', '/api/talents/duplicates/dismiss', { aId: ids.a1, bId: ids.a2 })).statusCode).toBe(403);
  });
});
