import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, talentHistory, talents } from '../../../db/schema/index.ts';
import { makeIdNumber } from '../../../seed/ids.ts';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../../test/harness.ts';
import { fullWidth, readXlsx, tempDataDir, upload, xlsxOf, type TestCell, quietPoolTeardown, runJobs } from './test-files.ts';

let t: TestContext;
let cookies: Record<string, string>;
const data = tempDataDir();
const R: Record<string, string> = {};

function idEndingInX(birth: string): string {
  for (let seq = 0; seq < 200; seq++) {
    const id = makeIdNumber('110105', birth, seq, 'male');
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X');
}
const ID_X = idEndingInX('1991-03-08');
const ID2 = makeIdNumber('110105', '1988-12-20', 2, 'female');
const ID3 = makeIdNumber('110105', '1990-05-01', 5, 'male');
const ID4 = makeIdNumber('110105', '1985-03-15', 6, 'male');
const ID5 = makeIdNumber('110105', '1986-06-06', 7, 'male');
const BAD = ID5.slice(0, 17) + (ID5[17] === '1' ? '2' : '1');
const ID6 = makeIdNumber('110105', '1992-02-02', 8, 'female');
const ID7 = makeIdNumber('110105', '1995-07-09', 9, 'male');
const ID_R1 = makeIdNumber('110105', '1980-01-01', 3, 'female');
const ID_R2 = makeIdNumber('110105', '1982-02-02', 4, 'female');

const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: cookies[who]! } });
const post = (who: string, url: string, payload?: unknown) => t.app.inject({ method: 'POST', url, headers: { cookie: cookies[who]! }, payload: payload as object });

/** Sheet 1: a title row, headers with stray spaces, a shuffled order; every kind of mess. */
const H1 = [' 证件号码 ', '姓  名', '联系电话', '出生日期', '性别', '最高学历', '人才类别', ' 所属县（市、区） ', '工作单位', '职称级别', '人才层级', '行业', '状态'];
const row1 = (id: TestCell, name: string, o: Partial<Record<'phone' | 'birth' | 'gender' | 'degree' | 'county' | 'employer', TestCell>> = {}): TestCell[] =>
  [id, name, o.phone ?? null, o.birth ?? null, o.gender ?? null, o.degree ?? null, '专家学者', o.county ?? '甲县', o.employer ?? null, null, null, null, null];
const messy = () =>
  xlsxOf([
    { name: '说明', rows: [['本表由县委人才办填报'], ['联系人：张科长']] },
    {
      name: '第一批',
      rows: [
        ['XX县在外优秀人才信息表'],
        H1,
        [` ${fullWidth(ID_X.slice(0, 17))}x `, ' 张 三 ', fullWidth('13900001111'), '1991.3', '男', '博士', '专家学者', ' 甲县 ', '华为技术有限公司', '正高', 'B类', 'I65 软件和信息技术服务业', '在外'],
        row1(ID2, '李四', { birth: new Date(Date.UTC(1988, 11, 20)), gender: '女', degree: '硕士研究生' }),
        row1(ID3, '王五', { birth: 32994, phone: '138-0013-8001' }),
        row1(ID4, '赵六', { birth: 19850315, degree: '本科' }),
        row1(BAD, '钱七'),
        row1(ID6, '孙八', { birth: '1993年2月' }),
        row1(null, '孙九', { county: '丙县' }),
        row1(null, '周十', { phone: '12345' }),
        row1(ID_R1, '王伟芳', { employer: '深圳大学' }),
        row1(ID_R2, '李娜'),
      ],
    },
    {
      name: '第二批',
      rows: [
        ['联系电话', '姓名', '证件号码', '出生日期', '人才类别'],
        [null, '张三', ID_X, null, '专家学者'],
        [null, '吴十一', ID7, '1995-07', '青年学子'],
        [null, null, null, null, null],
        ['13700001234', '郑十二', null, '1993年5月', '在外务工'],
      ],
    },
    { name: '字典', hidden: true, rows: [['男'], ['女']] },
  ]);

let importId: string;

