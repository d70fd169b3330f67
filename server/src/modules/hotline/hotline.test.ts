import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, loginAs, makeUser, usersOfEveryRole, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let cookies: Record<string, string>;
const ids: Record<string, string> = {};

const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: cookies[who]! } });
const v = async (who: string, id: string | undefined) => (await call(who, 'GET', `/api/hotline/cases/${id}`)).json().version as number;

beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
  for (const [name, countyId] of [['agent1', t.org.county1], ['agent2', t.org.county2]] as const) {
    ids[name] = await makeUser(t, `u_${name}`, [{ role: 'hotline_agent', countyId }]);
    cookies[name] = await loginAs(t, `u_${name}`);
  }
});
afterAll(() => t.close());

describe('intake', () => {
  it('a registered talent calls: the number finds them (masked) and their earlier cases', async () => {
    const tal = await call('county1', 'POST', '/api/talents', { name: '回乡甲', ownerCountyId: t.org.county1, phones: ['13811112222'], employer: '深圳某科技公司' });
    ids.talent = tal.json().id;
    const first = await call('agent1', 'POST', '/api/hotline/cases', { category: 'employment', countyId: t.org.county1, content: '想了解县里的工程师岗位', callerPhone: '138 1111 2222', talentId: ids.talent });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ status: 'new', source: 'phone', callerPhoneMasked: '138****2222', talentName: '回乡甲', levelName: '甲县热线' });
    expect(first.json().number).toMatch(/^RX-\d{4}-\d{6}$/);
    expect(first.json().events).toHaveLength(1);
    ids.case1 = first.json().id;
    const look = await call('agent1', 'GET', '/api/hotline/lookup?phone=13811112222');
    expect(look.statusCode).toBe(200);
    expect(look.json().talents).toEqual([expect.objectContaining({ name: '回乡甲', phonesMasked: ['138****2222'], employer: '深圳某科技公司' })]);
    expect(look.json().cases.map((c: { id: string }) => c.id)).toEqual([ids.case1]);
    expect(look.body).not.toContain('13811112222');
    // Another county's desk finds neither the talent nor the case.
    const other = (await call('agent2', 'GET', '/api/hotline/lookup?phone=13811112222')).json();
    expect([other.talents, other.cases]).toEqual([[], []]);
  });

  it('bad input names the field in Chinese', async () => {
    const res = await call('agent1', 'POST', '/api/hotline/cases', { category: 'x', countyId: t.org.county1, content: '', callerPhone: '12' });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['category', 'content', 'callerPhone']));
    expect(res.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    const look = await call('agent1', 'GET', '/api/hotline/lookup?phone=abc');
    expect(look.json().error.fields[0]).toEqual({ field: 'phone', message: '来电号码不是有效的手机号或带区号的固定电话' });
  });

  it('a county desk opens cases only at its own level', async () => {
    const res = await call('agent1', 'POST', '/api/hotline/cases', { category: 'policy', countyId: t.org.county2, content: '别县的诉求' });
    expect(res.json().error.fields[0].field).toBe('countyId');
    const city = await call('agent1', 'POST', '/api/hotline/cases', { category: 'policy', countyId: null, content: '市级诉求' });
    expect(city.statusCode).toBe(400);
    // A talent out of the desk's scope cannot be linked.
    const foreign = await call('county2', 'POST', '/api/talents', { name: '乙县某', ownerCountyId: t.org.county2 });
    const link = await call('agent1', 'POST', '/api/hotline/cases', { category: 'policy', countyId: t.org.county1, content: 'x', talentId: foreign.json().id });
    expect(link.json().error.fields[0].field).toBe('talentId');
  });
});

