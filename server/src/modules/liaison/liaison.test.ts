import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, loginAs, makeUser, usersOfEveryRole, type TestContext } from '../../test/harness.ts';
import { beijingToday, addDays } from './due.ts';
import { runReminders } from './reminders.ts';

let t: TestContext;
let cookies: Record<string, string>;
const ids: Record<string, string> = {};
const today = beijingToday();

const call = (who: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: { cookie: cookies[who]! } });
const rows = async <T = Record<string, unknown>>(q: ReturnType<typeof sql>) => ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const one = async (q: ReturnType<typeof sql>) => Number(Object.values((await rows(q))[0]!)[0]);

beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
  // A second leader in county1 and one in county2.
  ids.leader2 = await makeUser(t, 'u_leader2', [{ role: 'leader', countyId: t.org.county1 }]);
  ids.leader3 = await makeUser(t, 'u_leader3', [{ role: 'leader', countyId: t.org.county2 }]);
  cookies.leader2 = await loginAs(t, 'u_leader2');
  cookies.leader3 = await loginAs(t, 'u_leader3');
  ids.leader = (await rows<{ id: string }>(sql`select id from users where username = 'u_leader'`))[0]!.id;
  for (const [key, name, county, tier] of [
    ['a', '联络甲', t.org.county1, 'A'],
    ['b', '联络乙', t.org.county1, 'B'],
    ['c', '联络丙', t.org.county1, 'B'],
    ['d', '联络丁', t.org.county1, null],
    ['x', '他县人', t.org.county2, null],
  ] as const) {
    const res = await call(county === t.org.county1 ? 'county1' : 'county2', 'POST', '/api/talents', { name, ownerCountyId: county, ...(tier ? { tier } : {}) });
    expect(res.statusCode, res.body).toBe(201);
    ids[key] = res.json().id;
  }
});
afterAll(() => t.close());

describe('assignments', () => {
  it('a county admin assigns one by one and in bulk from a registry filter', async () => {
    const one = await call('county1', 'POST', '/api/liaison/assignments', { leaderId: ids.leader, talentIds: [ids.a, ids.b] });
    expect(one.json(), one.body).toEqual({ assigned: 2, skipped: 0 });
    const bulk = await call('county1', 'POST', '/api/liaison/assignments', { leaderId: ids.leader2, filter: { q: '联络丙' } });
    expect(bulk.json(), bulk.body).toEqual({ assigned: 1, skipped: 0 });
    const again = await call('county1', 'POST', '/api/liaison/assignments', { leaderId: ids.leader, talentIds: [ids.a] });
    expect(again.json()).toEqual({ assigned: 0, skipped: 1 });
  });

  it('refuses a talent of another county and a leader of another county (404), and explains bad input', async () => {
    expect((await call('county1', 'POST', '/api/liaison/assignments', { leaderId: ids.leader, talentIds: [ids.x] })).statusCode).toBe(404);
    expect((await call('county1', 'POST', '/api/liaison/assignments', { leaderId: ids.leader3, talentIds: [ids.d] })).statusCode).toBe(404);
    const bad = await call('county1', 'POST', '/api/liaison/assignments', { leaderId: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['leaderId']));
  });

  it('a county cannot see another county’s leaders', async () => {
    const c1 = (await call('county1', 'GET', '/api/liaison/leaders')).json().map((l: { id: string }) => l.id);
    expect(c1.sort()).toEqual([ids.leader, ids.leader2].sort());
    const c2 = (await call('county2', 'GET', '/api/liaison/leaders')).json().map((l: { id: string }) => l.id);
    expect(c2).toEqual([ids.leader3]);
    expect((await call('county2', 'GET', `/api/liaison/assignments?leaderId=${ids.leader}`)).json()).toEqual([]);
    expect((await call('county2', 'GET', `/api/liaison/ledger.xlsx?leaderId=${ids.leader}`)).statusCode).toBe(404);
    const sup = (await call('county2', 'GET', '/api/liaison/supervision')).json();
    expect(sup.leaders.map((l: { leaderId: string }) => l.leaderId)).toEqual([ids.leader3]);
    expect((await call('city', 'GET', '/api/liaison/leaders')).json()).toHaveLength(3);
  });

  it('reassignment keeps the history', async () => {
    const [b] = (await call('county1', 'GET', `/api/liaison/assignments?talentId=${ids.b}`)).json();
    expect((await call('county1', 'POST', `/api/liaison/assignments/${b.id}/reassign`, { leaderId: ids.leader2 })).statusCode).toBe(200);
    const hist = (await call('county1', 'GET', `/api/liaison/assignments?talentId=${ids.b}&includeEnded=true`)).json();
    expect(hist.map((h: { leaderId: string; active: boolean; endedAt: string | null }) => [h.leaderId, h.active, !!h.endedAt]).sort()).toEqual(
      [[ids.leader, false, true], [ids.leader2, true, false]].sort(),
    );
    // And back, for the rest of the tests.
    const cur = hist.find((h: { active: boolean }) => h.active);
    expect((await call('county2', 'POST', `/api/liaison/assignments/${cur.id}/reassign`, { leaderId: ids.leader3 })).statusCode).toBe(404);
    expect((await call('county1', 'POST', `/api/liaison/assignments/${cur.id}/reassign`, { leaderId: ids.leader })).statusCode).toBe(200);
    expect(await one(sql`select count(*) from liaison_assignments where talent_id = ${ids.b}`)).toBe(3);
    expect(await one(sql`select count(*) from audit_log where action = 'liaison.reassign'`)).toBe(2);
  });
});

