import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { desc, eq, sql } from 'drizzle-orm';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/src/app.ts';
import { buildWebIfStale } from '../server/src/build-web.ts';
import type { Database } from '../server/src/db/client.ts';
import { auditLog, notificationOutbox, portalAccounts, talents } from '../server/src/db/schema/index.ts';
import { freshPglite } from '../server/src/test/pglite-template.ts';
import { loadEnv } from '../server/src/env.ts';
import type { App } from '../server/src/lib/http.ts';
import { makeIdNumber } from '../server/src/seed/ids.ts';
import { DEMO_PASSWORD, seedDemo } from '../server/src/seed/demo.ts';
import { seedDemoPortal } from '../server/src/seed/portal-demo.ts';

/**
 * 一家人云服务平台 in Debian's Chromium on a 375 px phone: a talent registers (account, then the
 * notice and the separate sensitive consent), fills the profile, and 凤鸣区 approves it; a second
 * registration matching a 梧桐县 record is linked, not duplicated; a help request reaches the
 * hotline queue and its answer shows on the portal; download, correction and deletion requests go
 * through the staff queue, audited. Screenshots of each step: test-results/portal-e2e/.
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[e2e] ${CHROMIUM} not found: skipping browser tests (install with: apt-get install -y chromium)`);
const SHOTS = path.resolve('test-results/portal-e2e');
const PASSWORD = 'Xiangxian@2026';
const PHONE = { viewport: { width: 375, height: 812 }, locale: 'zh-CN', isMobile: true, hasTouch: true };

(hasChromium ? describe : describe.skip)('一家人云服务平台 (portal) at 375 px', () => {
  let database: Database;
  let app: App;
  let browser: Browser;
  let base: string;
  let talent: Page;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    buildWebIfStale((s) => console.log(`[e2e] ${s}`));
    fs.mkdirSync(SHOTS, { recursive: true });
    database = await freshPglite();
    const env = loadEnv({ NODE_ENV: 'test', PASSWORD_KDF_ITERATIONS: '10000', MASTER_KEY: '6a'.repeat(32) });
    await seedDemo(database, env, () => {});
    await seedDemoPortal(database, env, { log: () => {} });
    app = await buildApp({ database, env, serveWeb: true });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'] });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  async function newPage(opts: object): Promise<Page> {
    const context = await browser.newContext(opts);
    context.setDefaultTimeout(15_000);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`[e2e] page error: ${e.message}`));
    return page;
  }
  /** Full page by default; `top` = what the phone shows first. Waits for antd's transitions. */
  const shot = async (page: Page, name: string, top = false) => {
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: !top });
  };
  const lastCode = async () => {
    const [m] = await database.db.select().from(notificationOutbox).orderBy(desc(notificationOutbox.createdAt)).limit(1);
    return /验证码为 (\d{6})/.exec(m!.body)![1]!;
  };
  async function staff(username: string): Promise<Page> {
    const page = await newPage({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    await page.goto(`${base}/login`);
    await page.getByPlaceholder('用户名').fill(username);
    await page.getByPlaceholder('密码').fill(DEMO_PASSWORD);
    await page.getByPlaceholder('密码').press('Enter');
    await page.waitForURL((u) => u.pathname !== '/login');
    return page;
  }
  /** A staff API call with the session of a logged-in page (for steps another module's UI owns). */
  async function staffApi(page: Page, method: 'GET' | 'POST', url: string, payload?: object) {
    const cookies = await page.context().cookies();
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return app.inject({ method, url, payload, headers: { cookie } });
  }
  async function pick(page: Page, label: string, option: string) {
    await page.getByLabel(label, { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
  }
  const confirm = (page: Page) => page.locator('.ant-modal-confirm').getByRole('button', { name: /确\s*(认|定)/ }).click();

  async function register(page: Page, phone: string, sensitive: boolean, shots?: string) {
    await page.goto(`${base}/portal/register`);
    await page.getByLabel('手机号码').fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText(/验证码已发送至/).waitFor();
    await page.getByLabel('验证码').fill(await lastCode());
    await page.getByLabel('设置密码').fill(PASSWORD);
    await page.getByLabel('再次输入密码').fill(PASSWORD);
    if (shots) await shot(page, `${shots}-1-register`);
    await page.getByRole('button', { name: '下一步' }).click();
    await page.getByTestId('notice').waitFor();
    await expect(page.getByRole('button', { name: '同意并注册' }).isDisabled()).resolves.toBe(true);
    await page.getByTestId('consent-personal').check();
    if (sensitive) await page.getByTestId('consent-sensitive').check();
    if (shots) await shot(page, `${shots}-2-consent`);
    await page.getByRole('button', { name: '同意并注册' }).click();
    await page.waitForURL((u) => u.pathname === '/portal/profile');
  }

  it('registers on a phone: account, notice and separate consent, then the profile — pending for 凤鸣区', async () => {
    talent = await newPage(PHONE);
    await talent.goto(`${base}/portal`);
    await talent.getByRole('heading', { name: '家乡一家人' }).waitFor();
    await talent.getByText('凤城市“凤归”人才新政十条解读').waitFor(); // a published announcement
    await expect(talent.locator('body').innerText()).resolves.not.toContain('一季度乡贤回访工作简报'); // the draft is not public
    await shot(talent, 'a-0-landing');
    // No horizontal scrolling at 375 px.
    expect(await talent.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);

    await register(talent, '13977770001', true, 'a');
    await talent.getByText('请填写您的登记信息').waitFor();
    await talent.getByLabel('姓名').fill('苏晓岚');
    await talent.getByText('女', { exact: true }).click();
    await pick(talent, '籍贯县（市、区）', '凤鸣区');
    await talent.getByLabel('居民身份证号').fill(makeIdNumber('330106', '1992-04-16', 7, 'female'));
    await talent.getByLabel('工作单位').fill('杭州海康威视数字技术股份有限公司');
    await talent.getByLabel('职务').fill('算法工程师');
    await pick(talent, '最高学历', '硕士研究生');
    await pick(talent, '所属商会', '杭州凤城商会');
    await talent.getByRole('button', { name: '提交登记' }).click();
    await talent.getByText('已提交，等待县（市、区）人才办确认').first().waitFor();
    await talent.evaluate('window.scrollTo(0, 0)');
    await shot(talent, 'a-3-profile-pending', true);
    const [acc] = await database.db.select().from(portalAccounts).where(eq(portalAccounts.phoneMasked, '139****0001'));
    expect(acc!.talentId).toBeNull();
  });

  it('凤鸣区 sees the registration and approves it: a new self-registered record, linked', async () => {
    const before = (await database.db.select({ n: sql<number>`count(*)::int` }).from(talents))[0]!.n;
    const county = await staff('demo_county1');
    await county.goto(`${base}/portal-admin/registrations`);
    await county.getByTestId('registrations').getByText('苏晓岚').click();
    await county.locator('.ant-drawer').getByText('杭州海康威视数字技术股份有限公司').waitFor();
    await expect(county.locator('.ant-drawer').innerText()).resolves.toMatch(/330106\*{8}\d{3}[\dX]/);
    await shot(county, 'a-4-county-review');
    await county.getByRole('button', { name: '确认登记，新建记录' }).click();
    await confirm(county);
    await county.locator('.ant-drawer').getByText('查看人才记录').waitFor();
    await shot(county, 'a-5-county-approved');
    expect((await database.db.select({ n: sql<number>`count(*)::int` }).from(talents))[0]!.n).toBe(before + 1);
    const [rec] = await database.db.select().from(talents).where(eq(talents.name, '苏晓岚'));
    expect(rec).toMatchObject({ source: 'portal', tags: ['本人登记'] });
    // Another county does not see it.
    const other = await staff('demo_county2');
    const list = (await staffApi(other, 'GET', '/api/portal-admin/registrations?status=all')).json();
    expect(list.items.map((r: { name: string }) => r.name)).not.toContain('苏晓岚');

    await talent.goto(`${base}/portal/profile`);
    await talent.getByText('已登记', { exact: true }).waitFor();
    await shot(talent, 'a-6-profile-approved', true);
  });

  it('a registration matching a 梧桐县 record is linked to it, not duplicated', async () => {
    const county2 = await staff('demo_county2');
    const wutong = (await staffApi(county2, 'GET', '/api/org')).json().counties.find((c: { name: string }) => c.name === '梧桐县').id;
    const id = makeIdNumber('440305', '1986-08-08', 21, 'male');
    const created = await staffApi(county2, 'POST', '/api/talents', { name: '程立新', ownerCountyId: wutong, idNumber: id, employer: '比亚迪股份有限公司' });
    expect(created.statusCode, created.body).toBe(201);
    const before = (await database.db.select({ n: sql<number>`count(*)::int` }).from(talents))[0]!.n;

    const page = await newPage(PHONE);
    await register(page, '13977770002', true);
    await page.getByLabel('姓名').fill('程立新');
    await pick(page, '籍贯县（市、区）', '梧桐县');
    await page.getByLabel('居民身份证号').fill(id);
    await page.getByLabel('工作单位').fill('比亚迪汽车工业有限公司');
    await page.getByRole('button', { name: '提交登记' }).click();
    await page.getByText('已提交，等待县（市、区）人才办确认').first().waitFor();

    await county2.goto(`${base}/portal-admin/registrations`);
    await county2.getByTestId('registrations').getByText('程立新').click();
    const card = county2.getByTestId('candidate');
    await card.getByText('证件号码相同').waitFor();
    await shot(county2, 'b-1-match');
    await card.getByRole('button', { name: '确认是本人，关联到此记录' }).click();
    await confirm(county2);
    await county2.locator('.ant-drawer').getByText('查看人才记录').waitFor();
    expect((await database.db.select({ n: sql<number>`count(*)::int` }).from(talents))[0]!.n).toBe(before);
    const [acc] = await database.db.select().from(portalAccounts).where(eq(portalAccounts.phoneMasked, '139****0002'));
    expect(acc!.talentId).toBe(created.json().id);
    await page.goto(`${base}/portal/profile`);
    await page.getByText('已登记', { exact: true }).waitFor();
    await expect(page.getByLabel('工作单位').inputValue()).resolves.toBe('比亚迪汽车工业有限公司');
    await shot(page, 'b-2-linked-profile', true);
  });

  it('a help request reaches the hotline queue and its answer shows on the portal', async () => {
    await talent.goto(`${base}/portal/help`);
    await talent.getByText('求职就业', { exact: true }).click();
    await talent.getByLabel('具体内容').fill('明年想回凤城工作，请问市里有哪些适合算法工程师的岗位和人才补贴？');
    await shot(talent, 'c-1-help');
    await talent.getByRole('button', { name: /提\s*交/ }).click();
    await talent.waitForURL((u) => u.pathname === '/portal/requests');
    await talent.getByText('正在办理，答复后将在这里显示。').waitFor();

    const desk = await staff('demo_hotline');
    await desk.goto(`${base}/hotline/cases`);
    await desk.getByText('明年想回凤城工作').first().waitFor();
    await shot(desk, 'c-2-hotline-queue');
    const queue = (await staffApi(desk, 'GET', '/api/hotline/cases?source=portal')).json();
    const item = queue.items.find((c: { talentName: string | null }) => c.talentName === '苏晓岚');
    expect(item).toMatchObject({ source: 'portal', category: 'employment' });
    let c = (await staffApi(desk, 'GET', `/api/hotline/cases/${item.id}`)).json();
    c = (await staffApi(desk, 'POST', `/api/hotline/cases/${item.id}/accept`, { version: c.version })).json();
    const ans = await staffApi(desk, 'POST', `/api/hotline/cases/${item.id}/answer`, { version: c.version, answer: '凤城高新区正在引进人工智能方向人才，可享受硕士安家补贴；已将您的意向转给市人社局，近期会与您联系。' });
    expect(ans.statusCode, ans.body).toBe(200);

    await talent.reload();
    await talent.getByText(/凤城高新区正在引进人工智能方向人才/).waitFor();
    await shot(talent, 'c-3-answer-on-portal');
  });

  it('download, correction and deletion requests work end to end and are audited', async () => {
    await talent.goto(`${base}/portal/rights`);
    const [download] = await Promise.all([talent.waitForEvent('download'), talent.getByRole('link', { name: /下载数据文件/ }).click()]);
    const json = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
    expect(json.record).toMatchObject({ name: '苏晓岚', employer: '杭州海康威视数字技术股份有限公司' });
    expect(json.helpRequests).toHaveLength(1);
    const html = await talent.context().newPage();
    await html.goto(`${base}/api/portal/my-data.html`);
    await html.getByRole('heading', { name: '我的个人信息' }).waitFor();
    await shot(html, 'd-1-my-data-html');
    await html.close();

    await talent.getByLabel('申请内容').fill('职务登记有误，应为“高级算法工程师”。');
    await talent.getByRole('button', { name: '提交申请' }).click();
    await talent.getByTestId('rights-request').first().getByText('处理中').waitFor();
    await shot(talent, 'd-2-correction-requested');

    const county = await staff('demo_county1');
    await county.goto(`${base}/portal-admin/rights`);
    await county.getByText('职务登记有误').waitFor();
    await county.getByRole('button', { name: /办\s*理/ }).first().click();
    await county.getByLabel('办理情况（本人可见）').fill('已在人才库中将职务更正为高级算法工程师。');
    await shot(county, 'd-3-county-resolves');
    await county.getByRole('button', { name: '确认办结' }).click();
    await county.getByText('已办结，结果已告知本人').waitFor();

    await talent.reload();
    await talent.getByText('办理情况：已在人才库中将职务更正为高级算法工程师。').waitFor();
    await shot(talent, 'd-4-correction-answered');

    // Deletion: the linked second account asks; the county completes it; the account is closed.
    const page = await newPage(PHONE);
    await page.goto(`${base}/portal/login`);
    await page.getByLabel('手机号码或电子邮箱').fill('13977770002');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((u) => u.pathname === '/portal/me');
    await page.goto(`${base}/portal/rights`);
    await page.getByText('删除信息并注销').click();
    await page.getByLabel('申请内容').fill('本人已回乡工作，请注销账号并删除平台登记信息。');
    await page.getByRole('button', { name: '提交申请' }).click();
    await confirm(page);
    await page.getByTestId('rights-request').first().getByText('处理中').waitFor();

    const county2 = await staff('demo_county2');
    await county2.goto(`${base}/portal-admin/rights`);
    await county2.getByText('请注销账号').waitFor();
    await county2.getByRole('button', { name: /办\s*理/ }).first().click();
    await county2.getByText('办结删除申请将注销其门户账号').waitFor();
    await county2.getByLabel('办理情况（本人可见）').fill('已注销平台账号；人才库记录保留（本人已返乡，转为已返乡人才）。');
    await county2.getByRole('button', { name: '确认办结' }).click();
    await county2.getByText('已办结，结果已告知本人').waitFor();
    await shot(county2, 'd-5-deletion-completed');
    const [closed] = await database.db.select().from(portalAccounts).where(eq(portalAccounts.phoneMasked, '139****0002'));
    expect(closed).toMatchObject({ status: 'closed', phoneEnc: null, talentId: null });

    const actions = (await database.db.select({ a: auditLog.action }).from(auditLog)).map((r) => r.a);
    for (const a of ['portal.register', 'portal.registration_submit', 'portal.registration_approve', 'portal.data_export', 'portal.rights_request', 'portal.rights_resolve', 'hotline.case_create']) {
      expect(actions, a).toContain(a);
    }
  });
});