beforeAll(async () => {
  t = await createTestContext({ DATA_DIR: data.dir });
  quietPoolTeardown(t);
  cookies = await usersOfEveryRole(t);
  const make = async (who: string, body: Record<string, unknown>) => {
    const res = await post(who, '/api/talents', body);
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().id as string;
  };
  R.r1 = await make('county1', { name: '王伟芳', idNumber: ID_R1, phones: ['13800138000'], employer: '华为技术有限公司', ownerCountyId: t.org.county1, category: 'expert' });
  R.r2 = await make('county2', { name: '李娜', idNumber: ID_R2, employer: '秘密研究所', ownerCountyId: t.org.county2, category: 'expert' });
  const res = await upload(t, cookies.county1!, await messy(), { mode: 'preview' });
  expect(res.statusCode, res.body).toBe(202);
  importId = res.json().id;
  expect((await get('county1', `/api/talents/imports/${importId}`)).json()).toMatchObject({ status: 'running', phase: 'uploaded' });
  await runJobs(t);
});
afterAll(async () => {
  await t.close();
  data.remove();
});

describe('preview of a messy spreadsheet', () => {
  it('reads every recognised sheet, fixes what a clerk would fix, and counts', async () => {
    const s = (await get('county1', `/api/talents/imports/${importId}`)).json();
    expect(s).toMatchObject({ status: 'done', phase: 'previewed', progress: 100, error: null });
    expect(s.report).toMatchObject({ total: 13, valid: 8, errorRows: 5, matched: 2, planned: { create: 6, update: 1, skip: 1 }, created: 0 });
    expect(s.report.sheets).toEqual([{ name: '第一批', rows: 10 }, { name: '第二批', rows: 3 }]);
    expect(s.report.warnings).toEqual(['工作表“说明”的前 10 行中没有找到表头（须含“姓名”列），已跳过']);
    expect(data.files()).toEqual([]); // the upload is gone once staged
  });

  it('says exactly which row, column and why — in Chinese', async () => {
    const { errors } = (await get('county1', `/api/talents/imports/${importId}`)).json().report;
    expect(errors).toEqual([
      { sheet: '第一批', row: 7, column: '证件号码', field: 'idNumber', message: '身份证号校验位不正确' },
      { sheet: '第一批', row: 8, column: '出生日期', field: 'birthDate', message: '出生日期与身份证号不符（身份证为 1992-02-02）' },
      { sheet: '第一批', row: 9, column: '所属县（市、区）', field: 'ownerCountyId', message: '所属县（市、区）“丙县”不存在，应为 甲县、乙县 之一' },
      { sheet: '第一批', row: 10, column: '联系电话', field: 'phones', message: '联系电话“12345”不是有效的手机号或带区号的固定电话' },
      { sheet: '第一批', row: 12, column: '证件号码', field: 'idNumber', message: '该人员已在其他县（市、区）登记' },
    ]);
  });

  it('lists the matches, masked, and never reveals the record outside the scope', async () => {
    const res = await get('county1', `/api/talents/imports/${importId}/matches`);
    expect(res.statusCode).toBe(200);
    const m = res.json();
    expect(m.total).toBe(2);
    expect(m.items[0]).toMatchObject({
      ref: '1-11', sheet: '第一批', row: 11, name: '王伟芳', decision: 'update', canUpdate: true, canCreate: false, file: null,
      registry: [{ talentId: R.r1, name: '王伟芳', ownerCountyName: '甲县', idNumberMasked: `110105********${ID_R1.slice(-4)}`, phonesMasked: ['138****8000'], reasons: ['证件号码相同', '姓名和出生日期相同'], reasonCodes: ['idNumber', 'nameBirthDate'] }],
    });
    expect(m.items[1]).toMatchObject({ ref: '2-2', sheet: '第二批', row: 2, decision: 'skip', canUpdate: false, registry: [], file: { ref: '1-3', sheet: '第一批', row: 3, reasons: ['证件号码相同', '姓名和出生日期相同'] } });
    const everything = JSON.stringify(m) + (await get('county1', `/api/talents/imports/${importId}`)).body;
    for (const secret of [ID_R1, ID_R2, ID_X, '13800138000', R.r2!, '秘密研究所', `110105********${ID_R2.slice(-4)}`]) expect(everything).not.toContain(secret);
  });

  it('keeps the staged ID numbers and phones encrypted', async () => {
    const rows = await t.database.db.execute(sql`select data::text as d, raw_enc from talent_import_rows where import_id = ${importId}`);
    const text = JSON.stringify((rows as unknown as { rows: unknown[] }).rows);
    for (const clear of [ID_X, ID2, '13900001111', '13700001234']) expect(text).not.toContain(clear);
  });
});

