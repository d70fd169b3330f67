import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRequests } from '../../../db/schema/index.ts';
import { makeIdNumber } from '../../../seed/ids.ts';
import { createTestContext, loginAs, makeUser, usersOfEveryRole, type TestContext } from '../../../test/harness.ts';
import { lastAuditId, latestAudit, readXlsx } from './export.test-utils.ts';

let t: TestContext;
let cookies: Record<string, string>;
const ID_1 = makeIdNumber('110105', '1985-06-07', 4, 'male');
const ID_2 = makeIdNumber('110105', '1979-09-09', 5, 'female');

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies[who]! } });
const request = async (who: string, filter: object, reason = '省厅专项核查需要完整联系方式') => {
  const res = await call(who, 'POST', '/api/talents/export-requests', { filter, reason });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json() as { id: string; status: string; rowCount: number };
};
const unmasked = (who: string, id: string, qs = '') => call(who, 'GET', `/api/talents/export?exportRequestId=${id}${qs}`);

beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
  await makeUser(t, 'u_city2', [{ role: 'city_admin' }]);
  cookies.city2 = await loginAs(t, 'u_city2');
  const seed: [string, Record<string, unknown>][] = [
    ['county1', { name: '甲专家', ownerCountyId: t.org.county1, idNumber: ID_1, phones: ['13800138001'], category: 'expert' }],
    ['county1', { name: '甲企业家', ownerCountyId: t.org.county1, category: 'entrepreneur' }],
    ['county2', { name: '乙专家', ownerCountyId: t.org.county2, idNumber: ID_2, phones: ['13900139002'], category: 'expert' }],
  ];
  for (const [who, body] of seed) {
    const res = await call(who, 'POST', '/api/talents', body);
    if (res.statusCode !== 201) throw new Error(res.body);
  }
});
afterAll(() => t.close());