describe('assignment, transfer and scope', () => {
  it('the city transfers its case to a county: that county sees it, the other does not', async () => {
    const c = await call('hotline', 'POST', '/api/hotline/cases', { category: 'project', content: '有一个新材料项目想回乡落地', callerName: '李先生', callerPhone: '13900001234' });
    ids.city = c.json().id;
    expect((await call('agent1', 'GET', `/api/hotline/cases/${ids.city}`)).statusCode).toBe(404);
    const noNote = await call('hotline', 'POST', `/api/hotline/cases/${ids.city}/transfer`, { version: 1, countyId: t.org.county1 });
    expect(noNote.json().error.fields[0]).toEqual({ field: 'note', message: '请填写说明' });
    const tr = await call('hotline', 'POST', `/api/hotline/cases/${ids.city}/transfer`, { version: 1, countyId: t.org.county1, note: '项目拟落地甲县' });
    expect(tr.statusCode, tr.body).toBe(200);
    expect(tr.json().events.at(-1)).toMatchObject({ action: 'transfer', note: '项目拟落地甲县', actorName: 'u_hotline' });
    expect((await call('agent1', 'GET', `/api/hotline/cases/${ids.city}`)).statusCode).toBe(200);
    expect((await call('agent2', 'GET', `/api/hotline/cases/${ids.city}`)).statusCode).toBe(404);
    const stale = await call('hotline', 'POST', `/api/hotline/cases/${ids.city}/accept`, { version: 1 });
    expect(stale.statusCode).toBe(409);
  });

  it('a city case assigned by name to a county agent is visible to that agent only', async () => {
    const c = await call('hotline', 'POST', '/api/hotline/cases', { category: 'startup', content: '咨询创业担保贷款' });
    ids.named = c.json().id;
    const bad = await call('hotline', 'POST', `/api/hotline/cases/${ids.named}/assign`, { version: 1, assigneeId: ids.agent1 });
    expect(bad.statusCode).toBe(200);
    expect((await call('agent1', 'GET', `/api/hotline/cases/${ids.named}`)).json().levelName).toBe('市热线');
    expect((await call('agent1', 'GET', '/api/hotline/cases?mine=1')).json().items.map((x: { id: string }) => x.id)).toContain(ids.named);
    expect((await call('agent2', 'GET', `/api/hotline/cases/${ids.named}`)).statusCode).toBe(404);
    expect((await call('county2', 'GET', `/api/hotline/cases/${ids.named}`)).statusCode).toBe(404);
  });

  it('a county case cannot be assigned to another county’s agent, nor to someone off the desk', async () => {
    const toOther = await call('agent1', 'POST', `/api/hotline/cases/${ids.case1}/assign`, { version: await v('agent1', ids.case1), assigneeId: ids.agent2 });
    expect(toOther.json().error.fields[0]).toEqual({ field: 'assigneeId', message: '承办人须为该层级热线的在岗人员' });
    const leaderId = (await t.database.db.execute(sql`select id from users where username = 'u_leader'`) as unknown as { rows: { id: string }[] }).rows[0]!;
    const toLeader = await call('hotline', 'POST', `/api/hotline/cases/${ids.named}/assign`, { version: await v('hotline', ids.named), assigneeId: leaderId.id });
    expect(toLeader.statusCode).toBe(400);
  });

  it('a county transfers up to the city and then no longer sees the case', async () => {
    const c = await call('agent2', 'POST', '/api/hotline/cases', { category: 'other', countyId: t.org.county2, content: '跨县事项' });
    const id = c.json().id;
    const up = await call('agent2', 'POST', `/api/hotline/cases/${id}/transfer`, { version: 1, countyId: null, note: '涉及多县，请市热线协调' });
    expect(up.json()).toMatchObject({ countyId: null, levelName: '市热线' }); // the result of one's own action
    expect((await call('agent2', 'GET', `/api/hotline/cases/${id}`)).statusCode).toBe(404);
    expect((await call('hotline', 'GET', `/api/hotline/cases/${id}`)).json()).toMatchObject({ countyId: null, levelName: '市热线' });
  });
});