describe('leader', () => {
  it('sees only their own talents, sorted by due date', async () => {
    const mine = (await call('leader', 'GET', '/api/liaison/my')).json();
    expect(mine.map((m: { talentName: string }) => m.talentName).sort()).toEqual(['联络乙', '联络甲'].sort());
    const other = (await call('leader2', 'GET', '/api/liaison/my')).json();
    expect(other.map((m: { talentName: string }) => m.talentName)).toEqual(['联络丙']);
    // A leader's assignment list is their own even when asking for another leader.
    expect((await call('leader', 'GET', `/api/liaison/assignments?leaderId=${ids.leader2}`)).json()).toEqual([]);
    const dues = mine.map((m: { nextDue: string }) => m.nextDue);
    expect([...dues].sort()).toEqual(dues);
    // The registry agrees: another leader's talent is 404 and absent from lists and totals.
    expect((await call('leader', 'GET', `/api/talents/${ids.a}`)).statusCode).toBe(200);
    expect((await call('leader', 'GET', `/api/talents/${ids.c}`)).statusCode).toBe(404);
    expect((await call('leader2', 'GET', `/api/talents/${ids.a}`)).statusCode).toBe(404);
    const list = (await call('leader', 'GET', '/api/talents?pageSize=50')).json();
    expect(list.items.map((i: { name: string }) => i.name).sort()).toEqual(['联络乙', '联络甲'].sort());
    expect(list.total).toBe(2);
  });

  it('logs a contact; problems become a follow-up; the contact shows in the talent timeline', async () => {
    const [a] = (await call('leader', 'GET', `/api/liaison/assignments?talentId=${ids.a}`)).json();
    const res = await call('leader', 'POST', '/api/liaison/contacts', { assignmentId: a.id, channel: '电话', contactDate: today, summary: '电话问候，了解近况', problems: '子女入学', followUpNeeded: true, followUpOwner: '县教育局' });
    expect(res.statusCode, res.body).toBe(201);
    const hist = (await call('county1', 'GET', `/api/talents/${ids.a}/history`)).json();
    const items = Array.isArray(hist) ? hist : hist.items;
    expect(JSON.stringify(items)).toContain('电话问候，了解近况');
    const fu = (await call('leader', 'GET', '/api/liaison/follow-ups')).json();
    expect(fu).toHaveLength(1);
    expect(fu[0]).toMatchObject({ problem: '子女入学', owner: '县教育局', status: 'open' });
    const after = (await call('leader', 'GET', '/api/liaison/my')).json().find((m: { talentId: string }) => m.talentId === ids.a);
    expect(after.lastContact).toBe(today);
    expect(after.openFollowUps).toBe(1);
  });

  it('cannot log a contact for another leader’s talent, and bad input is explained', async () => {
    const [c] = (await call('county1', 'GET', `/api/liaison/assignments?talentId=${ids.c}`)).json();
    expect((await call('leader', 'POST', '/api/liaison/contacts', { assignmentId: c.id, channel: '电话', contactDate: today, summary: '越权登记' })).statusCode).toBe(404);
    const bad = await call('leader2', 'POST', '/api/liaison/contacts', { assignmentId: c.id, channel: '飞鸽', contactDate: '2026/1/1', summary: '', followUpNeeded: true });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['channel', 'contactDate', 'summary']));
    const future = await call('leader2', 'POST', '/api/liaison/contacts', { assignmentId: c.id, channel: '电话', contactDate: addDays(today, 2), summary: '未来的联系' });
    expect(future.json().error.fields[0]).toMatchObject({ field: 'contactDate', message: '联系日期不能晚于今天' });
    const noProblem = await call('leader2', 'POST', '/api/liaison/contacts', { assignmentId: c.id, channel: '电话', contactDate: today, summary: '问候', followUpNeeded: true });
    expect(noProblem.json().error.fields[0].field).toBe('problems');
  });

  it('resolves a follow-up; another leader cannot', async () => {
    const [fu] = (await call('leader', 'GET', '/api/liaison/follow-ups')).json();
    expect((await call('leader2', 'POST', `/api/liaison/follow-ups/${fu.id}/resolve`, { resolution: '已协调' })).statusCode).toBe(404);
    expect((await call('county2', 'POST', `/api/liaison/follow-ups/${fu.id}/resolve`, { resolution: '已协调' })).statusCode).toBe(404);
    const r = await call('leader', 'POST', `/api/liaison/follow-ups/${fu.id}/resolve`, { resolution: '已协调入学' });
    expect(r.json()).toMatchObject({ status: 'solved', resolution: '已协调入学' });
    expect((await call('leader', 'POST', `/api/liaison/follow-ups/${fu.id}/resolve`, { resolution: '已协调入学' })).statusCode).toBe(409);
  });
});

