import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, liaisonAssignments, talents, users } from '../../db/schema/index.ts';
import { makeIdNumber } from '../../seed/ids.ts';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let cookies: Record<string, string>;
const ids: Record<string, string> = {};

const ID_WANG = makeIdNumber('110105', '1990-05-01', 12, 'female');

async function create(who: string, body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/talents', headers: { cookie: cookies[who]! }, payload: body });
}
const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: cookies[who]! } });

beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
  const seed: [string, string, Record<string, unknown>][] = [
    ['wang', 'county1', { name: '王伟芳', idNumber: ID_WANG, phones: ['138 0013 8000'], employer: '华为技术有限公司', school: '清华大学', specialty: '通信工程', category: 'expert', degree: 'doctor', titleLevel: 'senior', tier: 'B', locationCode: '440305', industryCode: 'I65' }],
    ['li', 'county1', { name: '李伟', employer: '深圳市腾讯计算机系统有限公司', category: 'entrepreneur', degree: 'master', locationCountry: 'US' }],
    ['wangwei2', 'county2', { name: '王伟', employer: '华为技术有限公司', category: 'expert', degree: 'doctor' }],
    ['outposted', 'outpost', { name: '赵站荐', outpostId: '', category: 'chamber' }],
  ];
  for (const [key, who, body] of seed) {
    const payload: Record<string, unknown> = { ...body, ownerCountyId: who === 'county2' ? t.org.county2 : t.org.county1 };
    if (key === 'outposted') payload.outpostId = t.org.outpost1;
    const res = await create(who === 'outpost' ? 'outpost' : who, payload);
    if (res.statusCode !== 201) throw new Error(`${key}: ${res.body}`);
    ids[key] = res.json().id;
  }
});
afterAll(() => t.close());