describe('POST /api/talents/export-requests', () => {
  it('stores the filter and reason, counts matching rows in the requester’s scope, and audits', async () => {
    const r = await request('county1', { category: ['expert'] });
    expect(r).toMatchObject({ status: 'pending', rowCount: 1, filterText: '人才类别：专家学者', requestedByName: 'u_county1', canUse: false, canDecide: false });
    const all = await request('county2', {});
    expect(all.rowCount).toBe(1); // county2 sees only its own talent
    expect((await latestAudit(t, 'talent.export_request.create')).targetId).toBe(all.id);
  });

  it('requires a reason and a valid filter, naming the field', async () => {
    const res = await call('county1', 'POST', '/api/talents/export-requests', { filter: {}, reason: ' ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'reason', message: '请填写导出理由（至少 4 个字）' });
    const bad = await call('county1', 'POST', '/api/talents/export-requests', { filter: { degree: ['phd'] }, reason: '核查需要' });
    expect(bad.json().error.fields[0].field).toBe('filter.degree.0');
  });

  it.each(['outpost', 'hotline', 'leader', 'employer', 'talent', 'sysadmin', 'security', 'auditor'])('%s may not request', async (who) => {
    expect((await call(who, 'POST', '/api/talents/export-requests', { filter: {}, reason: '核查需要' })).statusCode).toBe(403);
  });
});

describe('GET /api/talents/export-requests', () => {
  it('a requester sees their own; a city_admin sees all and filters by status', async () => {
    const mine = (await call('county1', 'GET', '/api/talents/export-requests')).json();
    expect(mine.items.every((i: { requestedByName: string }) => i.requestedByName === 'u_county1')).toBe(true);
    const theirs = (await call('county2', 'GET', '/api/talents/export-requests')).json();
    expect(theirs.items.map((i: { requestedByName: string }) => i.requestedByName)).toEqual(['u_county2']);
    const city = (await call('city', 'GET', '/api/talents/export-requests?status=pending')).json();
    expect(city.total).toBeGreaterThanOrEqual(2);
    expect(city.items.every((i: { status: string; canDecide: boolean }) => i.status === 'pending' && i.canDecide)).toBe(true);
    const cityMine = (await call('city', 'GET', '/api/talents/export-requests?mine=true')).json();
    expect(cityMine.total).toBe(0);
  });

  it('another county’s request is 404 by id', async () => {
    const r = await request('county1', {});
    expect((await call('county2', 'GET', `/api/talents/export-requests/${r.id}`)).statusCode).toBe(404);
    expect((await call('county1', 'GET', `/api/talents/export-requests/${r.id}`)).statusCode).toBe(200);
    expect((await call('city', 'GET', `/api/talents/export-requests/${r.id}`)).statusCode).toBe(200);
  });
});

describe('approve / reject', () => {
  it('only a city_admin decides, never on their own request, and only once', async () => {
    const r = await request('county1', {});
    expect((await call('county1', 'POST', `/api/talents/export-requests/${r.id}/approve`, {})).statusCode).toBe(403);
    const own = await request('city', {});
    const self = await call('city', 'POST', `/api/talents/export-requests/${own.id}/approve`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().error.message).toContain('不能审批本人');
    const ok = await call('city', 'POST', `/api/talents/export-requests/${r.id}/approve`, { note: '同意' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', decidedByName: 'u_city', decisionNote: '同意', canDecide: false });
    expect(Date.parse(ok.json().expiresAt)).toBeGreaterThan(Date.now());
    expect((await call('city2', 'POST', `/api/talents/export-requests/${r.id}/reject`, { note: '晚了' })).statusCode).toBe(409);
    expect((await call('city2', 'POST', `/api/talents/export-requests/${own.id}/approve`)).statusCode).toBe(200); // no body at all
    expect((await latestAudit(t, 'talent.export_request.approve')).targetId).toBe(own.id);
  });

  it('a rejection needs a note; an unknown request is 404', async () => {
    const r = await request('county2', {});
    const res = await call('city', 'POST', `/api/talents/export-requests/${r.id}/reject`, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('note');
    expect((await call('city', 'POST', `/api/talents/export-requests/${r.id}/reject`, { note: '理由不充分' })).json().status).toBe('rejected');
    expect((await call('city', 'POST', '/api/talents/export-requests/00000000-0000-4000-8000-000000000000/approve', {})).statusCode).toBe(404);
  });
});

describe('GET /api/talents/export?exportRequestId= — unmasked', () => {
  it('exports clear values with the request’s stored filter (not the query’s), once, and audits it', async () => {
    const r = await request('county1', { category: ['expert'] });
    await call('city', 'POST', `/api/talents/export-requests/${r.id}/approve`, {});
    const before = await lastAuditId(t);
    const res = await unmasked('county1', r.id, '&category=entrepreneur');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('未脱敏'));
    const book = await readXlsx(res.rawPayload);
    expect(book.rows.map((x) => [x['姓名'], x['证件号码'], x['联系电话']])).toEqual([['甲专家', ID_1, '13800138001']]);
    expect(book.info).toMatchObject({ 敏感信息: '未脱敏（经审批）', 导出申请编号: r.id });
    const audit = await latestAudit(t, 'talent.export', before);
    expect(audit.detail).toMatchObject({ masked: false, exportRequestId: r.id, rowCount: 1, filter: { category: ['expert'] } });
    expect((await call('county1', 'GET', `/api/talents/export-requests/${r.id}`)).json()).toMatchObject({ status: 'used', canUse: false });
    const again = await unmasked('county1', r.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('只能导出一次');
  });

  it('stays inside the requester’s scope even when the stored filter names another county', async () => {
    const r = await request('county1', { ownerCountyId: [t.org.county2] });
    expect(r.rowCount).toBe(0);
    await call('city', 'POST', `/api/talents/export-requests/${r.id}/approve`, {});
    const book = await readXlsx((await unmasked('county1', r.id)).rawPayload);
    expect(book.rows).toEqual([]);
    expect(book.text).not.toContain(ID_2);
  });

  it('refuses pending, rejected, expired, someone else’s — and audits each refusal', async () => {
    const pending = await request('county1', {});
    const before = await lastAuditId(t);
    const p = await unmasked('county1', pending.id);
    expect(p.statusCode).toBe(409);
    expect(p.json().error.message).toContain('尚未审批');
    expect(await latestAudit(t, 'talent.export', before)).toMatchObject({ outcome: 'denied', targetId: pending.id });

    const rejected = await request('county1', {});
    await call('city', 'POST', `/api/talents/export-requests/${rejected.id}/reject`, { note: '不同意' });
    expect((await unmasked('county1', rejected.id)).json().error.message).toContain('驳回');

    const approved = await request('county1', {});
    await call('city', 'POST', `/api/talents/export-requests/${approved.id}/approve`, {});
    expect((await unmasked('county2', approved.id)).statusCode).toBe(404); // not theirs, not even visible
    const byApprover = await unmasked('city', approved.id);
    expect(byApprover.statusCode).toBe(403);
    expect(byApprover.json().error.message).toContain('申请人本人');

    await t.database.db.update(exportRequests).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(exportRequests.id, approved.id));
    const expired = await unmasked('county1', approved.id);
    expect(expired.statusCode).toBe(409);
    expect(expired.json().error.message).toContain('过期');
    expect((await call('county1', 'GET', `/api/talents/export-requests/${approved.id}`)).json().status).toBe('expired');
  });

  it('a masked export never carries clear values, whatever the query says', async () => {
    const book = await readXlsx((await call('county1', 'GET', '/api/talents/export?masked=false&unmasked=true')).rawPayload);
    expect(book.text).not.toContain(ID_1);
    expect(book.text).not.toContain('13800138001');
  });

  it('an export request id of the wrong shape is a validation error', async () => {
    expect((await unmasked('county1', 'nope')).statusCode).toBe(400);
  });
});