describe('handling, follow-up and reopening over HTTP', () => {
  it('accept → wait → resume → answer → follow-up (not resolved) → close → reopen, each on the timeline', async () => {
    const id = ids.case1!;
    const go = async (path: string, body: object) => {
      const r = await call('agent1', 'POST', `/api/hotline/cases/${id}/${path}`, { version: await v('agent1', id), ...body });
      expect(r.statusCode, `${path}: ${r.body}`).toBe(200);
      return r.json();
    };
    expect((await go('accept', { note: '已受理' })).status).toBe('in_progress');
    expect((await go('wait', { note: '等待来电人发送简历' })).waitingCaller).toBe(true);
    expect((await go('resume', {})).waitingCaller).toBe(false);
    const ans = await go('answer', { answer: '已推荐到县经开区两家企业。' });
    expect(ans).toMatchObject({ status: 'follow_up', answer: '已推荐到县经开区两家企业。' });
    const back = await go('follow-up', { satisfaction: 2, resolved: false, note: '企业未联系' });
    expect(back).toMatchObject({ status: 'in_progress', satisfaction: 2 });
    const missingOutcome = await call('agent1', 'POST', `/api/hotline/cases/${id}/close`, { version: await v('agent1', id) });
    expect(missingOutcome.json().error.fields[0]).toEqual({ field: 'outcome', message: '请选择办理结果' });
    const closed = await go('close', { outcome: 'job', outcomeNote: '已入职县经开区某公司' });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'job' });
    const again = await call('agent1', 'POST', `/api/hotline/cases/${id}/accept`, { version: closed.version });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已办结');
    const re = await go('reopen', { note: '来电人要求再办' });
    expect(re).toMatchObject({ status: 'in_progress', reopenCount: 1 });
    expect(re.events.map((e: { action: string }) => e.action)).toEqual(['create', 'accept', 'wait', 'resume', 'answer', 'follow_up', 'close', 'reopen']);
    await go('close', { outcome: 'job' });
    const fu = await go('follow-up', { satisfaction: 5, resolved: true, note: '很满意' });
    expect(fu).toMatchObject({ status: 'closed', satisfaction: 5 });
    const audit = await t.database.db.execute(sql`select count(*)::int as n from audit_log where target_id = ${id} and action like 'hotline.case_%'`);
    expect((audit as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(10);
  });

  it('cancel needs a reason; a note needs no version', async () => {
    const c = await call('agent1', 'POST', '/api/hotline/cases', { category: 'other', countyId: t.org.county1, content: '打错电话' });
    const id = c.json().id;
    expect((await call('agent1', 'POST', `/api/hotline/cases/${id}/notes`, { note: '来电人挂断' })).statusCode).toBe(200);
    expect((await call('agent1', 'POST', `/api/hotline/cases/${id}/cancel`, { version: await v('agent1', id) })).statusCode).toBe(400);
    const x = await call('agent1', 'POST', `/api/hotline/cases/${id}/cancel`, { version: await v('agent1', id), note: '误拨' });
    expect(x.json().status).toBe('cancelled');
  });
});

