import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/src/app.ts';
import { buildWebIfStale } from '../server/src/build-web.ts';
import type { Database } from '../server/src/db/client.ts';
import { freshPglite } from '../server/src/test/pglite-template.ts';
import { loadEnv } from '../server/src/env.ts';
import type { App } from '../server/src/lib/http.ts';
import { DEMO_PASSWORD, seedDemo } from '../server/src/seed/demo.ts';

/**
 * 返乡热线 in Debian's Chromium: an operator of 凤鸣区 logs a call with the keyboard alone — the
 * number brings up the caller's registry record and earlier case, Tab goes through the form, the
 * category is chosen by typing, Ctrl+Enter saves — then handles the case on its detail page.
 * Screenshots go to E2E_SCREENSHOTS when set.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[e2e] ${CHROMIUM} not found: skipping browser tests (install with: apt-get install -y chromium)`);
const SHOTS = process.env.E2E_SCREENSHOTS;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
};

(hasChromium ? describe : describe.skip)('返乡热线', () => {
  let database: Database;
  let app: App;
  let browser: Browser;
  let base: string;
  let filesDir: string;
  let earlier = '';
  const PHONE = '13812345678';

  const api = async (username: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const res = await app.inject({ method, url, payload, headers: { cookie } });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };

  beforeAll(async () => {
    buildWebIfStale((s) => console.log(`[e2e] ${s}`));
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fenggui-e2e-files-'));
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
    database = await freshPglite();
    const env = loadEnv({ NODE_ENV: 'test', PASSWORD_KDF_ITERATIONS: '10000', MASTER_KEY: '6a'.repeat(32), FILES_DIR: filesDir });
    await seedDemo(database, env, () => {});
    app = await buildApp({ database, env, serveWeb: true });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'] });
    // A native of 凤鸣区 in the registry, who called once before.
    const org = await api('demo_city', 'GET', '/api/org');
    const fengming = org.counties.find((c: { name: string }) => c.name === '凤鸣区').id;
    const talent = await api('demo_county1', 'POST', '/api/talents', { name: '欧阳回乡', ownerCountyId: fengming, phones: [PHONE], employer: '深圳市某新能源有限公司', position: '研发总监' });
    const c = await api('demo_hotline_county', 'POST', '/api/hotline/cases', { category: 'policy', countyId: fengming, content: '咨询人才公寓申请条件', callerPhone: PHONE, talentId: talent.id });
    earlier = c.number;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
    if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
  });

  async function loginAs(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByPlaceholder('用户名').fill(username);
    await page.getByPlaceholder('密码').fill(DEMO_PASSWORD);
    await page.getByPlaceholder('密码').press('Enter');
    await page.waitForURL((u) => u.pathname !== '/login');
    return page;
  }

  it('an operator logs a call with the keyboard alone; the number pops up the caller and their history', async () => {
    const page = await loginAs('demo_hotline_county');
    await page.goto(`${base}/hotline/intake`);
    const phone = page.getByTestId('caller-phone');
    await phone.waitFor();
    // (string expressions: this file is type-checked without the DOM library)
    const focused = () => page.evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('data-testid')");
    await expect(focused()).resolves.toBe('caller-phone');

    // Only the keyboard from here on.
    await page.keyboard.type(PHONE);
    const panel = page.getByTestId('caller-panel');
    await panel.getByTestId('caller-talent').getByText('欧阳回乡').waitFor();
    await panel.getByTestId('caller-history').getByText(earlier).waitFor();
    await expect(panel.innerText()).resolves.toContain('138****5678');
    await expect(panel.innerText()).resolves.not.toContain(PHONE);
    await shot(page, 'hotline-intake-history');

    await page.keyboard.press('Tab'); // 来电人姓名 (filled from the registry)
    await expect(page.evaluate<string>('document.activeElement.value')).resolves.toBe('欧阳回乡');
    await page.keyboard.press('Tab'); // 诉求类别: digit 4 = 就业服务, which moves on to 诉求内容
    await page.keyboard.press('4');
    await page.waitForFunction("document.activeElement && document.activeElement.getAttribute('data-testid') === 'content'");
    await page.keyboard.type('想回凤鸣区从事新能源研发工作，希望了解县内企业岗位和人才补贴。');
    await page.keyboard.press('Control+Enter');

    const saved = page.getByTestId('saved-alert');
    await saved.waitFor();
    const text = await saved.innerText();
    const number = /RX-\d{4}-\d{6}/.exec(text)?.[0];
    expect(number).toBeTruthy();
    expect(text).toContain('凤鸣区热线');
    // Ready for the next call: the form is empty and the cursor is on the number again.
    await expect(focused()).resolves.toBe('caller-phone');
    await expect(phone.inputValue()).resolves.toBe('');
    await shot(page, 'hotline-intake-saved');

    const list = await api('demo_hotline_county', 'GET', `/api/hotline/cases?q=${number}`);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ category: 'employment', talentName: '欧阳回乡', callerPhoneMasked: '138****5678', status: 'new', levelName: '凤鸣区热线', source: 'phone' });

    // The queue shows it; the detail page accepts and answers it, each step on the timeline.
    await page.goto(`${base}/hotline/cases`);
    await page.getByTestId('case-link').filter({ hasText: number! }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/hotline/cases/'));
    await page.getByTestId('act-accept').click();
    await page.locator('.ant-modal').getByRole('button', { name: /确\s*定/ }).click();
    await page.getByTestId('act-answer').waitFor();
    await page.getByTestId('act-answer').click();
    await page.locator('.ant-modal').getByLabel('答复内容').fill('已推荐至凤鸣区新能源产业园两家企业，并告知人才补贴申报方式。');
    await page.locator('.ant-modal').getByRole('button', { name: /确\s*定/ }).click();
    await page.getByTestId('act-follow-up').waitFor();
    await expect(page.getByTestId('timeline-item').allInnerTexts()).resolves.toEqual([
      expect.stringContaining('登记'),
      expect.stringContaining('受理'),
      expect.stringContaining('答复'),
    ]);
    await shot(page, 'hotline-case-detail');
    await page.context().close();
  });

  it('another county’s operator does not see the case, nor the caller', async () => {
    const page = await loginAs('demo_county2');
    await page.goto(`${base}/hotline/intake`);
    await page.getByTestId('caller-phone').fill(PHONE);
    await page.getByTestId('caller-panel').getByText('人才库中没有该号码').waitFor();
    await expect(page.getByTestId('caller-panel').innerText()).resolves.toContain('没有历史诉求');
    await page.context().close();
  });
});
