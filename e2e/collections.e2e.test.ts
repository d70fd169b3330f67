import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/src/app.ts';
import { buildWebIfStale } from '../server/src/build-web.ts';
import type { Database } from '../server/src/db/client.ts';
import { freshPglite } from '../server/src/test/pglite-template.ts';
import { loadEnv } from '../server/src/env.ts';
import type { App } from '../server/src/lib/http.ts';
import { startJobRunner, type JobRunner } from '../server/src/lib/jobs.ts';
import { DEMO_PASSWORD, seedDemo } from '../server/src/seed/demo.ts';

/**
 * 信息统计 and 批量导入 in Debian's Chromium against the real server (in-memory PGlite, demo seed,
 * the durable job runner): a messy file's preview names row, column and reason; the city opens a
 * campaign; 凤鸣区 and 梧桐县 each import a small sheet for it (preview → 确认导入) and submit;
 * the city sees both with their row counts, accepts one and returns the other with a note.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`[e2e] ${CHROMIUM} not found: skipping browser tests (install with: apt-get install -y chromium)`);
}

type Cell = string | number | null;
async function xlsx(rows: Cell[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人才信息');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const HEADER = ['姓名', '性别', '出生日期', '工作单位', '最高学历', '人才类别', '状态'];
const person = (name: string, birth: string): Cell[] => [name, '男', birth, '深圳市某科技有限公司', '大学本科', '青年学子', '在外'];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

(hasChromium ? describe : describe.skip)('信息统计 and 批量导入', () => {
  let database: Database;
  let app: App;
  let jobs: JobRunner;
  let browser: Browser;
  let base: string;
  let filesDir: string;
  let campaignUrl = '';

  beforeAll(async () => {
    buildWebIfStale((s) => console.log(`[e2e] ${s}`));
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fenggui-e2e-files-'));
    database = await freshPglite();
    const env = loadEnv({ NODE_ENV: 'test', PASSWORD_KDF_ITERATIONS: '10000', MASTER_KEY: '6a'.repeat(32), FILES_DIR: filesDir });
    await seedDemo(database, env, () => {});
    app = await buildApp({ database, env, serveWeb: true });
    jobs = startJobRunner(database.db, env, { pollMs: 300, exclusive: true });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'] });
  });

  afterAll(async () => {
    await browser?.close();
    await jobs?.stop();
    await app?.close();
    await database?.close();
    if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
  });

  async function loginAs(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByPlaceholder('用户名').fill(username);
    await page.getByPlaceholder('密码').fill(DEMO_PASSWORD);
    await page.getByPlaceholder('密码').press('Enter');
    await page.waitForURL((u) => u.pathname !== '/login');
    return page;
  }

  const upload = async (page: Page, name: string, data: Buffer) => {
    await page.locator('input[type=file]').setInputFiles({ name, mimeType: XLSX_TYPE, buffer: data });
    await page.getByTestId('import-totals').waitFor();
  };

  it('shows a messy file’s bad rows with row, column and reason in Chinese, and its repeated row', async () => {
    const page = await loginAs('demo_county1');
    await page.goto(`${base}/talents`);
    await page.getByRole('button', { name: '导入' }).click();
    await page.waitForURL((u) => u.pathname === '/talents/import');
    const messy = await xlsx([
      ['凤鸣区在外人才信息统计表'],
      ['序号', '姓名', '性别', '出生年月', '手机号', '单位', '学历', '人才类别'],
      [1, '周　明远', '男', '1988.5', '１３９１２３４５６７８', '华为技术有限公司', '硕士', '专业技术人才'],
      [2, '吴佳怡', '女', '1995年3月', '13812345678', '腾讯', '本科', '青年学子'],
      [3, '郑浩', '男', '1990-13-45', '13700001111', '比亚迪', '博士', '专家学者'],
      [4, '吴佳怡', '女', '1995-03-01', '13812345678', '腾讯', '本科', '青年学子'],
    ]);
    await upload(page, '凤鸣区报送.xlsx', messy);

    const errorRow = page.getByTestId('import-errors').locator('.ant-table-row', { hasText: '第 5 行' });
    await expect(errorRow.locator('td').allInnerTexts()).resolves.toEqual(['第 5 行', '出生年月', '出生日期“1990-13-45”不是有效日期']);
    await expect(page.getByTestId('import-totals').innerText()).resolves.toMatch(/总行数\s*4[\s\S]*错误\s*1/);
    const repeat = page.getByTestId('import-matches').locator('.ant-table-row', { hasText: '第 6 行' });
    await repeat.getByText('与本文件第 4 行重复').waitFor();
    await expect(page.getByRole('button', { name: '下载错误行（已标注），修改后重新上传' }).isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it('lets the city open a campaign', async () => {
    const city = await loginAs('demo_city');
    await city.goto(`${base}/collections`);
    await city.getByRole('button', { name: '发起信息统计' }).click();
    await city.getByLabel('标题').fill('2026 年度在外人才信息统计');
    await city.locator('.ant-modal').getByRole('button', { name: /发\s*起/ }).click();
    await city.waitForURL((u) => /^\/collections\/[0-9a-f-]{36}$/.test(u.pathname));
    await city.getByRole('heading', { name: '2026 年度在外人才信息统计' }).waitFor();
    campaignUrl = city.url();
    await city.context().close();
  });

  it('has 凤鸣区 and 梧桐县 each import a sheet for it and submit', async () => {
    const sheets: [string, Cell[][]][] = [
      ['demo_county1', [HEADER, person('欧阳凤一', '1990-01-11'), person('欧阳凤二', '1991-02-12'), person('欧阳凤三', '1992-03-13')]],
      ['demo_county2', [HEADER, person('司马梧一', '1993-04-14'), person('司马梧二', '1994-05-15')]],
    ];
    for (const [user, rows] of sheets) {
      const page = await loginAs(user);
      await page.goto(campaignUrl);
      await page.getByRole('button', { name: '导入数据' }).click();
      await page.getByText('本次导入将计入信息统计').waitFor();
      await upload(page, `${user}.xlsx`, await xlsx(rows));
      await page.getByRole('button', { name: '确认导入' }).click();
      await page.locator('.ant-modal-confirm').getByText(`将新增 ${rows.length - 1} 人`).waitFor();
      await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认导入' }).click();
      await page.getByTestId('import-done').getByText(`新增 ${rows.length - 1} 人`).waitFor({ timeout: 30_000 });

      await page.getByRole('button', { name: /返回信息统计/ }).click();
      const mine = page.getByTestId('county-submission');
      await mine.getByText(`${rows.length - 1}`, { exact: true }).waitFor();
      await page.getByRole('button', { name: '确认报送完成' }).click();
      await page.locator('.ant-modal').getByRole('button', { name: '确认报送' }).click();
      await mine.getByText('已提交').waitFor();
      await page.context().close();
    }
  });

  it('shows the city both submissions with their rows; it accepts one and returns the other with a note', async () => {
    const city = await loginAs('demo_city');
    await city.goto(campaignUrl);
    const row = (county: string) => city.getByTestId('submissions').locator('.ant-table-row', { hasText: county });
    const cells = async (county: string) => (await row(county).locator('td').allInnerTexts()).slice(0, 3);
    await expect.poll(() => cells('凤鸣区'), { timeout: 30_000 }).toEqual(['凤鸣区', '已提交', '3']);
    await expect(cells('梧桐县')).resolves.toEqual(['梧桐县', '已提交', '2']);

    await row('凤鸣区').getByRole('button', { name: /通\s*过/ }).click();
    await city.locator('.ant-popconfirm').getByRole('button', { name: /通\s*过/ }).click();
    await row('凤鸣区').getByText('已通过').waitFor();

    await row('梧桐县').getByRole('button', { name: /退\s*回/ }).click();
    const dialog = city.locator('.ant-modal');
    await dialog.getByRole('button', { name: /退\s*回/ }).click();
    await dialog.getByText('退回时请填写意见').waitFor();
    await dialog.getByLabel('退回意见（县区可见）').fill('缺少联系电话，请补充后重新报送');
    await dialog.getByRole('button', { name: /退\s*回/ }).click();
    await row('梧桐县').getByText('已退回').waitFor();
    await row('梧桐县').getByText('审核意见：缺少联系电话，请补充后重新报送').waitFor();
    await city.context().close();

    // 梧桐县 sees the note and may submit again.
    const county = await loginAs('demo_county2');
    await county.goto(campaignUrl);
    await county.getByText('退回意见：缺少联系电话，请补充后重新报送').waitFor();
    await county.getByRole('button', { name: '确认报送完成' }).waitFor();
    await county.context().close();
  });
});
