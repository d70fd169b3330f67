import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let cookies: Record<string, string>;
beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
});
afterAll(() => t.close());

const put = (who: string, payload: unknown) =>
  t.app.inject({ method: 'PUT', url: '/api/org', headers: { cookie: cookies[who]! }, payload: payload as object });

describe('organisation', () => {
  it('GET /api/org lists the counties for any logged-in user, not for anonymous', async () => {
    const res = await t.app.inject({ url: '/api/org', headers: { cookie: cookies.county1! } });
    expect(res.statusCode).toBe(200);
    expect(res.json().counties.map((c: { name: string }) => c.name)).toEqual(['甲县', '乙县']);
    expect((await t.app.inject('/api/org')).statusCode).toBe(401);
  });

  it('sysadmin does the first-run set-up; afterwards only city_admin may edit', async () => {
    const org = (await t.app.inject({ url: '/api/org', headers: { cookie: cookies.city! } })).json();
    const first = await put('sysadmin', { city: { name: '凤城市' }, counties: org.counties.map((c: object) => c) });
    expect(first.statusCode).toBe(200);
    expect(first.json().city).toEqual({ name: '凤城市', code: null });
    const info = (await t.app.inject('/api/system/info')).json();
    expect(info).toMatchObject({ initialised: true, cityName: '凤城市' });

    const again = await put('sysadmin', { city: { name: '别的市' }, counties: org.counties });
    expect(again.statusCode).toBe(403);

    const renamed = org.counties.map((c: { name: string }, i: number) => ({ ...c, name: i === 0 ? '甲区' : c.name }));
    const res = await put('city', { city: { name: '凤城市' }, counties: [...renamed, { name: '丙县' }] });
    expect(res.statusCode).toBe(200);
    const after = res.json().counties;
    expect(after.map((c: { name: string }) => c.name)).toEqual(['甲区', '乙县', '丙县']);
    // Renaming keeps the id, so users bound to the county stay bound.
    expect(after[0].id).toBe(t.org.county1);
  });

  it('a county still referenced by users is deactivated, not deleted', async () => {
    const org = (await t.app.inject({ url: '/api/org', headers: { cookie: cookies.city! } })).json();
    const keep = org.counties.filter((c: { id: string; name: string }) => c.id !== t.org.county1 && c.name !== '丙县');
    const res = await put('city', { city: { name: '凤城市' }, counties: keep });
    expect(res.statusCode).toBe(200);
    const all = res.json().counties as { id: string; name: string; active: boolean }[];
    expect(all.find((c) => c.id === t.org.county1)?.active).toBe(false);
    expect(all.find((c) => c.name === '丙县')).toBeUndefined();
  });

  it('validates names and GB/T 2260 codes, naming the field', async () => {
    const dup = await put('city', { city: { name: '凤城市' }, counties: [{ name: '甲' }, { name: '甲' }] });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.message).toMatch(/重复/);
    const badCode = await put('city', { city: { name: '凤城市', code: '999999' }, counties: [{ name: '甲' }] });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().error.fields[0].field).toBe('city.code');
    const empty = await put('city', { city: { name: '' }, counties: [] });
    expect(empty.json().error.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['city.name', 'counties']));
  });

  it.each(['county1', 'outpost', 'hotline', 'leader', 'employer', 'talent', 'security', 'auditor'])(
    '%s may not edit the organisation',
    async (who) => {
      expect((await put(who, { city: { name: '凤城市' }, counties: [{ name: '甲' }] })).statusCode).toBe(403);
    },
  );
});

describe('divisions and countries', () => {
  it('walks GB/T 2260 from provinces to counties', async () => {
    const h = { cookie: cookies.city! };
    const provinces = (await t.app.inject({ url: '/api/divisions', headers: h })).json();
    expect(provinces.find((p: { code: string }) => p.code === '440000')?.name).toBe('广东省');
    const cities = (await t.app.inject({ url: '/api/divisions?parent=440000', headers: h })).json();
    expect(cities.find((c: { code: string }) => c.code === '440300')?.name).toBe('深圳市');
    const districts = (await t.app.inject({ url: '/api/divisions?parent=440300', headers: h })).json();
    expect(districts.some((d: { name: string }) => d.name === '南山区')).toBe(true);
    expect((await t.app.inject({ url: '/api/divisions?parent=abc', headers: h })).statusCode).toBe(400);
  });

  it('lists countries in Chinese, without China', async () => {
    const list = (await t.app.inject({ url: '/api/countries', headers: { cookie: cookies.city! } })).json();
    expect(list.find((c: { code: string }) => c.code === 'US')?.name).toBeTruthy();
    expect(list.find((c: { code: string }) => c.code === 'CN')).toBeUndefined();
  });

  it('lists outposts with their place names to admins and outpost staff only', async () => {
    const list = (await t.app.inject({ url: '/api/outposts', headers: { cookie: cookies.sysadmin! } })).json();
    expect(list.find((o: { name: string }) => o.name === '驻深圳工作站')?.divisionName).toBe('广东省深圳市');
    expect((await t.app.inject({ url: '/api/outposts', headers: { cookie: cookies.talent! } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/outposts', headers: { cookie: cookies.auditor! } })).statusCode).toBe(403);
  });
});
