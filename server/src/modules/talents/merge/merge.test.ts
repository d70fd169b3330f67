import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, liaisonAssignments, talents, users } from '../../../db/schema/index.ts';
import { makeIdNumber } from '../../../seed/ids.ts';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../../test/harness.ts';

let t: TestContext;
let cookies: Record<string, string>;
const ID_M = makeIdNumber('110105', '1975-07-07', 9, 'female');

const call = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies[who]! } });
const create = async (who: string, body: Record<string, unknown>): Promise<string> => {
  const res = await call(who, 'POST', '/api/talents', body);
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json().id;
};
const version = async (id: string) => (await call('city', 'GET', `/api/talents/${id}`)).json().version as number;
const merge = async (who: string, survivorId: string, mergedId: string, fields: Record<string, string> = {}, versions?: [number, number]) =>
  call(who, 'POST', '/api/talents/merge', {
    survivorId, mergedId, fields,
    survivorVersion: versions?.[0] ?? (await version(survivorId)),
    mergedVersion: versions?.[1] ?? (await version(mergedId)),
  });

beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
  // A table of a later module that references talents: merging must move its rows too.
  await t.database.db.execute(sql`create table merge_test_links (id serial primary key, talent_id uuid not null references talents(id))`);
});
afterAll(() => t.close());