describe('decisions', () => {
  const decide = (body: unknown) => post('county1', `/api/talents/imports/${importId}/decisions`, body);

  it('refuses what a row cannot become, naming the row', async () => {
    const cases: [unknown, string][] = [
      [{ rows: { '2-2': 'create' } }, '工作表“第一批”第 3 行和工作表“第二批”第 2 行的证件号码相同，不能都“新增”'],
      [{ rows: { '1-7': 'create' } }, '工作表“第一批”第 7 行有错误，不能导入'],
      [{ rows: { '1-3': 'update' } }, '工作表“第一批”第 3 行没有匹配到您范围内的已有记录，不能选择“更新”'],
      [{ rows: { '1-11': 'create' } }, '工作表“第一批”第 11 行的证件号码已在人才库中登记，只能选择“更新”或“跳过”'],
      [{ rows: { '12': 'update' } }, '文件有多个工作表，请用“工作表序号-行号”指明行（见匹配列表的 ref）'],
      [{ rows: { '1-99': 'skip' } }, '第 1-99 行不是导入的数据行'],
    ];
    for (const [body, message] of cases) {
      const res = await decide(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.message).toBe(message);
    }
    expect((await decide({})).statusCode).toBe(400);
    expect((await decide({ all: 'merge' })).statusCode).toBe(400);
  });

  it('applies "all" to the matched rows, then single rows', async () => {
    expect((await decide({ all: 'skip' })).json()).toEqual({ planned: { create: 6, update: 0, skip: 2 } });
    expect((await decide({ rows: { '1-11': 'update' } })).json()).toEqual({ planned: { create: 6, update: 1, skip: 1 } });
    expect((await get('county1', `/api/talents/imports/${importId}`)).json().report.planned).toEqual({ create: 6, update: 1, skip: 1 });
  });
});

