import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationOutbox } from '../../db/schema/index.ts';
import { defineTemplate, notifierFor } from '../../lib/notifier.ts';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../test/harness.ts';

describe('notifier: outbox (development/demo)', () => {
  let t: TestContext;
  let cookies: Record<string, string>;
  beforeAll(async () => {
    t = await createTestContext();
    cookies = await usersOfEveryRole(t);
  });
  afterAll(() => t.close());

  it('shows what would have been sent to the system administrator only', async () => {
    await t.app.inject({ method: 'POST', url: '/api/portal/auth/code', payload: { purpose: 'register', email: 'Zhang.San@Example.com' } });
    const res = await t.app.inject({ url: '/api/outbox', headers: { cookie: cookies.sysadmin! } });
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toMatchObject({ channel: 'email', toMasked: 'z***@example.com', template: 'portal.code', subject: '“一家人云服务平台”验证码' });
    expect(res.json().items[0].body).toMatch(/验证码为 \d{6}/);
    for (const who of ['city', 'auditor', 'security']) expect((await t.app.inject({ url: '/api/outbox', headers: { cookie: cookies[who]! } })).statusCode).toBe(403);
  });

  it('is one generic interface: any module’s template, SMS or email, to the outbox and the server log', async () => {
    defineTemplate('test.greeting', { sms: (p) => `${p.name}，新春快乐！`, email: (p) => ({ subject: '新春问候', text: `${p.name}：新春快乐！` }) });
    const lines: string[] = [];
    const log = { info: (_o: object, msg?: string) => void lines.push(msg ?? ''), warn: (_o: object, msg?: string) => void lines.push(`WARN ${msg}`) };
    const n = notifierFor(t.database.db, t.env, log);
    expect(await n.send('sms', '13912345678', 'test.greeting', { name: '张先生' })).toEqual({ delivered: true });
    expect(await n.send('email', 'li@example.com', 'test.greeting', { name: '李女士' })).toEqual({ delivered: true });
    expect(lines).toEqual(['[发件箱] 张先生，新春快乐！', '[发件箱] 新春问候：李女士：新春快乐！']);
    const items = (await t.app.inject({ url: '/api/outbox?pageSize=2', headers: { cookie: cookies.sysadmin! } })).json().items;
    expect(items.map((m: { toMasked: string }) => m.toMasked)).toEqual(expect.arrayContaining(['139****5678', 'l***@example.com']));
    // An unknown template is a programming error, reported and not delivered.
    expect(await n.send('sms', '13912345678', 'no.such.template')).toEqual({ delivered: false });
    expect(lines.at(-1)).toMatch(/^WARN/);
  });
});

describe('notifier: webhook provider', () => {
  let t: TestContext;
  let cookies: Record<string, string>;
  let server: http.Server;
  const received: unknown[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ auth: req.headers.authorization, body: JSON.parse(body) });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
    t = await createTestContext({ NOTIFIER_SMS: 'webhook', NOTIFIER_EMAIL: 'webhook', NOTIFIER_WEBHOOK_URL: url, NOTIFIER_WEBHOOK_TOKEN: 'secret-token' });
    cookies = await usersOfEveryRole(t);
  });
  afterAll(async () => {
    await t.close();
    server.close();
  });

  it('posts the message to the gateway and keeps no outbox; the outbox page does not exist', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/portal/auth/code', payload: { purpose: 'register', phone: '13800001111' } });
    expect(res.statusCode).toBe(200);
    expect(received).toEqual([{ auth: 'Bearer secret-token', body: expect.objectContaining({ channel: 'sms', to: '13800001111', template: 'portal.code', text: expect.stringMatching(/验证码为 \d{6}/) }) }]);
    expect(await t.database.db.select().from(notificationOutbox)).toHaveLength(0);
    expect((await t.app.inject({ url: '/api/outbox', headers: { cookie: cookies.sysadmin! } })).statusCode).toBe(404);
  });

  it('a gateway failure does not change the answer', async () => {
    server.close();
    const res = await t.app.inject({ method: 'POST', url: '/api/portal/auth/code', payload: { purpose: 'register', phone: '13800002222' } });
    expect(res.statusCode).toBe(200);
  });
});