describe('POST /api/talents', () => {
  it('stores a record, masks sensitive fields and derives birth date and gender from the ID', async () => {
    const r = (await get('county1', `/api/talents/${ids.wang}`)).json();
    expect(r).toMatchObject({ name: '王伟芳', idNumberMasked: '110105********' + ID_WANG.slice(-4), phonesMasked: ['138****8000'], birthDate: '1990-05-01', gender: 'female', ownerCountyName: '甲县', locationName: '广东省深圳市南山区', industryName: '软件和信息技术服务业' });
    expect(JSON.stringify(r)).not.toContain(ID_WANG);
    expect(JSON.stringify(r)).not.toContain('13800138000');
  });

  it('keeps ID numbers and phones encrypted at rest', async () => {
    const [row] = await t.database.db.select().from(talents).where(eq(talents.id, ids.wang!));
    expect(JSON.stringify(row)).not.toContain(ID_WANG);
    expect(JSON.stringify(row)).not.toContain('13800138000');
    expect(row!.idNumberEnc).toMatch(/^v1:1:/);
  });

  it('rejects a bad ID checksum, an ID that contradicts the birth date, and a bad phone — naming each field', async () => {
    const bad = ID_WANG.slice(0, 17) + (ID_WANG[17] === '1' ? '2' : '1');
    const a = await create('county1', { name: '甲', ownerCountyId: t.org.county1, idNumber: bad });
    expect(a.statusCode).toBe(400);
    expect(a.json().error.fields).toEqual([{ field: 'idNumber', message: '身份证号校验位不正确' }]);
    const b = await create('county1', { name: '乙', ownerCountyId: t.org.county1, idNumber: makeIdNumber('110105', '1985-01-02', 1, 'male'), birthDate: '1985-02-01' });
    expect(b.json().error.fields[0]).toMatchObject({ field: 'birthDate', message: expect.stringContaining('与身份证号不符') });
    const c = await create('county1', { name: '丙', ownerCountyId: t.org.county1, phones: ['12345'] });
    expect(c.json().error.fields[0]).toMatchObject({ field: 'phones.0', message: '不是有效的手机号或带区号的固定电话' });
  });

  it('accepts full-width digits and a lower-case x in the ID number', async () => {
    const withX = (() => {
      for (let seq = 0; seq < 100; seq++) {
        const cand = makeIdNumber('110101', '1979-12-31', seq, 'male');
        if (cand.endsWith('X')) return cand;
      }
      throw new Error('no X');
    })();
    const fullWidth = withX.slice(0, 17).replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)) + 'x';
    const res = await create('city', { name: '全角', ownerCountyId: t.org.county2, idNumber: ` ${fullWidth} ` });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().idNumberMasked).toBe(`110101********${withX.slice(-4)}`);
  });

  it('refuses a second record with the same ID number without saying where it is', async () => {
    const res = await create('county2', { name: '重复', ownerCountyId: t.org.county2, idNumber: ID_WANG });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).not.toContain('甲县');
  });

  it('a county admin may only register into their own county', async () => {
    const res = await create('county1', { name: '越界', ownerCountyId: t.org.county2 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('ownerCountyId');
  });

  it('refuses fields the client may not write (mass assignment)', async () => {
    const res = await create('county1', { name: '越权', ownerCountyId: t.org.county1, accountUserId: '00000000-0000-4000-8000-000000000000', mergedInto: null });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it.each(['hotline', 'leader', 'employer', 'talent', 'sysadmin', 'security', 'auditor'])('%s may not create', async (who) => {
    expect((await create(who, { name: '某', ownerCountyId: t.org.county1 })).statusCode).toBe(403);
  });
});

describe('GET /api/talents — search', () => {
  const names = async (who: string, qs: string) => (await get(who, `/api/talents?${qs}`)).json().items.map((i: { name: string }) => i.name).sort();

  it('finds by two Chinese characters inside a name', async () => {
    expect(await names('city', `q=${encodeURIComponent('王伟')}`)).toEqual(['王伟', '王伟芳']);
    expect(await names('city', `q=${encodeURIComponent('伟芳')}`)).toEqual(['王伟芳']);
  });

  it('finds by pinyin and by initials', async () => {
    expect(await names('city', 'q=wangweifang')).toEqual(['王伟芳']);
    expect(await names('city', 'q=wwf')).toEqual(['王伟芳']);
    expect(await names('city', 'q=WangWei')).toEqual(['王伟', '王伟芳']);
    expect(await names('city', 'q=lw')).toEqual(['李伟']);
  });

  it('finds by employer, school or specialty fragment', async () => {
    expect(await names('city', `q=${encodeURIComponent('腾讯')}`)).toEqual(['李伟']);
    expect(await names('city', `q=${encodeURIComponent('华为')}`)).toEqual(['王伟', '王伟芳']);
    expect(await names('city', `q=${encodeURIComponent('清华')}`)).toEqual(['王伟芳']);
    expect(await names('city', `q=${encodeURIComponent('通信')}`)).toEqual(['王伟芳']);
  });

  it('finds by a full phone number or ID number (exact, through the blind index)', async () => {
    expect(await names('city', 'q=13800138000')).toEqual(['王伟芳']);
    expect(await names('city', `q=${ID_WANG}`)).toEqual(['王伟芳']);
    expect(await names('city', 'q=1380013')).toEqual([]);
  });

  it('filters, counts facets and paginates', async () => {
    const res = (await get('city', '/api/talents?category=expert&degree=doctor&pageSize=1')).json();
    expect(res.total).toBe(2);
    expect(res.items).toHaveLength(1);
    expect(res.facets.category).toEqual([{ value: 'expert', label: '专家学者', count: 2 }]);
    expect(res.facets.ownerCountyId.map((f: { label: string; count: number }) => [f.label, f.count]).sort()).toEqual([['乙县', 1], ['甲县', 1]]);
    // A facet with a selected value still lists its other values (counted without its own filter).
    const one = (await get('city', '/api/talents?category=expert')).json();
    expect(one.total).toBe(2);
    expect(one.facets.category.map((f: { value: string }) => f.value)).toEqual(expect.arrayContaining(['expert', 'entrepreneur']));
    const abroad = (await get('city', '/api/talents?abroad=true')).json();
    expect(abroad.items.map((i: { name: string }) => i.name)).toEqual(['李伟']);
  });

  it('with a search word, counts every facet under all filters but its own — the same as listing them', async () => {
    const FACETS = ['ownerCountyId', 'category', 'degree', 'titleLevel', 'tier', 'status'] as const;
    const listed = async (who: string, qs: string) => (await get(who, `/api/talents?${qs}&pageSize=100&facets=false`)).json().items as Record<string, string | null>[];
    for (const [who, qs] of [
      ['city', `q=${encodeURIComponent('伟')}`],
      ['city', `q=${encodeURIComponent('伟')}&category=expert`],
      ['city', `q=${encodeURIComponent('伟')}&category=expert&degree=doctor`],
      ['city', `q=${encodeURIComponent('华为')}&ownerCountyId=${t.org.county2}`],
      ['county2', `q=${encodeURIComponent('伟')}&category=expert`],
    ] as const) {
      const res = (await get(who, `/api/talents?${qs}`)).json();
      const all = await listed(who, qs);
      expect(res.total, qs).toBe(all.length);
      // The page that comes with the facets (one statement) is the page of the plain listing.
      expect(res.items.map((i: { id: string }) => i.id), qs).toEqual(all.slice(0, res.items.length).map((i) => i.id));
      for (const sort of ['name', '-birthDate']) {
        const second = (await get(who, `/api/talents?${qs}&sort=${sort}&pageSize=1&page=2`)).json();
        const plain = (await get(who, `/api/talents?${qs}&sort=${sort}&pageSize=100&facets=false`)).json().items as { id: string }[];
        expect(second.items.map((i: { id: string }) => i.id), `${qs} ${sort}`).toEqual(plain.slice(1, 2).map((i) => i.id));
      }
      for (const f of FACETS) {
        const without = qs.split('&').filter((p) => !p.startsWith(`${f}=`)).join('&');
        const expected = new Map<string, number>();
        for (const i of await listed(who, without)) if (i[f] != null) expected.set(String(i[f]), (expected.get(String(i[f])) ?? 0) + 1);
        const got = new Map((res.facets[f] as { value: string; count: number }[]).map((b) => [b.value, b.count]));
        expect(got, `${who} ${qs} ${f}`).toEqual(expected);
      }
    }
  });

  it('sorts by name (pinyin)', async () => {
    const res = (await get('city', '/api/talents?sort=name&facets=false')).json();
    const pinyins = res.items.map((i: { name: string }) => i.name);
    expect(pinyins.indexOf('李伟')).toBeLessThan(pinyins.indexOf('王伟'));
  });

  it('validates query parameters', async () => {
    const res = await get('city', '/api/talents?degree=phd&pageSize=1000');
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['pageSize']));
  });
});