describe('errors.xlsx', () => {
  it('holds the rows with errors as typed, bad cells highlighted, reasons in an extra column', async () => {
    const res = await get('county1', `/api/talents/imports/${importId}/errors.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('人才信息-错误数据.xlsx'));
    const ws = (await readXlsx(res.rawPayload)).getWorksheet('错误数据')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header[0]).toBe('原工作表');
    expect(header.at(-1)).toBe('错误原因');
    expect(ws.actualRowCount).toBe(6);
    const idCol = header.indexOf('证件号码') + 1;
    const r7 = ws.getRow(2);
    expect(r7.getCell(2).value).toBe(7);
    expect(r7.getCell(idCol).value).toBe(BAD);
    expect((r7.getCell(idCol).fill as { fgColor?: { argb?: string } }).fgColor?.argb).toBe('FFFFC7CE');
    expect(r7.getCell(header.length).value).toBe('证件号码：身份证号校验位不正确');
    expect(ws.getRow(6).getCell(header.length).value).toBe('证件号码：该人员已在其他县（市、区）登记');
  });

  it('can be fixed and uploaded again: its headers are recognised and its own columns ignored', async () => {
    const file = (await get('county1', `/api/talents/imports/${importId}/errors.xlsx`)).rawPayload;
    const res = await upload(t, cookies.county1!, file);
    await runJobs(t);
    const again = (await get('county1', `/api/talents/imports/${res.json().id}`)).json();
    expect(again.report).toMatchObject({ total: 5, errorRows: 5, warnings: [] });
  });
});

describe('commit', () => {
  it('creates and updates exactly what the preview promised, in one go', async () => {
    const before = (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(talents))[0]!.n;
    const res = await post('county1', `/api/talents/imports/${importId}/commit`);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ id: importId });
    await runJobs(t);
    const s = (await get('county1', `/api/talents/imports/${importId}`)).json();
    expect(s).toMatchObject({ status: 'done', phase: 'committed', error: null });
    expect(s.report).toMatchObject({ created: 6, updated: 1, unchanged: 0, skipped: 1, errorRows: 5 });
    expect(s.committedAt).toEqual(expect.any(String));

    const rows = await t.database.db.select().from(talents).where(eq(talents.source, 'import'));
    expect(rows).toHaveLength(6);
    expect((await t.database.db.select({ n: sql<number>`count(*)::int` }).from(talents))[0]!.n).toBe(before + 6);
    const by = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(Object.keys(by).sort()).toEqual(['吴十一', '张三', '李四', '王五', '赵六', '郑十二'].sort());
    expect(by['张三']).toMatchObject({ birthDate: '1991-03-08', gender: 'male', degree: 'doctor', titleLevel: 'senior', tier: 'B', industryCode: 'I65', status: 'abroad', ownerCountyId: t.org.county1, phonesMasked: ['139****1111'], idNumberMasked: `110105********${ID_X.slice(-4)}`, createdBy: expect.any(String) });
    expect(by['李四']).toMatchObject({ birthDate: '1988-12-20', gender: 'female', degree: 'master' });
    expect(by['王五']).toMatchObject({ birthDate: '1990-05-01', phonesMasked: ['138****8001'] });
    expect(by['赵六']).toMatchObject({ birthDate: '1985-03-15', degree: 'bachelor' });
    expect(by['吴十一']).toMatchObject({ birthDate: '1995-07-09', category: 'youth', ownerCountyId: t.org.county1 });
    expect(by['郑十二']).toMatchObject({ birthDate: '1993-05-01', category: 'worker', idNumberHash: null });
    expect(JSON.stringify(rows)).not.toContain(ID_X);

    const r1 = (await get('county1', `/api/talents/${R.r1}`)).json();
    expect(r1).toMatchObject({ version: 2, employer: '深圳大学', phonesMasked: ['138****8000'], category: 'expert' });
    const history = await t.database.db.select().from(talentHistory).where(eq(talentHistory.action, 'import'));
    expect(history).toHaveLength(7);
    expect(history.find((h) => h.talentId === R.r1)!.changes).toEqual([{ field: 'employer', before: '华为技术有限公司', after: '深圳大学' }]);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'talent.import'));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ created: 6, updated: 1, skipped: 1, errorRows: 5 });
    // The new records are found by the registry's own search (search columns were derived).
    const found = (await get('county1', `/api/talents?q=${encodeURIComponent('张三')}`)).json();
    expect(found.items.map((i: { name: string }) => i.name)).toContain('张三');
  });

  it('cannot be committed or changed twice', async () => {
    expect((await post('county1', `/api/talents/imports/${importId}/commit`)).statusCode).toBe(409);
    expect((await post('county1', `/api/talents/imports/${importId}/decisions`, { all: 'skip' })).statusCode).toBe(409);
    const n = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(talentHistory).where(and(eq(talentHistory.action, 'import')));
    expect(n[0]!.n).toBe(7);
  });
});

describe('template', () => {
  it('has the Chinese headers and dictionary drop-downs', async () => {
    const res = await get('county1', '/api/talents/imports/template.xlsx');
    expect(res.statusCode).toBe(200);
    const wb = await readXlsx(res.rawPayload);
    const ws = wb.getWorksheet('人才信息')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['姓名', '性别', '出生日期', '民族']);
    expect(header).toContain('所属县（市、区）');
    expect(header).not.toContain('来源');
    const dict = wb.getWorksheet('字典')!;
    expect(dict.state).toBe('hidden');
    const lists = (dict.getColumn(1).values as unknown[]).concat(...[2, 3, 4, 5].map((c) => dict.getColumn(c).values as unknown[]));
    expect(lists).toEqual(expect.arrayContaining(['男', '女', '甲县', '乙县', '居民身份证']));
    const validations = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    const genderCol = String.fromCharCode(64 + header.indexOf('性别') + 1);
    const v = Object.entries(validations).find(([range]) => range.startsWith(`${genderCol}2`));
    expect(v?.[1]).toMatchObject({ type: 'list' });
    expect(v?.[1].formulae[0]).toContain('字典');
  });
});