describe('supervision', () => {
  it('figures equal direct counts', async () => {
    // History: an old assignment of leader2 overdue (assigned a year ago, never contacted), a contact last year.
    await t.database.db.execute(sql`update liaison_assignments set assigned_at = now() - interval '400 days' where talent_id = ${ids.c} and active`);
    const [c] = (await call('county1', 'GET', `/api/liaison/assignments?talentId=${ids.c}`)).json();
    await t.database.db.execute(sql`insert into liaison_contacts (assignment_id, talent_id, leader_id, channel, contact_date, summary) values (${c.id}, ${ids.c}, ${ids.leader2}, '微信', ${`${Number(today.slice(0, 4)) - 1}-06-01`}, '去年的联系')`);
    const sup = (await call('city', 'GET', '/api/liaison/supervision')).json();
    const year = Number(today.slice(0, 4));
    for (const l of sup.leaders) {
      const assigned = await one(sql`select count(*) from liaison_assignments where leader_id = ${l.leaderId} and active`);
      const contacts = await one(sql`select count(*) from liaison_contacts where leader_id = ${l.leaderId} and extract(year from contact_date) = ${year}`);
      const open = await one(sql`select count(*) from liaison_follow_ups where leader_id = ${l.leaderId} and status = 'open'`);
      const solved = await one(sql`select count(*) from liaison_follow_ups where leader_id = ${l.leaderId} and status = 'solved'`);
      // Overdue by the rule (default quarterly, no tier rules): no contact of this assignment within 3 months and assigned more than 3 months ago.
      const overdue = await one(sql`select count(*) from liaison_assignments la where la.leader_id = ${l.leaderId} and la.active
        and (greatest((la.assigned_at at time zone 'Asia/Shanghai')::date, coalesce((select max(contact_date) from liaison_contacts lc where lc.assignment_id = la.id), '1900-01-01')) + interval '3 months')::date < ${today}::date`);
      expect(l, l.leaderName).toMatchObject({ assigned, contactsThisYear: contacts, problemsOpen: open, problemsSolved: solved, overdue, withinRule: assigned - overdue });
    }
    const l2 = sup.leaders.find((l: { leaderId: string }) => l.leaderId === ids.leader2);
    expect(l2).toMatchObject({ assigned: 1, overdue: 1, withinRule: 0, share: 0, contactsThisYear: 0 });
    const l1 = sup.leaders.find((l: { leaderId: string }) => l.leaderId === ids.leader);
    expect(l1).toMatchObject({ assigned: 2, overdue: 0, contactsThisYear: 1, problemsOpen: 0, problemsSolved: 1, share: 1 });
    const county1 = sup.counties.find((c: { countyId: string }) => c.countyId === t.org.county1);
    expect(county1).toMatchObject({ assigned: 3, overdue: 1, withinRule: 2, contactsThisYear: 1, problemsSolved: 1 });
    expect(county1.assigned).toBe(await one(sql`select count(*) from liaison_assignments la join user_roles ur on ur.user_id = la.leader_id and ur.role = 'leader' where la.active and ur.county_id = ${t.org.county1}`));
    expect(sup.overdueList.map((o: { talentName: string }) => o.talentName)).toEqual(['联络丙']);
  });

  it('a leader cannot read another leader’s contacts or follow-ups; another county sees none of them', async () => {
    expect((await call('leader2', 'GET', `/api/liaison/contacts?talentId=${ids.c}`)).json()).toHaveLength(1);
    expect((await call('county1', 'GET', `/api/liaison/contacts?leaderId=${ids.leader2}`)).json()).toHaveLength(1);
    expect((await call('leader', 'GET', `/api/liaison/contacts?talentId=${ids.c}`)).json()).toEqual([]);
    expect((await call('leader', 'GET', `/api/liaison/contacts?leaderId=${ids.leader2}`)).json()).toEqual([]);
    expect((await call('leader2', 'GET', '/api/liaison/contacts')).json().map((c: { talentName: string }) => c.talentName)).toEqual(['联络丙']);
    expect((await call('leader2', 'GET', '/api/liaison/follow-ups')).json()).toEqual([]);
    expect((await call('county2', 'GET', '/api/liaison/contacts')).json()).toEqual([]);
    expect((await call('county2', 'GET', '/api/liaison/follow-ups')).json()).toEqual([]);
  });

  it('records inspections in the own county only', async () => {
    const ok = await call('county1', 'POST', '/api/liaison/inspections', { countyId: t.org.county1, leaderId: ids.leader2, inspectedOn: today, inspector: '市委人才办', findings: '联络丙超期未联系', rectificationDeadline: addDays(today, 15) });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await call('county1', 'POST', '/api/liaison/inspections', { countyId: t.org.county2, inspectedOn: today, inspector: '市委人才办', findings: '越权' })).statusCode).toBe(404);
    const early = await call('city', 'POST', '/api/liaison/inspections', { countyId: t.org.county2, inspectedOn: today, inspector: '市委人才办', findings: '检查', rectificationDeadline: addDays(today, -1) });
    expect(early.json().error.fields[0].field).toBe('rectificationDeadline');
    expect((await call('county2', 'GET', '/api/liaison/inspections')).json()).toEqual([]);
    expect((await call('city', 'GET', '/api/liaison/inspections')).json()).toHaveLength(1);
  });
});

