import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, loginAs, makeUser, type TestContext } from '../test/harness.ts';

let t: TestContext;
let cookie: string;
beforeAll(async () => {
  t = await createTestContext();
  await makeUser(t, 'sec_admin', [{ role: 'sysadmin' }]);
  cookie = await loginAs(t, 'sec_admin');
});
afterAll(() => t.close());

describe('security headers', () => {
  it('sends a CSP without inline scripts, no framing, nosniff and a referrer policy', async () => {
    const res = await t.app.inject('/api/health');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('marks API responses no-store', async () => {
    const res = await t.app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('limits the body size', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) }) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('CSRF protection on cookie-authenticated writes', () => {
  const body = { username: 'csrf_victim', displayName: 'x', password: 'Csrf@Test2026' };

  it('refuses a cross-site request (Sec-Fetch-Site)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/users', headers: { cookie, 'sec-fetch-site': 'cross-site' }, payload: body });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('跨站请求已被拒绝');
  });

  it('refuses a foreign Origin', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/users', headers: { cookie, origin: 'https://evil.example', host: 'fenggui.local' }, payload: body });
    expect(res.statusCode).toBe(403);
  });

  it('accepts a same-origin request', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/users', headers: { cookie, origin: 'http://fenggui.local', host: 'fenggui.local', 'sec-fetch-site': 'same-origin' }, payload: body });
    expect(res.statusCode).toBe(201);
  });
});
