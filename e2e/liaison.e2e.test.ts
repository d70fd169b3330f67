import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/src/app.ts';
import { buildWebIfStale } from '../server/src/build-web.ts';
import type { Database } from '../server/src/db/client.ts';
import { freshPglite } from '../server/src/test/pglite-template.ts';
import { loadEnv } from '../server/src/env.ts';
import type { App } from '../server/src/lib/http.ts';
import { beijingToday } from '../server/src/modules/liaison/due.ts';
import { runReminders } from '../server/src/modules/liaison/reminders.ts';
import { DEMO_PASSWORD, seedDemo, seedDemoTalents } from '../server/src/seed/demo.ts';

/**
 * 领导联系服务 on a 375 px phone: demo_leader opens 我的联系对象 (most urgent first), taps a
 * talent, taps 微信, types what was said, saves — four taps and a sentence. The contact is in
 * the list, in the talent's timeline and in the ledger. Then the county's supervision page.
 * Screenshots go to E2E_SCREENSHOTS (default /tmp/fenggui-e2e-liaison).
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);
const SHOTS = process.env.E2E_SCREENSHOTS ?? '/tmp/fenggui-e2e-liaison';
const PHONE = { viewport: { width: 375, height: 812 }, locale: 'zh-CN', isMobile: true, hasTouch: true };

(hasChromium ? describe : describe.skip)('领导联系服务 at 375 px', () => {
  let database: Database;
  let app: App;
  let browser: Browser;
  let base: string;
  let env: ReturnType<typeof loadEnv>;

  beforeAll(async () => {
    buildWebIfStale((s) => console.log(`[e2e] ${s}`));
    fs.mkdirSync(SHOTS, { recursive: true });
    database = await freshPglite();
    env = loadEnv({ NODE_ENV: 'test', PASSWORD_KDF_ITERATIONS: '10000', MASTER_KEY: '6a'.repeat(32) });
    await seedDemo(database, env, () => {});
    await seedDemoTalents(database, env, { count: 400, seed: 7, log: () => {} });
    app = await buildApp({ database, env, serveWeb: true });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'] });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  const shot = async (page: Page, name: string, full = false) => {
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: full });
  };

  async function login(username: string, opts: object): Promise<Page> {
    const context = await browser.newContext(opts);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`[e2e] page error: ${e.message}`));
    await page.goto(`${base}/login`);
    await page.getByPlaceholder('用户名').fill(username);
    await page.getByPlaceholder('密码').fill(DEMO_PASSWORD);
    await page.getByPlaceholder('密码').press('Enter');
    await page.waitForURL((u) => u.pathname !== '/login');
    return page;
  }

  it('a leader logs a contact in a few taps', async () => {
    const page = await login('demo_leader', PHONE);
    await page.goto(`${base}/liaison/my`);
    const cards = page.getByTestId('liaison-card');
    await cards.first().waitFor();
    await shot(page, '01-my-talents');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    // Most urgent first: the first card is overdue in the demo data.
    await expect.poll(() => cards.first().textContent()).toContain('已超期');
    const name = (await cards.first().locator('strong').first().textContent())!.replace(/[A-E]类$/, '').trim();

    await cards.first().tap(); // tap 1
    await page.getByText(`登记联系：${name}`).waitFor();
    await page.locator('label.ant-radio-button-wrapper', { hasText: '微信' }).tap(); // tap 2
    await expect.poll(() => page.getByRole('radio', { name: '微信' }).isChecked()).toBe(true);
    await page.getByLabel('联系情况').tap(); // tap 3
    await page.getByLabel('联系情况').fill('微信视频问候，了解项目进展');
    await shot(page, '02-contact-form');
    const box = await page.getByRole('button', { name: '保存联系记录' }).boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await page.getByRole('button', { name: '保存联系记录' }).tap(); // tap 4
    await page.getByText(`已登记与${name}的联系`).waitFor();
    await shot(page, '03-saved');

    const today = beijingToday();
    const [row] = ((await database.db.execute(sql`select lc.channel, lc.summary, lc.contact_date::text as d, t.id as tid from liaison_contacts lc join talents t on t.id = lc.talent_id where t.name = ${name} order by lc.created_at desc limit 1`)) as unknown as { rows: { channel: string; summary: string; d: string; tid: string }[] }).rows;
    expect(row).toMatchObject({ channel: '微信', summary: '微信视频问候，了解项目进展', d: today });
    // No longer overdue: the card now shows today's contact.
    const card = cards.filter({ hasText: name });
    await expect.poll(() => card.textContent()).toContain(`上次 ${today}`);
    await card.scrollIntoViewIfNeeded();
    await shot(page, '04-list-after');

    // The talent's timeline in the registry shows it.
    await page.goto(`${base}/talents/${row!.tid}`);
    await page.getByRole('tab', { name: /变更历史|历史/ }).tap().catch(() => {});
    await page.getByText('微信视频问候，了解项目进展').first().waitFor();
    await shot(page, '05-talent-timeline', true);
  });

  it('the county sees supervision with the overdue list and ledger links', async () => {
    const page = await login('demo_county1', { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await page.goto(`${base}/liaison/supervision`);
    await page.getByText('按联系领导').waitFor();
    await page.getByText('周领导').first().waitFor();
    await shot(page, '06-supervision', true);
    expect(await page.getByText('梧桐县').count()).toBe(0);
    const sup = await (await page.request.get(`${base}/api/liaison/supervision`)).json();
    const ledger = await page.request.get(`${base}/api/liaison/ledger.xlsx?countyId=${sup.counties[0].countyId}`);
    expect(ledger.status()).toBe(200);
    expect(ledger.headers()['content-type']).toContain('spreadsheetml');
    const print = await page.context().newPage();
    await print.goto(`${base}/api/liaison/ledger.html?countyId=${sup.counties[0].countyId}`);
    await print.getByText('凤鸣区领导联系服务人才工作台账').waitFor();
    await shot(print, '06b-ledger-print');
    await print.close();
    await page.goto(`${base}/liaison/assign`);
    await page.getByText('联系领导：').waitFor();
    await page.getByText('请选择联系领导，查看和分配其联系对象').waitFor();
    await page.locator('.ant-select').first().click();
    await page.locator('.ant-select-item-option', { hasText: '周领导' }).click();
    const rowsBefore = page.locator('.ant-table-tbody tr.ant-table-row');
    await rowsBefore.first().waitFor();
    const n = await rowsBefore.count();
    expect(n).toBeGreaterThan(3);
    const moved = (await rowsBefore.first().locator('td').first().textContent())!;
    await rowsBefore.first().getByRole('button', { name: '调整领导' }).click();
    await page.locator('.ant-modal .ant-select').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '吴领导' }).click();
    await shot(page, '07-assign-reassign');
    await page.getByRole('button', { name: '确认调整' }).click();
    await page.getByText('已调整，原联系关系保留为历史').waitFor();
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(n - 1);
    await shot(page, '08-assign-after');
    const hist = ((await database.db.execute(sql`select u.username, la.active, la.ended_at is not null as ended from liaison_assignments la join users u on u.id = la.leader_id join talents t on t.id = la.talent_id where t.name = ${moved} order by la.assigned_at`)) as unknown as { rows: { username: string; active: boolean; ended: boolean }[] }).rows;
    expect(hist.slice(-2)).toEqual([{ username: 'demo_leader', active: false, ended: true }, { username: 'demo_leader2', active: true, ended: false }]);
  });
  it('the city edits the contact rules (validation, confirmation, audit); a county office sees them read-only', async () => {
    const page = await login('demo_city', { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await page.goto(`${base}/liaison/rules`);
    await page.getByText('联系频次').first().waitFor();
    await page.getByRole('button', { name: '添加层级频次' }).click();
    const tierRow = page.getByTestId('frequency-row').last();
    await tierRow.locator('.ant-select').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: 'A类' }).click();
    await tierRow.locator('input.ant-input-number-input').fill('1');
    await page.getByRole('button', { name: '添加节日' }).click();
    const fest = page.getByTestId('festival-row').last();
    await fest.locator('input.ant-input-number-input').first().fill('40');
    await page.getByRole('button', { name: '保存规则' }).first().click();
    await page.getByText('请填写节日名称').waitFor();
    await page.getByText('请选择节日日期').waitFor();
    await page.getByText('窗口须为 0–30 天').waitFor();
    await shot(page, '09-rules-invalid', true);
    await fest.getByPlaceholder('如：2027年重阳').fill('2027年重阳');
    await fest.getByPlaceholder('节日日期').click();
    await fest.getByPlaceholder('节日日期').fill('2027-10-08');
    await fest.getByPlaceholder('节日日期').press('Enter');
    await fest.locator('input.ant-input-number-input').first().fill('3');
    await page.getByRole('button', { name: '保存规则' }).first().click();
    await page.locator('.ant-modal-confirm-title', { hasText: '保存联系规则？' }).waitFor();
    await page.getByText('频次规则 2 条，自定义节日 1 个。').waitFor();
    await shot(page, '10-rules-confirm');
    await page.getByRole('button', { name: '确认保存' }).click();
    await page.getByText('联系规则已保存').waitFor();
    await shot(page, '11-rules-saved', true);
    const q = async <T,>(query: ReturnType<typeof sql>) => ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;
    expect(await q(sql`select tier, interval_months from liaison_frequency_rules order by tier`)).toEqual([{ tier: '*', interval_months: 3 }, { tier: 'A', interval_months: 1 }]);
    expect(await q(sql`select name, day::text as day, window_before, window_after from liaison_festivals`)).toEqual([{ name: '2027年重阳', day: '2027-10-08', window_before: 3, window_after: 7 }]);
    expect(await q(sql`select actor_name from audit_log where action = 'liaison.rules'`)).toEqual([{ actor_name: 'demo_city' }]);

    const county = await login('demo_county1', { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await county.goto(`${base}/liaison/rules`);
    await county.getByText('联系规则由市委人才办设置，这里仅供查看。').waitFor();
    expect(await county.getByPlaceholder('如：2027年重阳').inputValue()).toBe('2027年重阳');
    expect(await county.getByPlaceholder('如：2027年重阳').isDisabled()).toBe(true);
    expect(await county.getByRole('button', { name: '保存规则' }).count()).toBe(0);
    await shot(county, '12-rules-county-readonly', true);
  });
  it('the header bell: unread count, the list, a click opens the talent’s contact form, mark all read; empty and loading states', async () => {
    await runReminders(database.db, env);
    const q = async <T,>(query: ReturnType<typeof sql>) => ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;
    const unread = (await q<{ n: number }>(sql`select count(*)::int as n from liaison_notifications ln join users u on u.id = ln.user_id where u.username = 'demo_leader' and ln.read_at is null`))[0]!.n;
    expect(unread).toBeGreaterThan(1);
    const page = await login('demo_leader', PHONE);
    await page.goto(`${base}/liaison/my`);
    const bell = page.getByTestId('notification-bell');
    await expect.poll(() => bell.locator('.ant-badge-count').textContent()).toBe(String(Math.min(unread, 99)));
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await shot(page, '13-bell-badge');
    await bell.tap();
    const items = page.getByTestId('notification-item');
    await items.first().waitFor();
    await shot(page, '14-bell-open');
    const first = (await items.first().textContent())!;
    const name = /联系对象(.+?)(将于|今日|已超期)/.exec(first)![1]!;
    await items.first().tap();
    await page.getByText(`登记联系：${name}`).waitFor();
    expect(new URL(page.url()).pathname).toBe('/liaison/my');
    await shot(page, '15-bell-opened-item');
    const form = page.getByRole('dialog').filter({ hasText: `登记联系：${name}` });
    await form.getByRole('button', { name: '关闭' }).tap();
    await form.waitFor({ state: 'hidden' });
    await expect.poll(() => bell.locator('.ant-badge-count').textContent()).toBe(String(Math.min(unread - 1, 99)));
    await bell.tap();
    await page.getByRole('button', { name: '全部标为已读' }).tap();
    await expect.poll(() => bell.locator('.ant-badge-count').count()).toBe(0);
    await shot(page, '16-bell-all-read');
    expect((await q<{ n: number }>(sql`select count(*)::int as n from liaison_notifications ln join users u on u.id = ln.user_id where u.username = 'demo_leader' and ln.read_at is null`))[0]!.n).toBe(0);

    // A county office has no reminders: the empty state; a slow answer shows the loading state.
    const county = await login('demo_county1', { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    await county.route('**/api/notifications?*', async (route) => {
      await gate;
      await route.continue();
    });
    await county.goto(`${base}/liaison/supervision`);
    await county.getByTestId('notification-bell').click();
    await county.getByTestId('notification-loading').waitFor();
    await shot(county, '17-bell-loading');
    release();
    await county.getByText('暂无通知').waitFor();
    await shot(county, '18-bell-empty');
  });
});