describe('POST /api/talents/merge', () => {
  it('takes fields as chosen, unions lists, re-derives PII columns and moves history and links', async () => {
    const c1 = t.org.county1;
    const s = await create('county1', { name: '钱一', ownerCountyId: c1, phones: ['13800000011'], honours: ['国家杰青'], tags: ['重点'], employer: '甲公司', category: 'expert' });
    const m = await create('county1', { name: '钱一', ownerCountyId: c1, idNumber: ID_M, phones: ['13800000012', '13800000011'], honours: ['长江学者'], tags: ['重点', '有意向'], employer: '乙研究院', position: '总工', email: 'qian@example.cn', category: 'entrepreneur' });
    expect((await call('county1', 'PATCH', `/api/talents/${m}`, { version: 1, remarks: '被合并前的修改' })).statusCode).toBe(200);
    const [leader] = await t.database.db.select().from(users).where(eq(users.username, 'u_leader'));
    await t.database.db.insert(liaisonAssignments).values({ talentId: m, leaderId: leader!.id });
    await t.database.db.execute(sql`insert into merge_test_links (talent_id) values (${m})`);

    const res = await merge('county1', s, m, { employer: 'merged' });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out.survivor).toMatchObject({
      id: s, version: 2, employer: '乙研究院', position: '总工', email: 'qian@example.cn', category: 'expert',
      honours: ['国家杰青', '长江学者'], tags: ['重点', '有意向'], phonesMasked: ['138****0011', '138****0012'],
      idNumberMasked: `110105********${ID_M.slice(-4)}`, birthDate: '1975-07-07', remarks: '被合并前的修改',
    });
    expect(out.takenFromMerged).toEqual(expect.arrayContaining(['employer', 'position', 'email', 'idNumber', 'phones', 'honours', 'tags']));
    expect(out.takenFromMerged).not.toContain('category');
    expect(out.moved).toMatchObject({ talent_history: 2, liaison_assignments: 1, 'merge_test_links.talent_id': 1 });

    // The merged record is gone from gets and lists; the survivor is found by the merged one's phone, ID and employer.
    expect((await call('county1', 'GET', `/api/talents/${m}`)).statusCode).toBe(404);
    const found = async (q: string) => (await call('county1', 'GET', `/api/talents?q=${encodeURIComponent(q)}`)).json().items.map((i: { id: string }) => i.id);
    expect(await found('13800000012')).toEqual([s]);
    expect(await found(ID_M)).toEqual([s]);
    expect(await found('乙研究')).toEqual([s]);
    const reveal = (await call('county1', 'POST', `/api/talents/${s}/reveal`)).json();
    expect(reveal).toEqual({ idNumber: ID_M, phones: ['13800000011', '13800000012'] });
    // The ID number stays registered (now on the survivor).
    expect((await call('county1', 'POST', '/api/talents', { name: '又一个', ownerCountyId: c1, idNumber: ID_M })).statusCode).toBe(409);

    const hist = (await call('county1', 'GET', `/api/talents/${s}/history`)).json();
    expect(hist[0]).toMatchObject({ action: 'merge', actorName: 'u_county1' });
    expect(hist[0].note).toContain('工作单位');
    expect(hist[0].changes).toEqual(expect.arrayContaining([{ field: 'employer', before: '甲公司', after: '乙研究院' }]));
    expect(hist.filter((h: { note: string | null }) => h.note?.includes('原属被合并记录')).map((h: { action: string }) => h.action).sort()).toEqual(['create', 'update']);
    expect(JSON.stringify(hist)).not.toContain(ID_M);

    expect((await call('leader', 'GET', `/api/talents/${s}`)).statusCode).toBe(200);
    const [link] = (await t.database.db.execute(sql`select talent_id from merge_test_links`) as unknown as { rows: { talent_id: string }[] }).rows;
    expect(link!.talent_id).toBe(s);
    const [row] = await t.database.db.select().from(talents).where(eq(talents.id, m));
    expect(row!.mergedInto).toBe(s);
    const [audit] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'talent.merge'));
    expect(audit).toMatchObject({ targetId: s, actorName: 'u_county1' });
    expect(audit!.detail).toMatchObject({ survivorId: s, mergedId: m });
    // A merged record can't be merged again.
    expect((await merge('county1', s, m, {}, [2, 2])).statusCode).toBe(404);
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const a = await create('county1', { name: '孙二', ownerCountyId: t.org.county1 });
    const b = await create('county1', { name: '孙二', ownerCountyId: t.org.county1 });
    const res = await merge('county1', a, b, {}, [1, 0]);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('VERSION_CONFLICT');
    expect((await call('county1', 'GET', `/api/talents/${b}`)).statusCode).toBe(200);
  });

  it('validates: same record, unknown or union fields in `fields`, too many phones, contradicting ID and birth date', async () => {
    const c1 = t.org.county1;
    const a = await create('county1', { name: '周三', ownerCountyId: c1, phones: ['13700000001', '13700000002', '13700000003'], birthDate: '1990-01-01' });
    const b = await create('county1', { name: '周三', ownerCountyId: c1, phones: ['13700000004', '13700000005', '13700000006'], idNumber: makeIdNumber('110105', '1991-01-01', 1, 'male') });
    expect((await merge('county1', a, a)).json().error.fields[0].field).toBe('mergedId');
    expect((await merge('county1', a, b, { phones: 'merged' })).statusCode).toBe(400);
    expect((await merge('county1', a, b, { nonsense: 'merged' })).statusCode).toBe(400);
    expect((await merge('county1', a, b, { employer: 'both' })).statusCode).toBe(400);
    const tooMany = await merge('county1', a, b);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.fields[0]).toMatchObject({ field: 'phones', message: expect.stringContaining('超过上限 5 项') });
    await call('county1', 'PATCH', `/api/talents/${b}`, { version: 1, phones: ['13700000004'] });
    const clash = await merge('county1', a, b, { idNumber: 'merged', birthDate: 'survivor' });
    expect(clash.statusCode).toBe(400);
    expect(clash.json().error.fields[0]).toMatchObject({ field: 'birthDate', message: expect.stringContaining('与身份证号不符') });
  });

  it('both records must be in the user’s scope: another county’s record is 404 either way round', async () => {
    const own = await create('county1', { name: '郑四', ownerCountyId: t.org.county1 });
    const other = await create('county2', { name: '郑四', ownerCountyId: t.org.county2 });
    expect((await merge('county1', own, other)).statusCode).toBe(404);
    expect((await merge('county1', other, own)).statusCode).toBe(404);
    expect((await merge('county2', other, own)).statusCode).toBe(404);
    expect((await call('county2', 'GET', `/api/talents/${other}`)).statusCode).toBe(200);
    // The city merges across counties and may keep the merged record's county.
    const res = await merge('city', own, other, { ownerCountyId: 'merged' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().survivor.ownerCountyName).toBe('乙县');
  });

  it.each(['outpost', 'hotline', 'leader', 'employer', 'talent', 'sysadmin', 'security', 'auditor'])('%s may not merge', async (who) => {
    const body = { survivorId: '00000000-0000-4000-8000-000000000001', mergedId: '00000000-0000-4000-8000-000000000002', survivorVersion: 1, mergedVersion: 1, fields: {} };
    expect((await call(who, 'POST', '/api/talents/merge', body)).statusCode).toBe(403);
  });

  it('a merged record leaves the duplicates page', async () => {
    const a = await create('county1', { name: '冯五', ownerCountyId: t.org.county1, phones: ['13600000001'] });
    const b = await create('county1', { name: '冯五', ownerCountyId: t.org.county1, phones: ['13600000001'] });
    const before = (await call('county1', 'GET', '/api/talents/duplicates?pageSize=50')).json();
    expect(before.items.some((p: { a: { id: string }; b: { id: string } }) => [p.a.id, p.b.id].includes(b))).toBe(true);
    expect((await merge('county1', a, b)).statusCode).toBe(200);
    const after = (await call('county1', 'GET', '/api/talents/duplicates?pageSize=50')).json();
    expect(after.items.some((p: { a: { id: string }; b: { id: string } }) => [p.a.id, p.b.id].includes(b))).toBe(false);
  });
});
