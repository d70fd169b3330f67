import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, jobs, talentHistory, talents } from '../../../db/schema/index.ts';
import { failStaleJobs } from '../../../lib/jobs.ts';
import { makeIdNumber } from '../../../seed/ids.ts';
import { employerKey } from '../duplicate-rules.ts';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../../test/harness.ts';
import { tempDataDir, upload, xlsxOf, quietPoolTeardown, runJobs } from './test-files.ts';

/** All or nothing: a commit that fails half-way leaves the registry exactly as it was. */
let t: TestContext;
let cookies: Record<string, string>;
const data = tempDataDir();

const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: cookies[who]! } });
const post = (who: string, url: string, payload?: object) => t.app.inject({ method: 'POST', url, headers: { cookie: cookies[who]! }, payload });
const countOf = async (table: typeof talents | typeof talentHistory) => (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
const importAudits = async () => (await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'talent.import'))).length;

const rows = Array.from({ length: 30 }, (_, i) => [`人员${String(i).padStart(2, '0')}`, makeIdNumber('110105', `1980-01-${String(i + 1).padStart(2, '0')}`, i, 'male'), '专家学者']);
rows[17]![0] = '故障人员'; // the trigger below refuses this one, in the middle of the commit
const file = () => xlsxOf([{ name: '名单', rows: [['姓名', '证件号码', '人才类别'], ...rows] }]);

async function preview(who = 'county1', mode = 'preview') {
  const res = await upload(t, cookies[who]!, await file(), { mode });
  expect(res.statusCode, res.body).toBe(202);
  await runJobs(t);
  return res.json().id as string;
}

beforeAll(async () => {
  t = await createTestContext({ DATA_DIR: data.dir });
  quietPoolTeardown(t);
  cookies = await usersOfEveryRole(t);
  const r = await post('county1', '/api/talents', { name: '已有人员', idNumber: makeIdNumber('110105', '1970-01-01', 1, 'male'), ownerCountyId: t.org.county1 });
  expect(r.statusCode).toBe(201);
});
afterAll(async () => {
  await t.close();
  data.remove();
});

