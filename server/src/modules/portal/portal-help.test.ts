import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../test/harness.ts';
import { linkedPortal, portalCall, registerPortal } from './portal.test-helpers.ts';

let t: TestContext;
let staff: Record<string, string>;
let me: { cookie: string; talentId: string };
beforeAll(async () => {
  t = await createTestContext();
  staff = await usersOfEveryRole(t);
  me = await linkedPortal(t, staff.county1!, '13833330001', { name: '罗嘉豪', nativeCountyId: t.org.county1, employer: '上海某生物医药公司' });
});
afterAll(() => t.close());

const desk = (method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: { cookie: staff.hotline! } });

describe('ask for help → the hotline queue → the answer on the portal', () => {
  let caseId: string;

  it('validates the request and names the field', async () => {
    const res = await portalCall(t, me.cookie, 'POST', '/api/portal/help-requests', { category: 'job', content: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['category', 'content']));
  });

  it('a request becomes a portal case in the hotline queue, linked to the talent', async () => {
    const res = await portalCall(t, me.cookie, 'POST', '/api/portal/help-requests', { category: 'startup', subject: '返乡创业贷款', content: '想回凤城开一家生物试剂公司，请问有哪些创业扶持和贴息贷款政策？', contactPref: 'sms' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().number).toMatch(/^RX-\d{4}-\d{6}$/);
    caseId = res.json().id;
    const queue = (await desk('GET', '/api/hotline/cases?source=portal')).json();
    const item = queue.items.find((c: { id: string }) => c.id === caseId);
    expect(item).toMatchObject({ source: 'portal', category: 'startup', talentId: me.talentId, talentName: '罗嘉豪', callerPhoneMasked: '138****0001', status: 'new' });
    const mine = (await portalCall(t, me.cookie, 'GET', '/api/portal/help-requests')).json();
    expect(mine).toEqual([expect.objectContaining({ id: caseId, statusLabel: '新建', answer: null, subject: '返乡创业贷款' })]);
  });

  it('the desk answers; the talent sees status and answer (nothing internal)', async () => {
    let c = (await desk('GET', `/api/hotline/cases/${caseId}`)).json();
    c = (await desk('POST', `/api/hotline/cases/${caseId}/accept`, { version: c.version, note: '内部备注：转人社局核实' })).json();
    const ans = await desk('POST', `/api/hotline/cases/${caseId}/answer`, { version: c.version, answer: '您可申请返乡创业担保贷款（最高 50 万元，财政贴息），请携带营业执照到市人社局创业服务窗口办理。' });
    expect(ans.statusCode, ans.body).toBe(200);
    const mine = (await portalCall(t, me.cookie, 'GET', '/api/portal/help-requests')).json();
    expect(mine[0]).toMatchObject({ statusLabel: '待回访', answer: expect.stringContaining('返乡创业担保贷款') });
    expect(JSON.stringify(mine)).not.toContain('内部备注');
  });

  it('an account not yet linked can ask too; nobody sees another account’s requests', async () => {
    const fresh = await registerPortal(t, '13833330002');
    const res = await portalCall(t, fresh, 'POST', '/api/portal/help-requests', { category: 'employment', content: '我是应届毕业生，想了解家乡的事业单位招聘。' });
    expect(res.statusCode, res.body).toBe(201);
    const theirs = (await portalCall(t, fresh, 'GET', '/api/portal/help-requests')).json();
    expect(theirs).toHaveLength(1);
    expect(JSON.stringify(theirs)).not.toContain('生物试剂');
    expect((await portalCall(t, me.cookie, 'GET', '/api/portal/help-requests')).json()).toHaveLength(1);
    // Ids in the body are refused, not used.
    const named = await portalCall(t, fresh, 'POST', '/api/portal/help-requests', { category: 'policy', content: '替别人提问试试看', talentId: me.talentId });
    expect(named.statusCode).toBe(400);
  });

  it('help requests are part of "download my data"', async () => {
    const data = (await portalCall(t, me.cookie, 'GET', '/api/portal/my-data')).json();
    expect(data.helpRequests[0]).toMatchObject({ 类型: '创业服务', 状态: '待回访' });
    const html = (await portalCall(t, me.cookie, 'GET', '/api/portal/my-data.html')).body;
    expect(html).toContain('我的求助');
    expect(html).toContain('返乡创业担保贷款');
  });

  it('needs the consent to the notice', async () => {
    const w = await registerPortal(t, '13833330003');
    await portalCall(t, w, 'POST', '/api/portal/consent/withdraw', { scope: 'all' });
    const res = await portalCall(t, w, 'POST', '/api/portal/help-requests', { category: 'other', content: '撤回同意后还能求助吗？' });
    expect(res.json().error.code).toBe('CONSENT_REQUIRED');
  });
});
