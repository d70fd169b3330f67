import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let cookies: Record<string, string>;
let id: string;
const future = new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10);

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies[who]! } });

beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
});
afterAll(() => t.close());

describe('collection campaigns (信息统计)', () => {
  it('a city_admin opens a campaign; every active county gets a pending submission', async () => {
    const res = await call('city', 'POST', '/api/collections', { title: '2026年在外人才信息统计', notice: '请各县区于截止日前报送。', deadline: future });
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
    expect(res.json().submissions.map((s: { countyName: string; status: string }) => [s.countyName, s.status])).toEqual([['甲县', 'pending'], ['乙县', 'pending']]);
  });

  it('validates the campaign', async () => {
    const res = await call('city', 'POST', '/api/collections', { title: 'x', notice: '', deadline: '2020-01-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['title', 'notice']));
    const past = await call('city', 'POST', '/api/collections', { title: '过期任务', notice: '通知', deadline: '2020-01-01' });
    expect(past.json().error.fields[0].field).toBe('deadline');
  });

  it('a county admin sees the campaign with only their own county, and records tagged with it count', async () => {
    await call('county1', 'POST', '/api/talents', { name: '报送甲', ownerCountyId: t.org.county1 });
    const tagged = await t.database.db.execute(
      (await import('drizzle-orm')).sql`update talents set campaign_id = ${id} where name = '报送甲'`,
    );
    void tagged;
    const res = (await call('county1', 'GET', `/api/collections/${id}`)).json();
    expect(res.submissions).toHaveLength(1);
    expect(res.submissions[0]).toMatchObject({ countyName: '甲县', rows: 1, status: 'pending' });
    const list = (await call('county1', 'GET', '/api/collections')).json();
    expect(list[0].summary).toMatchObject({ counties: 1, rows: 1 });
  });

  it('two counties submit; the city sees both and reviews', async () => {
    expect((await call('county1', 'POST', `/api/collections/${id}/submit`, { note: '已报送 1 人' })).statusCode).toBe(200);
    expect((await call('county2', 'POST', `/api/collections/${id}/submit`, {})).statusCode).toBe(200);
    const again = await call('county2', 'POST', `/api/collections/${id}/submit`, {});
    expect(again.statusCode).toBe(409);
    const city = (await call('city', 'GET', `/api/collections/${id}`)).json();
    expect(city.summary).toMatchObject({ counties: 2, submitted: 2, rows: 1, overdue: 0 });
    const noNote = await call('city', 'POST', `/api/collections/${id}/review`, { countyId: t.org.county2, decision: 'returned' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.fields[0].field).toBe('note');
    const ret = await call('city', 'POST', `/api/collections/${id}/review`, { countyId: t.org.county2, decision: 'returned', note: '数据为空，请补报' });
    expect(ret.json().submissions.find((s: { countyName: string }) => s.countyName === '乙县')).toMatchObject({ status: 'returned', reviewNote: '数据为空，请补报' });
    const acc = await call('city', 'POST', `/api/collections/${id}/review`, { countyId: t.org.county1, decision: 'accepted' });
    expect(acc.json().submissions.find((s: { countyName: string }) => s.countyName === '甲县').status).toBe('accepted');
    // A returned county can submit again.
    expect((await call('county2', 'POST', `/api/collections/${id}/submit`, { note: '已补报' })).statusCode).toBe(200);
  });

  it('flags overdue counties', async () => {
    // Opened with a deadline ahead (today's date differs between UTC and Beijing time for 8 hours a day), then moved into the past.
    const res = await call('city', 'POST', '/api/collections', { title: '今日截止任务', notice: '通知', deadline: '2099-12-31' });
    expect(res.statusCode).toBe(201);
    const cid = res.json().id;
    await t.database.db.execute((await import('drizzle-orm')).sql`update collections set deadline = current_date - 1 where id = ${cid}`);
    const detail = (await call('city', 'GET', `/api/collections/${cid}`)).json();
    expect(detail.summary.overdue).toBe(2);
    expect(detail.submissions.every((s: { overdue: boolean }) => s.overdue)).toBe(true);
  });

  it('a county admin cannot submit or see another county', async () => {
    const res = await call('county1', 'POST', `/api/collections/${id}/submit`, { countyId: t.org.county2 });
    expect(res.statusCode).toBe(404);
  });

  it('closing stops submissions', async () => {
    const res = await call('city', 'POST', '/api/collections', { title: '将结束任务', notice: '通知', deadline: future });
    const cid = res.json().id;
    expect((await call('city', 'POST', `/api/collections/${cid}/close`)).json().status).toBe('closed');
    expect((await call('county1', 'POST', `/api/collections/${cid}/submit`, {})).statusCode).toBe(409);
  });

  it('unknown ids are 404', async () => {
    expect((await call('city', 'GET', '/api/collections/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it.each(['outpost', 'hotline', 'leader', 'employer', 'talent', 'sysadmin', 'security', 'auditor'])('%s has no access', async (who) => {
    expect((await call(who, 'GET', '/api/collections')).statusCode).toBe(403);
    expect((await call(who, 'GET', `/api/collections/${id}`)).statusCode).toBe(403);
    expect((await call(who, 'POST', `/api/collections/${id}/submit`, {})).statusCode).toBe(403);
  });

  it('county admins may not open, review or close', async () => {
    expect((await call('county1', 'POST', '/api/collections', { title: '县里发起', notice: 'x', deadline: future })).statusCode).toBe(403);
    expect((await call('county1', 'POST', `/api/collections/${id}/review`, { countyId: t.org.county1, decision: 'accepted' })).statusCode).toBe(403);
    expect((await call('county1', 'POST', `/api/collections/${id}/close`)).statusCode).toBe(403);
  });
});

describe('campaign state rules', () => {
  it('a closed campaign can be neither reviewed nor closed again', async () => {
    const res = await call('city', 'POST', '/api/collections', { title: '状态规则任务', notice: '通知', deadline: future });
    const cid = res.json().id;
    await call('county1', 'POST', `/api/collections/${cid}/submit`, {});
    await call('city', 'POST', `/api/collections/${cid}/close`);
    expect((await call('city', 'POST', `/api/collections/${cid}/review`, { countyId: t.org.county1, decision: 'accepted' })).statusCode).toBe(409);
    expect((await call('city', 'POST', `/api/collections/${cid}/close`)).statusCode).toBe(409);
  });

  it('a county that has submitted cannot import for the campaign until it is returned', async () => {
    const res = await call('city', 'POST', '/api/collections', { title: '导入规则任务', notice: '通知', deadline: future });
    const cid = res.json().id;
    await call('county1', 'POST', `/api/collections/${cid}/submit`, {});
    const { assertCampaignAcceptsImport } = await import('./collections.service.ts');
    const me = (await call('county1', 'GET', '/api/auth/me')).json();
    const ctx = { db: t.database.db, env: t.env, user: me, ip: null, requestId: 'test' };
    await expect(assertCampaignAcceptsImport(ctx, cid)).rejects.toMatchObject({ fields: [{ field: 'campaignId' }] });
    await call('city', 'POST', `/api/collections/${cid}/review`, { countyId: t.org.county1, decision: 'returned', note: '请补充' });
    await expect(assertCampaignAcceptsImport(ctx, cid)).resolves.toBeUndefined();
  });
});
