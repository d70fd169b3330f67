import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, portalAccounts, portalRightsRequests, talentHistory, talents } from '../../db/schema/index.ts';
import { makeIdNumber } from '../../seed/ids.ts';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../test/harness.ts';
import { ageCodes, lastOutbox, linkedPortal, portalCall, registerPortal } from './portal.test-helpers.ts';

let t: TestContext;
let staff: Record<string, string>;
let me: { cookie: string; talentId: string };
const ID = makeIdNumber('440305', '1988-11-20', 33, 'female');
beforeAll(async () => {
  t = await createTestContext();
  staff = await usersOfEveryRole(t);
  me = await linkedPortal(t, staff.county1!, '13822220001', { name: '黄静怡', nativeCountyId: t.org.county1, idNumber: ID, employer: '腾讯科技（深圳）有限公司', phones: ['13922220001'] });
});
afterAll(() => t.close());

const as = (who: string, method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: { cookie: staff[who]! } });
const audits = async (action: string) => t.database.db.select().from(auditLog).where(eq(auditLog.action, action));

describe('my rights: download my data', () => {
  it('gives the talent everything in clear as JSON, audited', async () => {
    const res = await portalCall(t, me.cookie, 'GET', '/api/portal/my-data');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    const data = res.json();
    expect(data.account.phone).toBe('13822220001');
    expect(data.record).toMatchObject({ name: '黄静怡', idNumber: ID, phones: ['13822220001', '13922220001'], nativeCountyId: '甲县' });
    expect(data.consents.map((c: { kind: string }) => c.kind)).toEqual(['personal', 'sensitive']);
    expect(data.recordHistory[0]).toMatchObject({ action: 'create', by: '工作人员' });
    expect(data.registrations[0].submitted.idNumber).toBe(ID);
    expect(await audits('portal.data_export')).toHaveLength(1);
  });

  it('and as a readable page in Chinese', async () => {
    const res = await portalCall(t, me.cookie, 'GET', '/api/portal/my-data.html');
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('我的个人信息');
    expect(res.body).toContain('黄静怡');
    expect(res.body).toContain('证件号码');
    expect(res.body).toContain(ID);
    expect(res.body).toContain('腾讯科技(深圳)有限公司');
    expect(await audits('portal.data_export')).toHaveLength(2);
  });
});

describe('my rights: correction request → staff queue (30 days) → outcome', () => {
  let id: string;

  it('validates and files the request for the county of the record', async () => {
    const empty = await portalCall(t, me.cookie, 'POST', '/api/portal/rights-requests', { type: 'correction', detail: '' });
    expect(empty.json().error.fields[0].field).toBe('detail');
    const res = await portalCall(t, me.cookie, 'POST', '/api/portal/rights-requests', { type: 'correction', detail: '工作单位已变更为华为技术有限公司，职称为高级工程师' });
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
    const due = new Date(res.json().dueAt).getTime() - new Date(res.json().createdAt).getTime();
    expect(Math.round(due / 86400_000)).toBe(30);
    expect(await audits('portal.rights_request')).toHaveLength(1);
  });

  it('is in its county’s queue and the city’s, not another county’s', async () => {
    const list = (await as('county1', 'GET', '/api/portal-admin/rights-requests')).json();
    expect(list.items).toEqual([expect.objectContaining({ id, type: 'correction', talentName: '黄静怡', countyName: '甲县', accountMasked: '138****0001', overdue: false })]);
    expect((await as('city', 'GET', '/api/portal-admin/rights-requests')).json().total).toBe(1);
    expect((await as('county2', 'GET', '/api/portal-admin/rights-requests?status=all')).json().total).toBe(0);
    expect((await as('county2', 'GET', `/api/portal-admin/rights-requests/${id}`)).statusCode).toBe(404);
    expect((await as('county2', 'POST', `/api/portal-admin/rights-requests/${id}/resolve`, { version: 1, status: 'completed', outcome: '已更正' })).statusCode).toBe(404);
    await t.database.db.update(portalRightsRequests).set({ dueAt: new Date(Date.now() - 86400_000) }).where(eq(portalRightsRequests.id, id));
    expect((await as('county1', 'GET', `/api/portal-admin/rights-requests/${id}`)).json().overdue).toBe(true);
  });

  it('the county records the outcome: the talent sees it, the record’s history and the audit log have it', async () => {
    const none = await as('county1', 'POST', `/api/portal-admin/rights-requests/${id}/resolve`, { version: 1, status: 'completed', outcome: '' });
    expect(none.json().error.fields[0].field).toBe('outcome');
    const res = await as('county1', 'POST', `/api/portal-admin/rights-requests/${id}/resolve`, { version: 1, status: 'completed', outcome: '已在人才库中更正工作单位和职称' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'completed', handledByName: 'u_county1', overdue: false });
    expect((await as('county1', 'POST', `/api/portal-admin/rights-requests/${id}/resolve`, { version: 2, status: 'refused', outcome: '再次' })).statusCode).toBe(409);
    const mine = (await portalCall(t, me.cookie, 'GET', '/api/portal/rights-requests')).json();
    expect(mine[0]).toMatchObject({ status: 'completed', outcome: '已在人才库中更正工作单位和职称' });
    const hist = await t.database.db.select().from(talentHistory).where(eq(talentHistory.talentId, me.talentId));
    expect(hist.at(-1)).toMatchObject({ action: 'portal_rights' });
    expect(await audits('portal.rights_resolve')).toHaveLength(1);
    expect(await lastOutbox(t)).toMatchObject({ template: 'portal.review_result', toMasked: '138****0001' });
  });
});

