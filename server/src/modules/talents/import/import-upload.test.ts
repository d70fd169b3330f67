import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { talentImportRows, users } from '../../../db/schema/index.ts';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../../test/harness.ts';
import { multipartBody, tempDataDir, upload, xlsxOf, zipOf, quietPoolTeardown, runJobs } from './test-files.ts';

/** Uploads: what is refused before anything parses it, and who may import at all. */
let t: TestContext;
let cookies: Record<string, string>;
const data = tempDataDir();
const MB = 1024 * 1024;

const okFile = () => xlsxOf([{ name: 'Sheet1', rows: [['姓名', '人才类别'], ['张三', '专家学者']] }]);
const status = async (who: string, id: string) => (await t.app.inject({ url: `/api/talents/imports/${id}`, headers: { cookie: cookies[who]! } }));

beforeAll(async () => {
  t = await createTestContext({ DATA_DIR: data.dir, UPLOAD_MAX_MB: '1', IMPORT_MAX_UNPACKED_MB: '4', IMPORT_MAX_ZIP_ENTRIES: '50', IMPORT_MAX_ROWS: '5' });
  quietPoolTeardown(t);
  cookies = await usersOfEveryRole(t);
});
afterAll(async () => {
  await t.close();
  data.remove();
});

describe('refused uploads', () => {
  const refused = async (file: Buffer, name = 'x.xlsx') => {
    const res = await upload(t, cookies.county1!, file, {}, name);
    expect(data.files()).toEqual([]); // nothing left behind
    return res;
  };

  it('a file that is not an xlsx, by its signature', async () => {
    const csv = await refused(Buffer.from('姓名,性别\n张三,男\n'), '人才.xlsx');
    expect(csv.statusCode).toBe(400);
    expect(csv.json().error.message).toBe('文件不是 Excel（.xlsx）格式，请在 Excel 或 WPS 中“另存为 .xlsx”后再上传（不支持 .xls、.csv、.et）');
    const xls = await refused(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(500)]), '人才.xls');
    expect(xls.json().error.message).toContain('旧版 Excel（.xls）');
    const zip = await refused(zipOf([{ name: 'hello.txt', data: Buffer.from('hi') }]));
    expect(zip.json().error.message).toBe('文件不是有效的 .xlsx 工作簿（缺少 xl/workbook.xml）');
    expect((await refused(Buffer.alloc(0))).statusCode).toBe(400);
  });

  it('an upload over the size limit', async () => {
    const res = await refused(Buffer.concat([await okFile(), Buffer.alloc(1.2 * MB)]));
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '上传文件不能超过 1 MB，请拆分后分批导入' });
  });

  it('zip bombs: too much unpacked, too many entries, lying sizes', async () => {
    const big = await refused(zipOf([{ name: 'xl/workbook.xml', data: Buffer.from('<x/>') }, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(5 * MB) }]));
    expect(big.statusCode).toBe(400);
    expect(big.json().error.message).toBe('文件解压后超过 4 MB（疑似“压缩炸弹”），已拒绝');
    const declared = await refused(zipOf([{ name: 'xl/workbook.xml', data: Buffer.from('<x/>'), declaredSize: 0xfffffff0 }]));
    expect(declared.json().error.message).toContain('压缩炸弹');
    const many = await refused(zipOf(Array.from({ length: 60 }, (_, i) => ({ name: `xl/f${i}.xml`, data: Buffer.from('x') }))));
    expect(many.json().error.message).toBe('压缩包内文件过多（60 个），不是正常的 Excel 文件，已拒绝');
  });

  it('an archive whose entries unpack to more than they declare fails its preview, with nothing staged', async () => {
    const lying = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(3 * MB), declaredSize: 1000 },
    ]);
    const res = await upload(t, cookies.county1!, lying);
    expect(res.statusCode).toBe(202);
    await runJobs(t);
    const s = (await status('county1', res.json().id)).json();
    expect(s).toMatchObject({ status: 'failed', phase: 'uploaded', report: null });
    expect(s.error).toContain('压缩炸弹');
    expect(data.files()).toEqual([]);
    const staged = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(talentImportRows).where(eq(talentImportRows.importId, res.json().id));
    expect(staged[0]!.n).toBe(0);
  });

  it('a file with more data rows than allowed fails its preview with the limit named', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => [`人员${i}`, '专家学者']);
    const res = await upload(t, cookies.county1!, await xlsxOf([{ name: 'S', rows: [['姓名', '人才类别'], ...rows] }]));
    await runJobs(t);
    expect((await status('county1', res.json().id)).json()).toMatchObject({ status: 'failed', error: '文件超过 5 行数据的上限，请拆分后分批导入' });
  });

  it('a request without a file, or with a bad mode', async () => {
    const none = await multipartBody({ mode: 'preview' });
    const a = await t.app.inject({ method: 'POST', url: '/api/talents/imports', headers: { ...none.headers, cookie: cookies.county1! }, payload: none.payload });
    expect(a.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: '请选择要上传的文件（字段 file）' });
    const b = await upload(t, cookies.county1!, await okFile(), { mode: 'import' });
    expect(b.json().error.fields).toEqual([{ field: 'mode', message: 'mode 应为 preview（预览）或 commit（直接导入）' }]);
    const c = await t.app.inject({ method: 'POST', url: '/api/talents/imports', headers: { cookie: cookies.county1! }, payload: { file: 'x' } });
    expect(c.statusCode).toBe(400);
    const d = await upload(t, cookies.county1!, await okFile(), { campaignId: '00000000-0000-4000-8000-000000000000' });
    expect(d.json().error.message).toBe('信息统计任务不存在');
    expect(data.files()).toEqual([]);
  });
});

