import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idChecksumChar } from '../contracts/id-number.ts';
import { buildApp } from '../server/src/app.ts';
import { buildWebIfStale } from '../server/src/build-web.ts';
import type { Database } from '../server/src/db/client.ts';
import { freshPglite } from '../server/src/test/pglite-template.ts';
import { loadEnv } from '../server/src/env.ts';
import type { App } from '../server/src/lib/http.ts';
import { getOrg } from '../server/src/modules/org/org.service.ts';
import { DEMO_PASSWORD, seedDemo } from '../server/src/seed/demo.ts';

/**
 * The talent registry in Debian's Chromium against the real server (in-memory PGlite, demo seed,
 * a few talents created through the API): search by name, initials and employer within the
 * county admin's scope, the audited reveal of an ID number, and a create form that shows the
 * ID checksum error on its field before landing on the new record.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`[e2e] ${CHROMIUM} not found: skipping browser tests (install with: apt-get install -y chromium)`);
}

const withCheck = (first17: string) => first17 + idChecksumChar(first17);
const ID_WANG = withCheck('44030519880312004');
const ID_NEW = withCheck('44030519920704003');
const BAD_ID = ID_NEW.slice(0, 17) + (ID_NEW[17] === '1' ? '2' : '1');

(hasChromium ? describe : describe.skip)('talent registry (人才信息库)', () => {
  let database: Database;
  let app: App;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    buildWebIfStale((s) => console.log(`[e2e] ${s}`));
    database = await freshPglite();
    const env = loadEnv({ NODE_ENV: 'test', PASSWORD_KDF_ITERATIONS: '10000', MASTER_KEY: '6a'.repeat(32) });
    await seedDemo(database, env, () => {});
    app = await buildApp({ database, env, serveWeb: true });

    // Three people: two in 凤鸣区 (demo_county1's county), one 王伟 in 梧桐县.
    const org = await getOrg(database.db);
    const county = (name: string) => org.counties.find((c) => c.name === name)!.id;
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'demo_city', password: DEMO_PASSWORD } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const people = [
      { name: '王伟芳', ownerCountyId: county('凤鸣区'), idNumber: ID_WANG, phones: ['13800138000'], employer: '华为技术有限公司', school: '清华大学', category: 'expert', degree: 'doctor' },
      { name: '王伟', ownerCountyId: county('梧桐县'), employer: '比亚迪股份有限公司', category: 'entrepreneur' },
      { name: '李伟', ownerCountyId: county('凤鸣区'), employer: '深圳市腾讯计算机系统有限公司', category: 'professional', locationCountry: 'US' },
    ];
    for (const p of people) {
      const res = await app.inject({ method: 'POST', url: '/api/talents', headers: { cookie }, payload: p });
      if (res.statusCode !== 201) throw new Error(`creating ${p.name}: ${res.body}`);
    }

    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'] });
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();

    await page.goto(`${base}/login`);
    await page.getByPlaceholder('用户名').fill('demo_county1');
    await page.getByPlaceholder('密码').fill(DEMO_PASSWORD);
    await page.getByPlaceholder('密码').press('Enter');
    await page.waitForURL((u) => u.pathname !== '/login');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  /** Names in the result table, once the list has settled. */
  const names = async () => {
    await page.locator('.ant-table .ant-spin-spinning').waitFor({ state: 'detached' }).catch(() => undefined);
    return page.locator('.ant-table-row td:first-child a').allInnerTexts();
  };
  const search = (text: string) => page.getByLabel('搜索人才').fill(text);
  /** The table shows exactly these names (after the debounce and the request). */
  const showsNames = (expected: string[]) => expect.poll(names, { timeout: 15_000, interval: 200 }).toEqual(expected);

  it('finds 王伟芳 in its own county by name fragment, initials and employer — never the 王伟 of another county', async () => {
    await page.goto(`${base}/talents`);
    await showsNames(['李伟', '王伟芳']);
    await expect(page.getByTestId('talent-total').innerText()).resolves.toContain('共 2 人');

    await search('王伟');
    await showsNames(['王伟芳']);
    expect(new URL(page.url()).searchParams.get('q')).toBe('王伟');

    // Each step changes the expected list, so a stale result can never pass.
    await search('腾讯');
    await showsNames(['李伟']);

    await search('wwf');
    await showsNames(['王伟芳']);

    // 清除 brings the whole (county) list back.
    await page.getByTestId('active-filters').getByRole('button', { name: '清除' }).click();
    await showsNames(['李伟', '王伟芳']);
  });

  it('shows the ID number masked, and in full after 查看 and the audit confirmation', async () => {
    await search('王伟芳');
    await showsNames(['王伟芳']);
    await page.locator('.ant-table-row td:first-child a', { hasText: '王伟芳' }).click();
    await page.waitForURL((u) => /^\/talents\/[0-9a-f-]{36}$/.test(u.pathname));

    const masked = `${ID_WANG.slice(0, 6)}********${ID_WANG.slice(-4)}`;
    await expect(page.getByTestId('masked-证件号码').innerText()).resolves.toBe(masked);
    expect(await page.content()).not.toContain(ID_WANG);

    await page.getByRole('button', { name: '查看完整证件号码' }).click();
    await page.getByText('本次查看将记入审计日志').waitFor();
    await page.getByRole('button', { name: '确认查看' }).click();
    await expect(page.getByTestId('revealed-证件号码').innerText()).resolves.toBe(ID_WANG);

    await page.getByRole('button', { name: /隐藏/ }).first().click();
    await page.getByTestId('masked-证件号码').waitFor();
  });

  it('refuses a bad ID checksum on the field, then creates the record and opens it', async () => {
    await page.goto(`${base}/talents`);
    await page.getByRole('button', { name: '新增人才' }).click();
    await page.waitForURL((u) => u.pathname === '/talents/new');

    await page.getByRole('textbox', { name: '姓名' }).fill('赵新凤');
    await page.getByLabel('人才类别').click();
    await page.locator('.ant-select-item-option', { hasText: '青年学子' }).click();
    await page.getByLabel('证件号码').fill(BAD_ID);
    await page.getByRole('button', { name: '保存并查看' }).click();

    const idItem = page.locator('.ant-form-item', { has: page.getByLabel('证件号码') });
    await idItem.getByText('身份证号校验位不正确').waitFor();
    expect(new URL(page.url()).pathname).toBe('/talents/new');

    await page.getByLabel('证件号码').fill(ID_NEW);
    await idItem.getByText('身份证号校验位不正确').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '保存并查看' }).click();

    await page.waitForURL((u) => /^\/talents\/[0-9a-f-]{36}$/.test(u.pathname));
    await page.getByRole('heading', { name: '赵新凤' }).waitFor();
    // The ID told the form the birth date; the county admin's own county was preset.
    await page.getByText('1992-07-04').waitFor();
    await expect(page.locator('th:has-text("所属县（市、区）") + td').innerText()).resolves.toBe('凤鸣区');
  });
});