describe('ledger', () => {
  it('xlsx per leader reads back with contacts, channels, problems and resolution; formulas neutralised', async () => {
    const [a] = (await call('leader', 'GET', `/api/liaison/assignments?talentId=${ids.a}`)).json();
    await call('leader', 'POST', '/api/liaison/contacts', { assignmentId: a.id, channel: '微信', contactDate: today, summary: '=HYPERLINK("x")' });
    const res = await call('county1', 'GET', `/api/liaison/ledger.xlsx?leaderId=${ids.leader}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('工作台账')!;
    expect(ws.getCell(1, 1).value).toBe('u_leader联系服务人才工作台账');
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual(['序号', '联系领导', '所属县（市、区）', '联系对象', '单位及职务', '联系日期', '联系方式', '联系情况', '反映问题', '跟进事项（责任单位/期限）', '办理情况']);
    const data: unknown[][] = [];
    ws.eachRow((r, n) => n > 3 && data.push((r.values as unknown[]).slice(1)));
    const phone = data.find((r) => r[6] === '电话')!;
    expect(phone.slice(1, 4)).toEqual(['u_leader', '甲县', '联络甲']);
    expect(phone[5]).toBe(today);
    expect(phone[7]).toBe('电话问候，了解近况');
    expect(phone[8]).toBe('子女入学');
    expect(String(phone[9])).toContain('县教育局');
    expect(phone[10]).toBe('已办结：已协调入学');
    const inj = data.find((r) => r[6] === '微信')!;
    expect(inj[7]).toBe(`'=HYPERLINK("x")`);
    expect(data.find((r) => r[3] === '联络乙')![7]).toBe('（尚未联系）');
    expect(data.map((r) => r[0])).toEqual(data.map((_, i) => i + 1));
  });

  it('per county and printable html; a leader gets their own', async () => {
    const res = await call('county1', 'GET', `/api/liaison/ledger.xlsx?countyId=${t.org.county1}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names = new Set<string>();
    wb.getWorksheet('工作台账')!.eachRow((r, n) => n > 3 && names.add(String(r.getCell(4).value)));
    expect([...names].sort()).toEqual(['联络丙', '联络乙', '联络甲'].sort());
    expect((await call('county2', 'GET', `/api/liaison/ledger.xlsx?countyId=${t.org.county1}`)).statusCode).toBe(404);
    const html = await call('leader', 'GET', '/api/liaison/ledger.html');
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('电话问候，了解近况');
    expect(html.body).not.toContain('联络丙');
    expect(html.body).toContain('&quot;x&quot;');
    expect((await call('leader', 'GET', `/api/liaison/ledger.html?leaderId=${ids.leader2}`)).statusCode).toBe(404);
  });
});

/** The text of one file inside a zip (docx) buffer. */
function zipEntry(buf: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (e: yauzl.Entry) => {
        if (e.fileName !== name) return zip.readEntry();
        zip.openReadStream(e, (err2, stream) => {
          if (err2 || !stream) return reject(err2);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        });
      });
      zip.on('end', () => reject(new Error(`${name} not in the zip`)));
      zip.readEntry();
    });
  });
}

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** word/document.xml → table rows → cells → text (the runs of a cell joined, line breaks as \n). */
function docxTable(xml: string): string[][] {
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map(([tr]) =>
    [...tr.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map(([tc]) =>
      [...tc.matchAll(/<w:br\/>|<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => (m[0] === '<w:br/>' ? '\n' : unescapeXml(m[1] ?? ''))).join(''),
    ),
  );
}

describe('ledger docx', () => {
  it('per leader: word/document.xml reads back talents, contact dates, channels, problems and resolution; A4 landscape, 宋体; audited', async () => {
    // A pasted control character must not break the document (XML 1.0 forbids it).
    await t.database.db.execute(sql`insert into liaison_contacts (assignment_id, talent_id, leader_id, channel, contact_date, summary)
      select id, talent_id, leader_id, '座谈', ${today}::date, ${'座谈会\u0007交流\n第二行'} from liaison_assignments where talent_id = ${ids.a} and active`);
    const res = await call('county1', 'GET', `/api/liaison/ledger.docx?leaderId=${ids.leader}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('u_leader联系服务人才工作台账.docx'));
    const xml = await zipEntry(res.rawPayload, 'word/document.xml');
    expect(xml).not.toContain('\u0007');
    expect(xml).toContain('u_leader联系服务人才工作台账');
    expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    const table = docxTable(xml);
    expect(table[0]).toEqual(['序号', '联系领导', '所属县（市、区）', '联系对象', '单位及职务', '联系日期', '联系方式', '联系情况', '反映问题', '跟进事项（责任单位/期限）', '办理情况']);
    const data = table.slice(1);
    expect(data.map((r) => r[0])).toEqual(data.map((_, i) => String(i + 1)));
    const phone = data.find((r) => r[6] === '电话')!;
    expect(phone.slice(1, 10)).toEqual(['u_leader', '甲县', '联络甲', '', today, '电话', '电话问候，了解近况', '子女入学', expect.stringContaining('县教育局')]);
    expect(phone[10]).toBe('已办结：已协调入学');
    expect(data.find((r) => r[6] === '微信')![7]).toBe('=HYPERLINK("x")');
    expect(data.find((r) => r[6] === '座谈')!.slice(3, 8)).toEqual(['联络甲', '', today, '座谈', '座谈会交流\n第二行']);
    expect(data.find((r) => r[3] === '联络乙')![7]).toBe('（尚未联系）');
    expect(data.some((r) => r[3] === '联络丙')).toBe(false);
    const styles = await zipEntry(res.rawPayload, 'word/styles.xml');
    expect(styles).toMatch(/w:eastAsia="宋体"/);
    const [audit] = await rows<{ actor_name: string; target_id: string; detail: { format: string; leaderId: string; rows: number } }>(
      sql`select actor_name, target_id, detail from audit_log where action = 'liaison.ledger_export' order by id desc limit 1`,
    );
    expect(audit).toMatchObject({ actor_name: 'u_county1', target_id: ids.leader, detail: { format: 'docx', leaderId: ids.leader, rows: data.length } });
  });

  it('per county; a leader gets their own; another leader or another county gets 404', async () => {
    const county = await call('county1', 'GET', `/api/liaison/ledger.docx?countyId=${t.org.county1}`);
    expect(county.statusCode).toBe(200);
    const names = new Set(docxTable(await zipEntry(county.rawPayload, 'word/document.xml')).slice(1).map((r) => r[3]));
    expect([...names].sort()).toEqual(['联络丙', '联络乙', '联络甲'].sort());
    const own = await call('leader2', 'GET', '/api/liaison/ledger.docx');
    expect(own.statusCode).toBe(200);
    const ownRows = docxTable(await zipEntry(own.rawPayload, 'word/document.xml')).slice(1);
    expect([...new Set(ownRows.map((r) => r[3]))]).toEqual(['联络丙']);
    expect((await call('leader', 'GET', `/api/liaison/ledger.docx?leaderId=${ids.leader2}`)).statusCode).toBe(404);
    expect((await call('county2', 'GET', `/api/liaison/ledger.docx?leaderId=${ids.leader}`)).statusCode).toBe(404);
    expect((await call('county2', 'GET', `/api/liaison/ledger.docx?countyId=${t.org.county1}`)).statusCode).toBe(404);
    expect((await call('outpost', 'GET', `/api/liaison/ledger.docx?leaderId=${ids.leader}`)).statusCode).toBe(403);
    const bad = await call('county1', 'GET', '/api/liaison/ledger.docx?leaderId=nope');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0]).toMatchObject({ field: 'leaderId', message: '领导 ID 格式不正确' });
  });

  it('the xlsx and printable exports are audited too', async () => {
    const before = await one(sql`select count(*) from audit_log where action = 'liaison.ledger_export'`);
    await call('county1', 'GET', `/api/liaison/ledger.xlsx?countyId=${t.org.county1}`);
    await call('leader', 'GET', '/api/liaison/ledger.html');
    const last = await rows<{ detail: { format: string; countyId?: string; leaderId?: string } }>(sql`select detail from audit_log where action = 'liaison.ledger_export' order by id desc limit 2`);
    expect(await one(sql`select count(*) from audit_log where action = 'liaison.ledger_export'`)).toBe(before + 2);
    expect(last.map((r) => r.detail)).toEqual([expect.objectContaining({ format: 'html', leaderId: ids.leader }), expect.objectContaining({ format: 'xlsx', countyId: t.org.county1 })]);
  });
});

