import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationOutbox } from '../../db/schema/index.ts';
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
