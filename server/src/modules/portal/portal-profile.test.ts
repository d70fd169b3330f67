import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, chamberMembers, portalAccounts, portalRegistrations, talentHistory, talents } from '../../db/schema/index.ts';
import { makeIdNumber } from '../../seed/ids.ts';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../test/harness.ts';
import { lastOutbox, portalCall, registerPortal } from './portal.test-helpers.ts';

let t: TestContext;
let staff: Record<string, string>;
beforeAll(async () => {
  t = await createTestContext();
  staff = await usersOfEveryRole(t);
});
afterAll(() => t.close());

const as = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: { cookie: staff[who]! } });
const count = async () => (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(talents))[0]!.n;
const ID_A = makeIdNumber('110105', '1990-03-07', 12, 'male');

describe('my profile → county review (new record)', () => {
  let portal: string;
  let regId: string;

  it('stores nothing before the notice is accepted, and no ID number without the separate consent', async () => {
    portal = await registerPortal(t, '13811110001', { sensitiveInfo: false });
    const withId = await portalCall(t, portal, 'PUT', '/api/portal/profile', { name: '林晓峰', nativeCountyId: t.org.county1, idNumber: ID_A });
    expect(withId.statusCode).toBe(400);
    expect(withId.json().error.fields[0].field).toBe('idNumber');
    expect(await t.database.db.select().from(portalRegistrations)).toHaveLength(0);

    const other = await registerPortal(t, '13811110002');
    expect((await portalCall(t, other, 'POST', '/api/portal/consent/withdraw', { scope: 'all' })).statusCode).toBe(200);
    const refused = await portalCall(t, other, 'PUT', '/api/portal/profile', { name: '撤回者', nativeCountyId: t.org.county1 });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('CONSENT_REQUIRED');
    expect(await t.database.db.select().from(portalRegistrations)).toHaveLength(0);
  });

  it('validates with the registry rules and names the field', async () => {
    const bad = await portalCall(t, portal, 'PUT', '/api/portal/profile', { name: '林晓峰', nativeCountyId: t.org.county1, locationCode: '999999', email: 'x@' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['email']));
    const noCounty = await portalCall(t, portal, 'PUT', '/api/portal/profile', { name: '林晓峰' });
    expect(noCounty.json().error.fields[0].field).toBe('nativeCountyId');
    const sneaky = await portalCall(t, portal, 'PUT', '/api/portal/profile', { name: '林晓峰', nativeCountyId: t.org.county1, ownerCountyId: t.org.county2 });
    expect(sneaky.statusCode).toBe(400);
  });

  it('submits a registration: pending for the chosen native county, nothing in the registry yet', async () => {
    const before = await count();
    const res = await portalCall(t, portal, 'PUT', '/api/portal/profile', {
      name: '林晓峰', nativeCountyId: t.org.county1, gender: 'male', birthDate: '1991-05-02', employer: '深圳市南山区某科技公司', position: '工程师',
      degree: 'master', school: '华南理工大学', category: 'professional', phones: ['13911112222'], email: 'lin@example.com', locationCode: '440305',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().profile).toMatchObject({ status: 'pending', nativeCountyName: '甲县', fields: { name: '林晓峰', phones: ['13811110001', '13911112222'] } });
    expect(await count()).toBe(before);
    const [reg] = await t.database.db.select().from(portalRegistrations);
    expect(reg).toMatchObject({ kind: 'new', countyId: t.org.county1, status: 'pending' });
    expect(JSON.stringify(reg!.data)).not.toContain('13911112222');
    regId = reg!.id;
  });

  it('is seen by its county and the city only; another county gets 404 everywhere', async () => {
    const mine = (await as('county1', 'GET', '/api/portal-admin/registrations')).json();
    expect(mine.total).toBe(1);
    expect(mine.items[0]).toMatchObject({ id: regId, name: '林晓峰', kind: 'new', accountMasked: '138****0001' });
    expect((await as('city', 'GET', '/api/portal-admin/registrations')).json().total).toBe(1);
    const theirs = (await as('county2', 'GET', '/api/portal-admin/registrations?status=all')).json();
    expect(theirs.total).toBe(0);
    for (const [m, u, body] of [
      ['GET', `/api/portal-admin/registrations/${regId}`, undefined],
      ['POST', `/api/portal-admin/registrations/${regId}/approve`, { version: 1, linkTalentId: null }],
      ['POST', `/api/portal-admin/registrations/${regId}/reject`, { version: 1, reason: '不是本县人员' }],
    ] as const) {
      const res = await as('county2', m, u, body);
      expect(res.statusCode, u).toBe(404);
      expect(res.body).not.toContain('林晓峰');
    }
    const detail = (await as('county1', 'GET', `/api/portal-admin/registrations/${regId}`)).json();
    expect(detail.data.find((d: { field: string }) => d.field === 'phones').value).toEqual(['138****0001', '139****2222']);
  });

  it('the county approves: a new self-registered record, linked, with history and audit; the talent is told', async () => {
    const before = await count();
    const res = await as('county1', 'POST', `/api/portal-admin/registrations/${regId}/approve`, { version: 1, linkTalentId: null });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('approved');
    expect(await count()).toBe(before + 1);
    const [rec] = await t.database.db.select().from(talents).where(eq(talents.id, res.json().talentId));
    expect(rec).toMatchObject({ name: '林晓峰', ownerCountyId: t.org.county1, nativeCountyId: t.org.county1, source: 'portal', tags: ['本人登记'] });
    expect(rec!.phonesMasked).toEqual(['138****0001', '139****2222']);
    const [acc] = await t.database.db.select().from(portalAccounts).where(eq(portalAccounts.talentId, rec!.id));
    expect(acc).toBeDefined();
    const hist = await t.database.db.select().from(talentHistory).where(eq(talentHistory.talentId, rec!.id));
    expect(hist[0]).toMatchObject({ action: 'create', actorName: 'u_county1' });
    expect(hist[0]!.note).toMatch(/一家人云服务平台登记/);
    expect(await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'portal.registration_approve'))).toHaveLength(1);
    expect(await lastOutbox(t)).toMatchObject({ template: 'portal.review_result', toMasked: '138****0001' });
    const profile = (await portalCall(t, portal, 'GET', '/api/portal/profile')).json();
    expect(profile).toMatchObject({ status: 'linked', fields: { name: '林晓峰', employer: '深圳市南山区某科技公司' } });
    // Twice is a conflict, not a second record.
    expect((await as('county1', 'POST', `/api/portal-admin/registrations/${regId}/approve`, { version: 2, linkTalentId: null })).statusCode).toBe(409);
  });

  it('contact details apply at once; identity fields wait for the county, which rejects with a reason the talent sees', async () => {
    const p = (await portalCall(t, portal, 'GET', '/api/portal/profile')).json();
    const res = await portalCall(t, portal, 'PUT', '/api/portal/profile', { ...p.fields, version: p.version, employer: '华为技术有限公司', name: '林小峰' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ applied: ['employer'], pending: ['name'] });
    const [rec] = await t.database.db.select().from(talents).where(eq(talents.name, '林晓峰'));
    expect(rec!.employer).toBe('华为技术有限公司');
    const hist = await t.database.db.select().from(talentHistory).where(eq(talentHistory.talentId, rec!.id));
    expect(hist.at(-1)).toMatchObject({ action: 'portal_update', actorName: 'portal:138****0001' });
    expect(hist.at(-1)!.changes).toEqual([{ field: 'employer', before: '深圳市南山区某科技公司', after: '华为技术有限公司' }]);

    const changes = (await as('county1', 'GET', '/api/portal-admin/changes')).json();
    expect(changes.total).toBe(1);
    const change = changes.items[0];
    expect(change).toMatchObject({ talentName: '林晓峰', changes: [{ field: 'name', before: '林晓峰', after: '林小峰' }] });
    expect((await as('county2', 'GET', '/api/portal-admin/changes')).json().total).toBe(0);
    expect((await as('county2', 'POST', `/api/portal-admin/changes/${change.id}/approve`, { version: change.version })).statusCode).toBe(404);
    const noReason = await as('county1', 'POST', `/api/portal-admin/changes/${change.id}/reject`, { version: change.version, reason: '' });
    expect(noReason.json().error.fields[0].field).toBe('reason');
    const rej = await as('county1', 'POST', `/api/portal-admin/changes/${change.id}/reject`, { version: change.version, reason: '姓名须与身份证一致，请携带证件到县人才办办理' });
    expect(rej.json().status).toBe('rejected');
    const seen = (await portalCall(t, portal, 'GET', '/api/portal/profile')).json();
    expect(seen.changes[0]).toMatchObject({ status: 'rejected', reason: '姓名须与身份证一致，请携带证件到县人才办办理' });
    expect(seen.fields.name).toBe('林晓峰');
  });

  it('an approved change is written to the record with history; a stale form is a 409', async () => {
    const p = (await portalCall(t, portal, 'GET', '/api/portal/profile')).json();
    await portalCall(t, portal, 'PUT', '/api/portal/profile', { ...p.fields, version: p.version, degree: 'doctor', titleLevel: 'associate' });
    const stale = await portalCall(t, portal, 'PUT', '/api/portal/profile', { ...p.fields, version: p.version - 1, position: '总监' });
    expect(stale.statusCode).toBe(409);
    const [change] = (await as('county1', 'GET', '/api/portal-admin/changes')).json().items;
    const ok = await as('county1', 'POST', `/api/portal-admin/changes/${change.id}/approve`, { version: change.version });
    expect(ok.statusCode, ok.body).toBe(200);
    const [rec] = await t.database.db.select().from(talents).where(eq(talents.name, '林晓峰'));
    expect(rec).toMatchObject({ degree: 'doctor', titleLevel: 'associate' });
    const hist = await t.database.db.select().from(talentHistory).where(eq(talentHistory.talentId, rec!.id));
    expect(hist.at(-1)).toMatchObject({ action: 'portal_change', actorName: 'u_county1' });
    const staffView = (await as('county1', 'GET', `/api/talents/${rec!.id}/history`)).json();
    expect(staffView.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['portal_change', 'portal_update', 'create']));
  });

  it('never takes a talent id: unknown fields are refused and query ids are ignored; another account sees only its own', async () => {
    const [rec] = await t.database.db.select().from(talents).where(eq(talents.name, '林晓峰'));
    const other = await registerPortal(t, '13811110003');
    const viaBody = await portalCall(t, other, 'PUT', '/api/portal/profile', { name: '冒名者', nativeCountyId: t.org.county1, talentId: rec!.id });
    expect(viaBody.statusCode).toBe(400);
    const viaQuery = await portalCall(t, other, 'GET', `/api/portal/profile?talentId=${rec!.id}&id=${rec!.id}`);
    expect(viaQuery.json()).toMatchObject({ status: 'none', fields: {} });
    expect(viaQuery.body).not.toContain('林晓峰');
    for (const url of [`/api/talents/${rec!.id}`, `/api/talents/${rec!.id}/history`, '/api/talents', `/api/portal-admin/registrations/${regId}`]) {
      expect((await portalCall(t, other, 'GET', url)).statusCode, url).toBe(401);
    }
  });
});