describe('scope', () => {
  it('a county admin never sees, counts or facets another county’s talents', async () => {
    const res = (await get('county2', `/api/talents?q=${encodeURIComponent('王伟')}`)).json();
    expect(res.items.map((i: { name: string }) => i.name)).toEqual(['王伟']);
    expect(res.total).toBe(1);
    expect(res.facets.ownerCountyId).toEqual([{ value: t.org.county2, label: '乙县', count: 1 }]);
    const all = (await get('county2', '/api/talents')).json();
    expect(all.items.every((i: { ownerCountyId: string }) => i.ownerCountyId === t.org.county2)).toBe(true);
  });

  it('a record of another county is 404 for get, history, patch and reveal — and the attempt is audited', async () => {
    expect((await get('county2', `/api/talents/${ids.wang}`)).statusCode).toBe(404);
    expect((await get('county2', `/api/talents/${ids.wang}/history`)).statusCode).toBe(404);
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/talents/${ids.wang}`, headers: { cookie: cookies.county2! }, payload: { version: 1, name: 'x' } });
    expect(patch.statusCode).toBe(404);
    const reveal = await t.app.inject({ method: 'POST', url: `/api/talents/${ids.wang}/reveal`, headers: { cookie: cookies.county2! } });
    expect(reveal.statusCode).toBe(404);
    const denied = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'access.denied'), eq(auditLog.targetId, ids.wang!)));
    expect(denied.length).toBe(4);
    expect(denied.every((d) => d.actorName === 'u_county2' && d.targetType === 'talent' && d.outcome === 'denied')).toBe(true);
  });

  it('outpost staff see the talents their outpost recommended', async () => {
    const res = (await get('outpost', '/api/talents')).json();
    expect(res.items.map((i: { name: string }) => i.name)).toEqual(['赵站荐']);
  });

  it('a leader sees only the talents assigned to them', async () => {
    expect((await get('leader', '/api/talents')).json().total).toBe(0);
    const [leader] = await t.database.db.select().from(users).where(eq(users.username, 'u_leader'));
    await t.database.db.insert(liaisonAssignments).values({ talentId: ids.li!, leaderId: leader!.id });
    const res = (await get('leader', '/api/talents')).json();
    expect(res.items.map((i: { name: string }) => i.name)).toEqual(['李伟']);
    expect((await get('leader', `/api/talents/${ids.wang}`)).statusCode).toBe(404);
    expect((await get('leader', `/api/talents/${ids.li}`)).statusCode).toBe(200);
  });

  it.each(['employer', 'talent', 'sysadmin', 'security', 'auditor'])('%s cannot read the registry', async (who) => {
    expect((await get(who, '/api/talents')).statusCode).toBe(403);
    expect((await get(who, `/api/talents/${ids.wang}`)).statusCode).toBe(403);
  });
});

describe('PATCH /api/talents/:id and history', () => {
  it('updates with the version, records before/after (PII masked), and refuses a stale version', async () => {
    const cur = (await get('county1', `/api/talents/${ids.li}`)).json();
    const res = await t.app.inject({ method: 'PATCH', url: `/api/talents/${ids.li}`, headers: { cookie: cookies.county1! }, payload: { version: cur.version, employer: '阿里巴巴', phones: ['13912345678'] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ employer: '阿里巴巴', version: cur.version + 1, phonesMasked: ['139****5678'] });
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/talents/${ids.li}`, headers: { cookie: cookies.county1! }, payload: { version: cur.version, employer: '旧' } });
    expect(stale.statusCode).toBe(409);
    const hist = (await get('county1', `/api/talents/${ids.li}/history`)).json();
    expect(hist[0].action).toBe('update');
    expect(hist[0].actorName).toBe('u_county1');
    expect(hist[0].changes).toEqual(expect.arrayContaining([
      { field: 'employer', before: '深圳市腾讯计算机系统有限公司', after: '阿里巴巴' },
      { field: 'phones', before: [], after: ['139****5678'] },
    ]));
    expect(JSON.stringify(hist)).not.toContain('13912345678');
    expect(hist.at(-1).action).toBe('create');
    // The search index follows the edit.
    expect((await get('county1', `/api/talents?q=${encodeURIComponent('阿里')}`)).json().total).toBe(1);
  });

  it('a county admin cannot move a record to another county; the city can', async () => {
    const cur = (await get('county1', `/api/talents/${ids.li}`)).json();
    const res = await t.app.inject({ method: 'PATCH', url: `/api/talents/${ids.li}`, headers: { cookie: cookies.county1! }, payload: { version: cur.version, ownerCountyId: t.org.county2 } });
    expect(res.statusCode).toBe(400);
    const ok = await t.app.inject({ method: 'PATCH', url: `/api/talents/${ids.li}`, headers: { cookie: cookies.city! }, payload: { version: cur.version, ownerCountyId: t.org.county2 } });
    expect(ok.statusCode).toBe(200);
    expect((await get('county1', `/api/talents/${ids.li}`)).statusCode).toBe(404);
  });

  it('hotline agents and leaders read but cannot edit', async () => {
    for (const who of ['hotline', 'leader']) {
      const res = await t.app.inject({ method: 'PATCH', url: `/api/talents/${ids.wang}`, headers: { cookie: cookies[who]! }, payload: { version: 1, name: 'x' } });
      expect(res.statusCode).toBe(403);
    }
  });
});