describe('reminders', () => {
  it('the daily job makes one in-app notification per assignment, kind and due date', async () => {
    const first = await runReminders(t.database.db, t.env);
    expect(first.created).toBe(1); // 联络丙 is overdue
    expect((await runReminders(t.database.db, t.env)).created).toBe(0);
    const n = (await call('leader2', 'GET', '/api/liaison/notifications')).json();
    expect(n).toHaveLength(1);
    expect(n[0]).toMatchObject({ kind: 'overdue' });
    expect(n[0].text).toContain('联络丙');
    expect((await call('leader', 'GET', '/api/liaison/notifications')).json()).toEqual([]);
    expect((await call('leader', 'POST', `/api/liaison/notifications/${n[0].id}/read`)).statusCode).toBe(404);
    expect((await call('leader2', 'POST', `/api/liaison/notifications/${n[0].id}/read`)).statusCode).toBe(200);
  });

  it('a week before and on the due date; SMS through the notifier to the leader’s own mobile', async () => {
    // The leader's own mobile, set by the system administrator in 用户管理; the legacy setting is ignored for them.
    const [me] = (await call('sysadmin', 'GET', '/api/users?q=u_leader&pageSize=50')).json().items.filter((u: { username: string }) => u.username === 'u_leader');
    expect((await call('sysadmin', 'PATCH', `/api/users/${ids.leader}`, { version: me.version, phone: '13900139001' })).statusCode).toBe(200);
    await t.database.db.execute(sql`insert into settings (key, value) values ('liaison_sms_phones', ${JSON.stringify({ [ids.leader!]: '13800138000', [ids.leader2!]: '13700137002' })}::jsonb)`);
    // 联络乙 (leader): assigned today, due in 3 months. Run "today" = 5 days before due, then on due.
    const [b] = (await call('leader', 'GET', `/api/liaison/assignments?talentId=${ids.b}`)).json();
    const r1 = await runReminders(t.database.db, t.env, addDays(b.nextDue, -5));
    expect(r1.created).toBeGreaterThanOrEqual(1);
    const r2 = await runReminders(t.database.db, t.env, b.nextDue);
    expect(r2.created).toBeGreaterThanOrEqual(1);
    const kinds = (await rows<{ kind: string }>(sql`select kind from liaison_notifications where talent_id = ${ids.b} order by created_at`)).map((r) => r.kind);
    expect(kinds).toEqual(['week_before', 'due']);
    const sent = await rows<{ to_masked: string; body: string }>(sql`select to_masked, body from notification_outbox where template = 'liaison_reminder' order by created_at`);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sent.map((r) => r.to_masked))).toEqual(new Set(['139****9001']));
    expect(sent.some((r) => r.body.includes('联络乙'))).toBe(true);
  });

  it('falls back to the legacy setting only for a leader without a phone; no phone at all, no SMS', async () => {
    await t.database.db.execute(sql`delete from liaison_notifications where user_id = ${ids.leader2}`);
    await t.database.db.execute(sql`delete from notification_outbox`);
    expect((await runReminders(t.database.db, t.env)).sms).toBe(1);
    expect(await rows(sql`select to_masked from notification_outbox where template = 'liaison_reminder'`)).toEqual([{ to_masked: '137****7002' }]);
    await t.database.db.execute(sql`delete from settings where key = 'liaison_sms_phones'`);
    await t.database.db.execute(sql`delete from liaison_notifications where user_id = ${ids.leader2}`);
    const again = await runReminders(t.database.db, t.env);
    expect(again).toMatchObject({ created: 1, sms: 0 });
  });
});