describe('a registration matching an existing record links rather than duplicates', () => {
  let existingId: string;
  let portal: string;

  it('matches by the duplicate rules: the owning county confirms the link', async () => {
    const created = await as('county2', 'POST', '/api/talents', { name: '周文博', ownerCountyId: t.org.county2, idNumber: ID_A, employer: '中国科学院深圳先进技术研究院', phones: ['13722223333'] });
    expect(created.statusCode, created.body).toBe(201);
    existingId = created.json().id;
    const before = await count();
    portal = await registerPortal(t, '13811110004');
    // The talent picks 甲县 as native county; the record is 乙县's, so 乙县 confirms.
    const res = await portalCall(t, portal, 'PUT', '/api/portal/profile', { name: '周文博', nativeCountyId: t.org.county1, idNumber: ID_A, employer: '中科院深圳先进院', position: '研究员', honours: ['国家优青'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain(existingId); // the talent is not told about the match
    expect((await as('county1', 'GET', '/api/portal-admin/registrations')).json().total).toBe(0);
    const list = (await as('county2', 'GET', '/api/portal-admin/registrations')).json();
    expect(list.items[0]).toMatchObject({ kind: 'link', name: '周文博' });
    expect(list.items[0].matchReasons).toContain('证件号码相同');
    const detail = (await as('county2', 'GET', `/api/portal-admin/registrations/${list.items[0].id}`)).json();
    expect(detail.candidates).toEqual([expect.objectContaining({ id: existingId, ownerCountyName: '乙县', linked: false })]);
    const ok = await as('county2', 'POST', `/api/portal-admin/registrations/${list.items[0].id}/approve`, { version: detail.version, linkTalentId: existingId });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await count()).toBe(before);
    const [acc] = await t.database.db.select().from(portalAccounts).where(eq(portalAccounts.talentId, existingId));
    expect(acc).toBeDefined();
  });

  it('applies the talent’s contact details and queues identity/classification differences for review', async () => {
    const [rec] = await t.database.db.select().from(talents).where(eq(talents.id, existingId));
    expect(rec!.employer).toBe('中科院深圳先进院');
    expect(rec!.position).toBe('研究员');
    expect(rec!.phonesMasked).toEqual(['137****3333', '138****0004']);
    const changes = (await as('county2', 'GET', '/api/portal-admin/changes')).json().items;
    expect(changes[0].changes).toEqual(expect.arrayContaining([{ field: 'honours', before: [], after: ['国家优青'] }]));
    const hist = (await as('county2', 'GET', `/api/talents/${existingId}/history`)).json();
    expect(hist.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['portal_link', 'portal_update']));
    const profile = (await portalCall(t, portal, 'GET', '/api/portal/profile')).json();
    expect(profile).toMatchObject({ status: 'linked', idNumberMasked: '110105********' + ID_A.slice(-4) });
  });

  it('a second account claiming the same person is not linked automatically', async () => {
    const dup = await registerPortal(t, '13811110005');
    await portalCall(t, dup, 'PUT', '/api/portal/profile', { name: '周文博', nativeCountyId: t.org.county2, idNumber: ID_A });
    const [reg] = (await as('county2', 'GET', '/api/portal-admin/registrations')).json().items;
    expect(reg).toMatchObject({ kind: 'new', candidateCount: 1 });
    const detail = (await as('county2', 'GET', `/api/portal-admin/registrations/${reg.id}`)).json();
    expect(detail.candidates[0]).toMatchObject({ id: existingId, linked: true });
    const link = await as('county2', 'POST', `/api/portal-admin/registrations/${reg.id}/approve`, { version: reg.version, linkTalentId: existingId });
    expect(link.statusCode).toBe(409);
    const asNew = await as('county2', 'POST', `/api/portal-admin/registrations/${reg.id}/approve`, { version: reg.version, linkTalentId: null });
    expect(asNew.statusCode).toBe(409); // the ID number is registered already
    const rej = await as('county2', 'POST', `/api/portal-admin/registrations/${reg.id}/reject`, { version: reg.version, reason: '该证件号码已由他人登记，请联系县人才办核实' });
    expect(rej.statusCode).toBe(200);
    const seen = (await portalCall(t, dup, 'GET', '/api/portal/profile')).json();
    expect(seen).toMatchObject({ status: 'rejected', registration: { reason: '该证件号码已由他人登记，请联系县人才办核实' } });
    // Fixing and sending again opens a new pending registration.
    const again = await portalCall(t, dup, 'PUT', '/api/portal/profile', { name: '周文博', nativeCountyId: t.org.county2 });
    expect(again.json().profile.status).toBe('pending');
  });

  it('several matches become candidates; those of another county are counted, not shown', async () => {
    await as('county1', 'POST', '/api/talents', { name: '陈雨', ownerCountyId: t.org.county1, birthDate: '1993-09-09' });
    await as('county2', 'POST', '/api/talents', { name: '陈雨', ownerCountyId: t.org.county2, birthDate: '1993-09-09' });
    const p = await registerPortal(t, '13811110006');
    await portalCall(t, p, 'PUT', '/api/portal/profile', { name: '陈雨', birthDate: '1993-09-09', nativeCountyId: t.org.county1 });
    const [reg] = (await as('county1', 'GET', '/api/portal-admin/registrations')).json().items;
    expect(reg).toMatchObject({ kind: 'new', candidateCount: 2 });
    const detail = (await as('county1', 'GET', `/api/portal-admin/registrations/${reg.id}`)).json();
    expect(detail.candidates).toHaveLength(1);
    expect(detail.candidates[0].ownerCountyName).toBe('甲县');
    expect(detail.hiddenCandidates).toBe(1);
    const outside = (await t.database.db.select().from(talents).where(eq(talents.ownerCountyId, t.org.county2))).find((x) => x.name === '陈雨')!;
    const bad = await as('county1', 'POST', `/api/portal-admin/registrations/${reg.id}/approve`, { version: reg.version, linkTalentId: outside.id });
    expect(bad.statusCode).toBe(404);
  });
});

describe('chambers of commerce', () => {
  it('the city keeps the list; a member states their chamber on the portal', async () => {
    const bad = await as('city', 'POST', '/api/chambers', { name: '', divisionCode: '12' });
    expect(bad.statusCode).toBe(400);
    expect((await as('county1', 'POST', '/api/chambers', { name: '深圳凤城商会' })).statusCode).toBe(403);
    const c = await as('city', 'POST', '/api/chambers', { name: '深圳凤城商会', divisionCode: '440300', outpostId: t.org.outpost1 });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json()).toMatchObject({ divisionName: '广东省深圳市', outpostName: '驻深圳工作站', memberCount: 0 });
    const dup = await as('city', 'POST', '/api/chambers', { name: '深圳凤城商会' });
    expect(dup.json().error.fields[0].field).toBe('name');
    const info = (await t.app.inject({ url: '/api/portal/info' })).json();
    expect(info.chambers).toEqual([{ id: c.json().id, name: '深圳凤城商会', divisionName: '广东省深圳市' }]);

    const p = await registerPortal(t, '13811110007');
    await portalCall(t, p, 'PUT', '/api/portal/profile', { name: '商会会员甲', nativeCountyId: t.org.county1, category: 'chamber', chamberId: c.json().id });
    const [reg] = (await as('county1', 'GET', '/api/portal-admin/registrations')).json().items.filter((r: { name: string }) => r.name === '商会会员甲');
    const ok = await as('county1', 'POST', `/api/portal-admin/registrations/${reg.id}/approve`, { version: reg.version, linkTalentId: null });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await t.database.db.select().from(chamberMembers)).toHaveLength(1);
    expect((await as('county1', 'GET', '/api/chambers')).json()[0].memberCount).toBe(1);
    expect((await portalCall(t, p, 'GET', '/api/portal/profile')).json().chamberName).toBe('深圳凤城商会');
    const off = await as('city', 'PATCH', `/api/chambers/${c.json().id}`, { version: 1, active: false });
    expect(off.json().active).toBe(false);
    expect((await t.app.inject({ url: '/api/portal/info' })).json().chambers).toEqual([]);
  });
});

