import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Secret, TOTP } from 'otpauth';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/src/app.ts';
import { buildWebIfStale } from '../server/src/build-web.ts';
import type { Database } from '../server/src/db/client.ts';
import { counties, userTotp } from '../server/src/db/schema/index.ts';
import { freshPglite } from '../server/src/test/pglite-template.ts';
import { loadEnv } from '../server/src/env.ts';
import type { App } from '../server/src/lib/http.ts';
import { getPii } from '../server/src/lib/pii.ts';
import { hashRecoveryCode } from '../server/src/lib/totp.ts';
import { insertUser } from '../server/src/modules/users/users.service.ts';
import { seedDemo } from '../server/src/seed/demo.ts';

/**
 * The second factor in Debian's Chromium (issue 4): a user with TOTP logs in through the two
 * steps; a city admin, whom the default policy requires to use TOTP, enrols on first login (QR
 * page → code → recovery codes) and later logs in with a recovery code. Codes are computed here
 * as an authenticator app would.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
const PASSWORD = 'E2e@Totp2026x';
const SECRET = new Secret({ size: 20 }).base32;
const code = (secret: string) => TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });

(hasChromium ? describe : describe.skip)('two-step login', () => {
  let database: Database;
  let app: App;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    buildWebIfStale((s) => console.log(`[e2e] ${s}`));
    database = await freshPglite();
    // The production default policy: city admins must use a second factor (demo accounts excepted).
    const env = loadEnv({ NODE_ENV: 'test', PASSWORD_KDF_ITERATIONS: '10000', MASTER_KEY: '6a'.repeat(32) });
    await seedDemo(database, env, () => {});
    const [county] = await database.db.select().from(counties).limit(1);
    const actor = { id: null, name: 'e2e', ip: null };
    const zhang = await insertUser(database.db, env, { username: 'zhang_totp', displayName: '张两步', password: PASSWORD, roles: [{ role: 'county_admin', countyId: county!.id, outpostId: null }] }, actor);
    await insertUser(database.db, env, { username: 'wang_city', displayName: '王市办', password: PASSWORD, roles: [{ role: 'city_admin', countyId: null, outpostId: null }] }, actor);
    // zhang_totp has an authenticator app already.
    const pii = await getPii(database.db, env);
    await database.db.insert(userTotp).values({ userId: zhang, secretEnc: pii.encrypt(SECRET), enabledAt: new Date(), recoveryHashes: [hashRecoveryCode('ABCDE-FGHJK')] });
    app = await buildApp({ database, env, serveWeb: true });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'] });
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  async function password(username: string) {
    await page.goto(`${base}/login`);
    await page.getByPlaceholder('用户名').fill(username);
    await page.getByPlaceholder('密码').fill(PASSWORD);
    await page.getByPlaceholder('密码').press('Enter');
  }
  const codeField = () => page.getByLabel('6 位验证码');
  const header = () => page.locator('.ant-layout-header');

  it('asks for the code after the password, refuses a wrong one, and lets the right one in', async () => {
    await password('zhang_totp');
    await page.getByTestId('totp-step').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    // Going to a page meanwhile comes back to the code.
    await page.goto(`${base}/talents`);
    await page.getByTestId('totp-step').waitFor();

    await codeField().fill(code(SECRET) === '000000' ? '111111' : '000000'); // six digits send themselves
    await page.getByText('验证码不正确或已使用').first().waitFor();
    expect(await codeField().inputValue()).toBe('');

    await codeField().fill(code(SECRET));
    await page.waitForURL((u) => u.pathname === '/talents');
    await expect(header().innerText()).resolves.toContain('张两步');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
  });

  it('a city admin enrols on first login, keeps the recovery codes, and can log in with one', async () => {
    await password('wang_city');
    await page.getByTestId('totp-enrol').waitFor();
    await expect(page.getByRole('img', { name: '两步验证二维码' }).getAttribute('src')).resolves.toMatch(/^data:image\/png;base64,/);
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByLabel('App 显示的 6 位验证码').fill(code(secret));
    await page.getByRole('button', { name: '验证并启用' }).click();

    const list = page.getByTestId('recovery-codes');
    await list.waitFor();
    const codes = (await list.locator('code').allInnerTexts()).map((c) => c.trim());
    expect(codes).toHaveLength(10);
    const next = page.getByRole('button', { name: '我已保存，继续' });
    expect(await next.isDisabled()).toBe(true);
    await page.getByText('我已妥善保存恢复码').click();
    await next.click();
    await header().waitFor();
    await expect(header().innerText()).resolves.toContain('王市办');

    await page.getByRole('button', { name: '退出登录' }).click();
    await password('wang_city');
    await page.getByTestId('totp-step').waitFor();
    await page.getByRole('button', { name: /使用恢复码/ }).click();
    await page.getByPlaceholder(/恢复码/).fill(codes[0]!);
    await page.getByPlaceholder(/恢复码/).press('Enter');
    await header().waitFor();
    await expect(header().innerText()).resolves.toContain('王市办');
  });
});