describe('rules', () => {
  it('the city sets per-tier frequency; a tier-A talent becomes due monthly', async () => {
    const bad = await call('city', 'PUT', '/api/liaison/rules', { frequency: [{ tier: 'a', intervalMonths: 0 }], festivals: [] });
    expect(bad.statusCode).toBe(400);
    const ok = await call('city', 'PUT', '/api/liaison/rules', { frequency: [{ tier: '*', intervalMonths: 3 }, { tier: 'A', intervalMonths: 1 }], festivals: [{ name: '重阳', day: '2027-10-08', windowBefore: 3, windowAfter: 3 }] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().festivals.filter((f: { builtin: boolean }) => !f.builtin)).toHaveLength(1);
    const a = (await call('leader', 'GET', '/api/liaison/my')).json().find((m: { talentId: string }) => m.talentId === ids.a);
    expect(a.nextDue <= addDays(today, 31)).toBe(true);
    expect((await call('county1', 'PUT', '/api/liaison/rules', { frequency: [], festivals: [] })).statusCode).toBe(403);
  });

  it('a county office reads the rules; bad input names the field in Chinese; a change is audited with before and after', async () => {
    const seen = await call('county1', 'GET', '/api/liaison/rules');
    expect(seen.statusCode).toBe(200);
    expect(seen.json().frequency).toEqual([{ tier: '*', intervalMonths: 3 }, { tier: 'A', intervalMonths: 1 }]);
    expect(seen.json().festivals.filter((f: { builtin: boolean }) => f.builtin).map((f: { name: string }) => f.name)).toContain('2027年春节');
    expect((await call('leader', 'GET', '/api/liaison/rules')).statusCode).toBe(403);
    const fieldsOf = async (body: object) => {
      const r = await call('city', 'PUT', '/api/liaison/rules', body);
      expect(r.statusCode, r.body).toBe(400);
      return r.json().error.fields as { field: string; message: string }[];
    };
    expect(await fieldsOf({ frequency: [], festivals: [{ name: '重阳', day: '2027-10-08', windowBefore: -1, windowAfter: 31 }] })).toEqual([
      { field: 'festivals.0.windowBefore', message: '节前窗口天数不能为负数' },
      { field: 'festivals.0.windowAfter', message: '节后窗口最多 30 天' },
    ]);
    expect(await fieldsOf({ frequency: [{ tier: 'B', intervalMonths: 2 }, { tier: 'B', intervalMonths: 6 }], festivals: [] })).toEqual([{ field: 'frequency.1.tier', message: 'B类的联系频次已设置，每个层级只能设置一条' }]);
    expect(await fieldsOf({ frequency: [], festivals: [{ name: '重阳', day: '2027-02-30', windowBefore: 3, windowAfter: 3 }] })).toEqual([{ field: 'festivals.0.day', message: '节日日期 2027-02-30 不是有效日期' }]);
    expect(await fieldsOf({ frequency: [{ tier: 'B', intervalMonths: 13 }], festivals: [{ name: ' ', day: '2027-10-08', windowBefore: 3, windowAfter: 3 }] })).toEqual([
      { field: 'frequency.0.intervalMonths', message: '间隔最多 12 个月' },
      { field: 'festivals.0.name', message: '请填写节日名称' },
    ]);
    const dup = await fieldsOf({ frequency: [], festivals: [{ name: '重阳', day: '2027-10-08', windowBefore: 3, windowAfter: 3 }, { name: '重阳', day: '2027-10-08', windowBefore: 1, windowAfter: 1 }] });
    expect(dup).toEqual([{ field: 'festivals.1.name', message: '节日“重阳”（2027-10-08）重复' }]);
    // Refused input changed nothing.
    expect((await call('county1', 'GET', '/api/liaison/rules')).json()).toEqual(seen.json());

    const ok = await call('city', 'PUT', '/api/liaison/rules', { frequency: [{ tier: '*', intervalMonths: 3 }, { tier: 'A', intervalMonths: 2 }], festivals: [{ name: '重阳', day: '2027-10-08', windowBefore: 5, windowAfter: 2 }] });
    expect(ok.statusCode, ok.body).toBe(200);
    const [audit] = await rows<{ actor_name: string; detail: unknown }>(sql`select actor_name, detail from audit_log where action = 'liaison.rules' order by id desc limit 1`);
    expect(audit).toEqual({
      actor_name: 'u_city',
      detail: {
        before: { frequency: [{ tier: '*', intervalMonths: 3 }, { tier: 'A', intervalMonths: 1 }], festivals: ['重阳 2027-10-08 −3/+3天'] },
        after: { frequency: [{ tier: '*', intervalMonths: 3 }, { tier: 'A', intervalMonths: 2 }], festivals: ['重阳 2027-10-08 −5/+2天'] },
      },
    });
  });
});