describe('a commit that fails part-way', () => {
  it('writes nothing, and the import is failed with a clear message; after the cause is gone it commits', async () => {
    const id = await preview();
    await t.database.db.execute(sql.raw(`
      create function import_test_refuse() returns trigger language plpgsql as $$
      begin
        if new.name = '故障人员' then raise exception 'simulated failure'; end if;
        return new;
      end $$`));
    await t.database.db.execute(sql.raw('create trigger import_test_refuse before insert on talents for each row execute function import_test_refuse()'));
    const [talentsBefore, historyBefore, auditsBefore] = [await countOf(talents), await countOf(talentHistory), await importAudits()];
    expect((await post('county1', `/api/talents/imports/${id}/commit`)).statusCode).toBe(202);
    await runJobs(t);
    const s = (await get('county1', `/api/talents/imports/${id}`)).json();
    expect(s).toMatchObject({ status: 'failed', phase: 'previewed', error: '导入提交失败，人才库未作任何改动。请稍后重试；如仍失败请联系管理员' });
    expect([await countOf(talents), await countOf(talentHistory), await importAudits()]).toEqual([talentsBefore, historyBefore, auditsBefore]);

    await t.database.db.execute(sql.raw('drop trigger import_test_refuse on talents'));
    await t.database.db.execute(sql.raw('drop function import_test_refuse()'));
    expect((await post('county1', `/api/talents/imports/${id}/commit`)).statusCode).toBe(202);
    await runJobs(t);
    expect((await get('county1', `/api/talents/imports/${id}`)).json()).toMatchObject({ status: 'done', phase: 'committed', report: { created: 30 } });
    expect(await countOf(talents)).toBe(talentsBefore + 30);
  });

  it('refuses to commit over a record changed since the preview', async () => {
    const id = await preview('county2', 'preview'); // same people again: now all matches, in county1 → errors for county2
    const s = (await get('county2', `/api/talents/imports/${id}`)).json();
    expect(s.report.errorRows).toBe(30);
    expect(s.report.errors[0].message).toBe('该人员已在其他县（市、区）登记');

    const again = await preview('county1');
    const m = (await get('county1', `/api/talents/imports/${again}/matches?pageSize=100`)).json();
    expect(m.total).toBe(30);
    expect(m.items.every((i: { decision: string }) => i.decision === 'update')).toBe(true);
    const target = m.items[0].registry[0].talentId;
    const current = (await get('county1', `/api/talents/${target}`)).json();
    expect((await t.app.inject({ method: 'PATCH', url: `/api/talents/${target}`, headers: { cookie: cookies.county1! }, payload: { version: current.version, employer: '他人修改' } })).statusCode).toBe(200);
    const historyBefore = await countOf(talentHistory);
    await post('county1', `/api/talents/imports/${again}/commit`);
    await runJobs(t);
    const f = (await get('county1', `/api/talents/imports/${again}`)).json();
    expect(f.status).toBe('failed');
    expect(f.error).toBe('第 2 行匹配的记录在预览后已被他人修改、合并或移出您的范围，未导入任何数据；请重新上传预览');
    expect(await countOf(talentHistory)).toBe(historyBefore);
  });

  it('in mode "commit", a file with any error imports nothing', async () => {
    const bad = await xlsxOf([{ name: 'S', rows: [['姓名', '联系电话'], ['好人', '13800000001'], ['坏号', '123']] }]);
    const before = await countOf(talents);
    const res = await upload(t, cookies.county1!, bad, { mode: 'commit' });
    await runJobs(t);
    const s = (await get('county1', `/api/talents/imports/${res.json().id}`)).json();
    expect(s).toMatchObject({ status: 'failed', phase: 'previewed', report: { total: 2, errorRows: 1 } });
    expect(s.error).toContain('有 1 行数据有误，未导入任何数据');
    expect(await countOf(talents)).toBe(before);
  });

  it('in mode "commit", a clean file is previewed and committed in one go', async () => {
    const ok = await xlsxOf([{ name: 'S', rows: [['姓名', '联系电话', '人才类别'], ['直接导入', '13800000002', '企业家']] }]);
    const res = await upload(t, cookies.county1!, ok, { mode: 'commit' });
    await runJobs(t);
    expect((await get('county1', `/api/talents/imports/${res.json().id}`)).json()).toMatchObject({ status: 'done', phase: 'committed', mode: 'commit', report: { created: 1 } });
    const [r] = await t.database.db.select().from(talents).where(eq(talents.name, '直接导入'));
    expect(r).toMatchObject({ source: 'import', category: 'entrepreneur', ownerCountyId: t.org.county1 });
  });
});

describe('durable jobs', () => {
  it('a job left running by a dead process is failed on restart, never stuck', async () => {
    const res = await upload(t, cookies.county1!, await file());
    const id = res.json().id;
    // Simulate a process that claimed the job and died: running, heartbeat long ago.
    await t.database.db.update(jobs).set({ status: 'running', heartbeatAt: new Date(Date.now() - 3600_000) }).where(eq(jobs.status, 'queued'));
    expect(await failStaleJobs(t.database.db, t.env.JOB_STALE_SECONDS)).toHaveLength(1);
    const s = (await get('county1', `/api/talents/imports/${id}`)).json();
    expect(s).toMatchObject({ status: 'failed', error: '任务因服务重启或中断而终止，未完成的更改均未写入，请重新提交' });
    expect(await runJobs(t)).toBe(0);
  });
});