describe('information-collection call (信息收集) through the registry rules', () => {
  it('creates a record sourced 返乡热线 with the caller phone, then updates it on the next call', async () => {
    const c = await call('agent1', 'POST', '/api/hotline/cases', { category: 'info', countyId: t.org.county1, content: '登记在外人才信息', callerPhone: '13655556666' });
    const id = c.json().id;
    const created = await call('agent1', 'POST', `/api/hotline/cases/${id}/talent`, { fields: { name: '信息乙', ownerCountyId: t.org.county1, employer: '上海某研究院' } });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json().result).toBe('created');
    const tal = (await call('county1', 'GET', `/api/talents/${created.json().talentId}`)).json();
    expect(tal).toMatchObject({ name: '信息乙', source: 'hotline', phonesMasked: ['136****6666'] });
    expect((await call('agent1', 'GET', `/api/hotline/cases/${id}`)).json().talentId).toBe(tal.id);
    // Next call from another phone: name + employer match the same person → update, phones unioned.
    const c2 = await call('agent1', 'POST', '/api/hotline/cases', { category: 'info', countyId: t.org.county1, content: '更新信息', callerPhone: '13677778888' });
    const upd = await call('agent1', 'POST', `/api/hotline/cases/${c2.json().id}/talent`, { fields: { name: '信息乙', employer: '上海某研究院', position: '高级工程师' } });
    expect(upd.json()).toMatchObject({ result: 'updated', talentId: tal.id });
    const after = (await call('county1', 'GET', `/api/talents/${tal.id}`)).json();
    expect(after.phonesMasked).toEqual(['136****6666', '136****8888']);
    expect(after.position).toBe('高级工程师');
    expect(after.source).toBe('hotline');
  });

  it('a match registered in another county is refused, not duplicated', async () => {
    await call('county2', 'POST', '/api/talents', { name: '外县丙', ownerCountyId: t.org.county2, phones: ['13799990000'] });
    const c = await call('agent1', 'POST', '/api/hotline/cases', { category: 'info', countyId: t.org.county1, content: '登记', callerPhone: '13799990000' });
    const res = await call('agent1', 'POST', `/api/hotline/cases/${c.json().id}/talent`, { fields: { name: '外县丙', ownerCountyId: t.org.county1 } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('已在其他县');
    const n = await t.database.db.execute(sql`select count(*)::int as n from talents where name = '外县丙'`);
    expect((n as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
  });

  it('registry validation errors name the field', async () => {
    const c = await call('agent1', 'POST', '/api/hotline/cases', { category: 'info', countyId: t.org.county1, content: '登记' });
    const res = await call('agent1', 'POST', `/api/hotline/cases/${c.json().id}/talent`, { mode: 'create', fields: { name: '错丁', ownerCountyId: t.org.county1, idNumber: '110105199001011234' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('idNumber');
  });
});

describe('settings: SLA targets and the working calendar', () => {
  it('only the city edits; bad rows are named', async () => {
    const body = { policies: [{ category: 'policy', level: 'city', firstResponseMinutes: 30, resolutionMinutes: 420 }] };
    expect((await call('agent1', 'PUT', '/api/hotline/settings/sla-policies', body)).statusCode).toBe(403);
    expect((await call('hotline', 'PUT', '/api/hotline/settings/sla-policies', body)).statusCode).toBe(403);
    const ok = await call('city', 'PUT', '/api/hotline/settings/sla-policies', body);
    expect(ok.json().policies.find((p: { category: string; level: string }) => p.category === 'policy' && p.level === 'city').firstResponseMinutes).toBe(30);
    const bad = await call('city', 'PUT', '/api/hotline/settings/sla-policies', { policies: [{ category: 'policy', level: 'city', firstResponseMinutes: 500, resolutionMinutes: 420 }] });
    expect(bad.json().error.fields[0].field).toBe('policies.0.firstResponseMinutes');
  });

  it('the calendar of a year is replaced whole; weekday 调休 and weekend holidays are refused', async () => {
    const res = await call('agent1', 'GET', '/api/hotline/calendar?year=2026');
    expect(res.statusCode, res.body).toBe(200);
    const y = res.json();
    expect(y.find((d: { day: string }) => d.day === '2026-02-14')).toEqual({ day: '2026-02-14', kind: 'workday', name: '春节调休上班' });
    const wrong = await call('city', 'PUT', '/api/hotline/calendar?year=2028', { days: [{ day: '2028-01-01', kind: 'holiday', name: '元旦' }, { day: '2028-01-03', kind: 'workday', name: 'x' }] });
    expect(wrong.json().error.fields[0]).toEqual({ field: 'days.0.kind', message: '2028-01-01 是周末，本来就不上班，无需设为放假' });
    const ok = await call('city', 'PUT', '/api/hotline/calendar?year=2028', { days: [{ day: '2028-01-03', kind: 'holiday', name: '元旦' }] });
    expect(ok.json()).toEqual([{ day: '2028-01-03', kind: 'holiday', name: '元旦' }]);
    expect((await call('agent1', 'PUT', '/api/hotline/calendar?year=2028', { days: [] })).statusCode).toBe(403);
    // The built-in (provisional) 2027 is replaced by what the city saves — even by no exceptions at all.
    expect((await call('city', 'GET', '/api/hotline/calendar?year=2027')).json().length).toBeGreaterThan(10);
    expect((await call('city', 'PUT', '/api/hotline/calendar?year=2027', { days: [] })).json()).toEqual([]);
    expect((await call('agent1', 'GET', '/api/hotline/calendar?year=2027')).json()).toEqual([]);
    const hours = await call('city', 'PUT', '/api/hotline/settings/work-hours', { periods: [{ start: '09:00', end: '08:00' }], warnShare: 0.25 });
    expect(hours.json().error.fields[0].field).toBe('periods.0.end');
  });
});