describe('who may import', () => {
  it.each(['outpost', 'hotline', 'leader', 'employer', 'talent', 'sysadmin', 'security', 'auditor'])('%s may not upload or fetch the template', async (who) => {
    expect((await upload(t, cookies[who]!, await okFile())).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/talents/imports/template.xlsx', headers: { cookie: cookies[who]! } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/talents/imports', headers: { cookie: cookies[who]! } })).statusCode).toBe(403);
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [method, url] of [['GET', `/api/talents/imports/${id}`], ['GET', `/api/talents/imports/${id}/matches`], ['GET', `/api/talents/imports/${id}/errors.xlsx`], ['POST', `/api/talents/imports/${id}/commit`]] as const) {
      expect((await t.app.inject({ method, url, headers: { cookie: cookies[who]! } })).statusCode, url).toBe(403);
    }
  });

  it('anonymous requests are 401', async () => {
    const { payload, headers } = await multipartBody({}, { name: 'a.xlsx', data: await okFile() });
    expect((await t.app.inject({ method: 'POST', url: '/api/talents/imports', headers, payload })).statusCode).toBe(401);
  });

  it('an import is visible to the user who made it and to the city only; another one is 404 on every route', async () => {
    const res = await upload(t, cookies.county1!, await okFile());
    const id = res.json().id;
    await runJobs(t);
    expect((await status('county1', id)).statusCode).toBe(200);
    expect((await status('city', id)).json().report.total).toBe(1);
    for (const [method, url, payload] of [
      ['GET', `/api/talents/imports/${id}`],
      ['GET', `/api/talents/imports/${id}/matches`],
      ['GET', `/api/talents/imports/${id}/errors.xlsx`],
      ['POST', `/api/talents/imports/${id}/decisions`, { all: 'skip' }],
      ['POST', `/api/talents/imports/${id}/commit`],
    ] as const) {
      const r = await t.app.inject({ method, url, headers: { cookie: cookies.county2! }, payload: payload as object | undefined });
      expect(r.statusCode, url).toBe(404);
    }
    const mine = (await t.app.inject({ url: '/api/talents/imports', headers: { cookie: cookies.county2! } })).json();
    expect(mine.items.map((i: { id: string }) => i.id)).not.toContain(id);
    const city = (await t.app.inject({ url: '/api/talents/imports', headers: { cookie: cookies.city! } })).json();
    expect(city.items.map((i: { id: string }) => i.id)).toContain(id);
    // the city sees who uploaded it
    const uploader = (await t.database.db.select({ n: users.displayName }).from(users).where(eq(users.username, 'u_county1')))[0]?.n;
    expect(uploader).toBeTruthy();
    expect(city.items.find((i: { id: string }) => i.id === id).createdByName).toBe(uploader);
    expect((await status('city', id)).json().createdByName).toBe(uploader);
    expect((await status('county1', '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('a county admin imports only into their own county; the city must name the county', async () => {
    const file = await xlsxOf([{ name: 'S', rows: [['姓名', '所属县（市、区）'], ['甲一', '乙县'], ['甲二', null]] }]);
    const a = await upload(t, cookies.county1!, file);
    const b = await upload(t, cookies.city!, file);
    await runJobs(t);
    const ra = (await status('county1', a.json().id)).json().report;
    expect(ra.errors).toEqual([{ sheet: 'S', row: 2, column: '所属县（市、区）', field: 'ownerCountyId', message: '只能登记或移入本县（市、区）的人才' }]);
    const rb = (await status('city', b.json().id)).json().report;
    expect(rb.errors).toEqual([{ sheet: 'S', row: 3, column: '所属县（市、区）', field: 'ownerCountyId', message: '请填写所属县（市、区）' }]);
  });
});