describe('matching in a file longer than one batch (500 rows)', () => {
  it('finds repeats within a batch and across batches, and a match by name + birth date can still be created', async () => {
    const registered = await post('county1', '/api/talents', { name: '批次同名', birthDate: '1985-06-01', employer: '凤城一中', ownerCountyId: t.org.county1 });
    expect(registered.statusCode, registered.body).toBe(201);
    // one person a day from 1990 on: every ID number distinct
    const id = (n: number) => makeIdNumber('110105', new Date(Date.UTC(1990, 0, 1) + n * 86400_000).toISOString().slice(0, 10), 1, 'female');
    const body: (string | null)[][] = Array.from({ length: 1200 }, (_, i) => [`批次人员${i}`, id(i + 100), null, null]);
    body[3] = ['同批重复', null, '1991-01-01', '凤城二中'];
    body[4] = ['同批重复', null, '1991-01-01', null]; // repeats row 5 by name + birth date, same batch
    body[900] = [`批次人员0`, id(100), null, null]; // repeats row 2 by ID number, two batches later
    body[1000] = ['批次同名', null, null, '凤城一中（高中部）']; // the registered person, by name + employer
    body[20] = ['跨批同名', null, null, '凤城三中'];
    body[1150] = ['跨批同名', null, null, ' 凤城三中 ']; // repeats row 22 by name + employer, two batches later
    const f = await xlsxOf([{ name: '名单', rows: [['姓名', '证件号码', '出生日期', '工作单位'], ...body] }]);
    const res = await upload(t, cookies.county1!, f, { mode: 'preview' });
    await runJobs(t);
    const importId = res.json().id as string;
    const s = (await get('county1', `/api/talents/imports/${importId}`)).json();
    expect(s).toMatchObject({ status: 'done', report: { total: 1200, errorRows: 0, matched: 4, planned: { create: 1196, update: 1, skip: 3 } } });
    const m = (await get('county1', `/api/talents/imports/${importId}/matches?pageSize=100`)).json();
    const byRow = new Map(m.items.map((x: { row: number }) => [x.row, x]));
    expect(byRow.get(6)).toMatchObject({ decision: 'skip', file: { row: 5, reasonCodes: ['nameBirthDate'] } });
    expect(byRow.get(902)).toMatchObject({ decision: 'skip', file: { row: 2, reasonCodes: ['idNumber', 'nameBirthDate'] } });
    expect(byRow.get(1152)).toMatchObject({ decision: 'skip', file: { row: 22, reasonCodes: ['nameEmployer'] } });
    expect(byRow.get(1002)).toMatchObject({ decision: 'update', registry: [{ talentId: registered.json().id, reasonCodes: ['nameEmployer'] }] });

    // The clerk decides the name + employer match is another person: create instead of update.
    expect((await post('county1', `/api/talents/imports/${importId}/decisions`, { rows: { '1-1002': 'create' } })).statusCode).toBe(200);
    const before = await countOf(talents);
    expect((await post('county1', `/api/talents/imports/${importId}/commit`)).statusCode).toBe(202);
    await runJobs(t);
    expect((await get('county1', `/api/talents/imports/${importId}`)).json()).toMatchObject({ status: 'done', phase: 'committed', report: { created: 1197, updated: 0 } });
    expect(await countOf(talents)).toBe(before + 1197);
    const namesakes = await t.database.db.select().from(talents).where(eq(talents.name, '批次同名'));
    expect(namesakes).toHaveLength(2);
    const created = namesakes.find((x) => x.id !== registered.json().id)!;
    expect(created).toMatchObject({ employer: '凤城一中(高中部)', source: 'import', version: 1 });
    expect(namesakes.find((x) => x.id === registered.json().id)).toMatchObject({ employer: '凤城一中', version: 1 });
    const history = await t.database.db.select().from(talentHistory).where(eq(talentHistory.talentId, created.id));
    expect(history).toMatchObject([{ action: 'import', changes: [] }]);
  });
});

describe('employer key', () => {
  it('is the same in code (employerKey) and in the database (fenggui_employer_key, indexed)', async () => {
    const samples = ['华为技术有限公司（深圳）', ' 华为 技术\t有限公司 ', '华为\u3000技术\r\n有限公司', 'A (B) C（D）E', '（全括号）', '', null, '\u00a0x\ufeff', 'a(b', 'a（b)c', 'x\u000by\u000cz'];
    for (const s of samples) {
      const r = await t.database.db.execute(sql`select fenggui_employer_key(${s}::text) as k`);
      expect((r as unknown as { rows: { k: string | null }[] }).rows[0]!.k, JSON.stringify(s)).toBe(employerKey(s));
    }
  });
});