describe('merging records keeps the portal link', () => {
  it('the account follows its record into the survivor; two linked records cannot be merged', async () => {
    const { linkedPortal } = await import('./portal.test-helpers.ts');
    const a = await linkedPortal(t, staff.county1!, '13811110008', { name: '合并甲', nativeCountyId: t.org.county1 });
    const b = await linkedPortal(t, staff.county1!, '13811110009', { name: '合并乙', nativeCountyId: t.org.county1 });
    const plain = (await as('county1', 'POST', '/api/talents', { name: '合并丙', ownerCountyId: t.org.county1 })).json();
    const version = async (id: string) => (await t.database.db.select({ v: talents.version }).from(talents).where(eq(talents.id, id)))[0]!.v;
    const both = await as('city', 'POST', '/api/talents/merge', { survivorId: a.talentId, mergedId: b.talentId, survivorVersion: await version(a.talentId), mergedVersion: await version(b.talentId) });
    expect(both.statusCode).toBe(409);
    expect(both.json().error.message).toMatch(/一家人云服务平台/);
    const ok = await as('city', 'POST', '/api/talents/merge', { survivorId: plain.id, mergedId: a.talentId, survivorVersion: await version(plain.id), mergedVersion: await version(a.talentId) });
    expect(ok.statusCode, ok.body).toBe(200);
    const profile = (await portalCall(t, a.cookie, 'GET', '/api/portal/profile')).json();
    expect(profile).toMatchObject({ status: 'linked', fields: { name: '合并丙' } });
  });
});