describe('POST /api/talents/:id/reveal', () => {
  it('returns the clear values to a county admin in scope and audits it', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/talents/${ids.wang}/reveal`, headers: { cookie: cookies.county1! } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ idNumber: ID_WANG, phones: ['13800138000'] });
    expect(res.headers['cache-control']).toBe('no-store');
    const [a] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'talent.reveal')).orderBy(sql`${auditLog.id} desc`).limit(1);
    expect(a).toMatchObject({ actorName: 'u_county1', targetId: ids.wang });
  });

  it.each(['hotline', 'leader', 'outpost'])('%s may not reveal', async (who) => {
    expect((await t.app.inject({ method: 'POST', url: `/api/talents/${ids.wang}/reveal`, headers: { cookie: cookies[who]! } })).statusCode).toBe(403);
  });
});

describe('saved views', () => {
  it('are per user', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/talent-views', headers: { cookie: cookies.county1! }, payload: { name: '博士专家', query: { degree: 'doctor' } } });
    expect(res.statusCode).toBe(201);
    expect((await get('county1', '/api/talent-views')).json()).toHaveLength(1);
    expect((await get('county2', '/api/talent-views')).json()).toHaveLength(0);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/talent-views/${res.json().id}`, headers: { cookie: cookies.county2! } });
    expect(del.statusCode).toBe(404);
  });
});
