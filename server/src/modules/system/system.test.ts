import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe('system', () => {
  it('GET /api/health reports the database kind and version', async () => {
    const res = await t.app.inject('/api/health');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ok');
    expect(body.db).toBe(process.env.FENGGUI_TEST_BACKEND === 'postgres' ? 'postgres' : 'pglite');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.runIf(process.env.FENGGUI_TEST_BACKEND === 'postgres')('runs its PostgreSQL sessions without JIT (it cost seconds per statement)', async () => {
    const r = await t.database.db.execute(sql`show jit`);
    expect((r as unknown as { rows: { jit: string }[] }).rows[0]!.jit).toBe('off');
  });

  it('serves an OpenAPI 3 document generated from the zod schemas', async () => {
    const res = await t.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/api/health', '/api/auth/login', '/api/auth/logout', '/api/auth/me', '/api/users', '/api/users/{id}', '/api/audit', '/api/org']) {
      expect(doc.paths, p).toHaveProperty([p]);
    }
    // The login body schema comes from the same zod object that validates requests.
    const login = doc.paths['/api/auth/login'].post.requestBody.content['application/json'].schema;
    expect(login.required).toEqual(expect.arrayContaining(['username', 'password']));
  });

  it('serves a browsable docs page at /api/docs', async () => {
    const res = await t.app.inject('/api/docs');
    const final = res.statusCode === 302 ? await t.app.inject(res.headers.location as string) : res;
    expect(final.statusCode).toBe(200);
    expect(final.headers['content-type']).toMatch(/html/);
  });

  it('answers unknown /api routes with the JSON error shape and 404, logged in or not', async () => {
    const res = await t.app.inject('/api/no-such-thing');
    expect(res.statusCode).toBe(404);
    const body = res.json();
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.message).toContain('接口不存在');
    expect(body.error.requestId).toBeTruthy();
  });

  it('rejects malformed JSON with the error shape', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('GET /api/system/info is public and reports demo mode only when demo accounts exist', async () => {
    const res = await t.app.inject('/api/system/info');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ demo: false, initialised: false, cityName: null });
  });
});
