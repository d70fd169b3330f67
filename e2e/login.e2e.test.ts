import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
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
 * Login, the role-filtered menu, the demo banner, logout and the auditor's log — in Debian's
 * Chromium against the real server (in-memory PGlite, demo seed, built web app).
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`[e2e] ${CHROMIUM} not found: skipping browser tests (install with: apt-get install -y chromium)`);
}

(hasChromium ? describe : describe.skip)('login and role-based menu', () => {
  let database: Database;
  let app: App;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    buildWebIfStale((s) => console.log(`[e2e] ${s}`));
    database = await freshPglite();
    const env = loadEnv({ NODE_ENV: 'test', PASSWORD_KDF_ITERATIONS: '10000' });
    await seedDemo(database, env, () => {});
    app = await buildApp({ database, env, serveWeb: true });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'],
    });
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  const onLoginPage = () => page.waitForURL((u) => u.pathname === '/login');
  const menuText = () => page.locator('.ant-layout-sider .ant-menu').innerText();

  async function login(username: string, password = DEMO_PASSWORD) {
    await page.getByPlaceholder('用户名').fill(username);
    await page.getByPlaceholder('密码').fill(password);
    await page.getByPlaceholder('密码').press('Enter'); // Enter submits
  }

  it('rejects a wrong password with the API message', async () => {
    await page.goto(`${base}/`);
    await onLoginPage();
    await expect(page.getByTestId('city-name').innerText()).resolves.toContain('凤城市');
    await login('demo_city', 'not-the-password');
    await page.getByText('用户名或密码错误').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('demo_city sees the layout, the demo banner and the business menu, then logs out', async () => {
    await login('demo_city');
    await page.waitForURL((u) => u.pathname === '/');
    await page.locator('.ant-layout-sider .ant-menu').waitFor();
    await expect(page.getByTestId('demo-banner').innerText()).resolves.toContain('演示数据');
    await expect(page.locator('.ant-layout-header').innerText()).resolves.toContain('李市办');
    const menu = await menuText();
    expect(menu).toContain('工作台');
    expect(menu).toContain('人才信息库');
    expect(menu).not.toContain('审计日志');

    // A page outside the user's roles is 403, an unknown one 404.
    await page.goto(`${base}/audit`);
    await page.getByText('您没有权限访问此页面').waitFor();
    await page.goto(`${base}/no-such-page`);
    await page.getByText('您访问的页面不存在').waitFor();

    await page.getByRole('button', { name: '退出登录' }).click();
    await onLoginPage();
    await page.goto(`${base}/`);
    await onLoginPage();
    await page.getByPlaceholder('用户名').waitFor();
  });

  it('demo_auditor sees only the audit log, with the login events in it', async () => {
    await login('demo_auditor');
    await page.waitForURL((u) => u.pathname === '/audit');
    const menu = await menuText();
    expect(menu).toContain('审计日志');
    expect(menu).not.toContain('人才信息库');
    expect(menu).not.toContain('工作台');

    await page.locator('.ant-table-row').first().waitFor();
    const rows = await Promise.all((await page.locator('.ant-table-row').all()).map((tr) => tr.locator('td').allInnerTexts()));
    const has = (actor: string, action: string) =>
      rows.some((cells) => cells.map((c) => c.trim()).includes(actor) && cells.map((c) => c.trim()).includes(action));
    expect(has('demo_city', '登录')).toBe(true);
    expect(has('demo_city', '登录失败')).toBe(true);
    expect(has('demo_city', '退出登录')).toBe(true);
    expect(has('demo_auditor', '登录')).toBe(true);

    // Read-only: nothing on the page offers to change the log.
    const buttons = await page.locator('.ant-card button').allInnerTexts();
    expect(buttons.join(' ')).not.toMatch(/删除|编辑|修改/);
  });
});