describe('my rights: withdrawing the sensitive-information consent', () => {
  it('deletes the ID number from the record at once and files a withdrawal for staff', async () => {
    const res = await portalCall(t, me.cookie, 'POST', '/api/portal/consent/withdraw', { scope: 'sensitive', reason: '不再希望提供身份证号' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ upToDate: true, sensitive: { granted: false } });
    const [rec] = await t.database.db.select().from(talents).where(eq(talents.id, me.talentId));
    expect(rec).toMatchObject({ idNumberEnc: null, idNumberHash: null, idNumberMasked: null });
    const hist = await t.database.db.select().from(talentHistory).where(eq(talentHistory.talentId, me.talentId));
    expect(hist.at(-1)).toMatchObject({ action: 'portal_withdraw' });
    const list = (await as('county1', 'GET', '/api/portal-admin/rights-requests?type=withdrawal')).json();
    expect(list.items[0].detail).toMatch(/人才库中的证件号码已删除/);
    expect(list.items[0].detail).toMatch(/不再希望提供身份证号/);
    expect(await audits('portal.consent_withdraw')).toHaveLength(1);
    // Without the consent, no ID number can be given again; re-consenting allows it.
    const p = (await portalCall(t, me.cookie, 'GET', '/api/portal/profile')).json();
    const again = await portalCall(t, me.cookie, 'PUT', '/api/portal/profile', { ...p.fields, version: p.version, idNumber: ID });
    expect(again.json().error.fields[0].field).toBe('idNumber');
    const twice = await portalCall(t, me.cookie, 'POST', '/api/portal/consent/withdraw', { scope: 'sensitive' });
    expect(twice.json().error.fields[0].field).toBe('scope');
  });
});

describe('my rights: deletion request', () => {
  it('a completed deletion closes the account: sessions end, the phone is free again, all audited', async () => {
    const other = await linkedPortal(t, staff.county1!, '13822220002', { name: '郭子豪', nativeCountyId: t.org.county1 });
    const res = await portalCall(t, other.cookie, 'POST', '/api/portal/rights-requests', { type: 'deletion', detail: '请删除我在平台登记的全部信息并注销账号' });
    expect(res.statusCode).toBe(201);
    const ok = await as('county1', 'POST', `/api/portal-admin/rights-requests/${res.json().id}/resolve`, { version: 1, status: 'completed', outcome: '已注销账号，人才库记录按本人要求删除联系方式' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await portalCall(t, other.cookie, 'GET', '/api/portal/me')).statusCode).toBe(401);
    const [acc] = await t.database.db.select().from(portalAccounts).where(eq(portalAccounts.phoneMasked, '138****0002'));
    expect(acc).toMatchObject({ status: 'closed', phoneEnc: null, phoneHash: null, passwordHash: null, talentId: null });
    expect((await t.app.inject({ method: 'POST', url: '/api/portal/auth/login', payload: { account: '13822220002', password: 'Portal@Pass2026' } })).statusCode).toBe(401);
    await ageCodes(t);
    await t.app.inject({ method: 'POST', url: '/api/portal/auth/code', payload: { purpose: 'register', phone: '13822220002' } });
    expect((await lastOutbox(t)).template).toBe('portal.code');
    const a = await audits('portal.rights_resolve');
    expect(a.at(-1)!.detail).toMatchObject({ type: 'deletion', status: 'completed', accountClosed: true });
  });

  it('a request of an account without a record goes to the city only', async () => {
    const lone = await registerPortal(t, '13822220003');
    const res = await portalCall(t, lone, 'POST', '/api/portal/rights-requests', { type: 'deletion', detail: '请注销我的账号' });
    expect((await as('county1', 'GET', `/api/portal-admin/rights-requests/${res.json().id}`)).statusCode).toBe(404);
    expect((await as('city', 'GET', `/api/portal-admin/rights-requests/${res.json().id}`)).statusCode).toBe(200);
    const [row] = await t.database.db.execute<{ n: number }>(sql`select count(*)::int as n from portal_rights_requests where county_id is null`).then((r) => (r as unknown as { rows: { n: number }[] }).rows);
    expect(row!.n).toBe(1);
  });
});
