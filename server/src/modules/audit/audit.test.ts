import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema/index.ts';
import { appendAudit, verifyAuditChain } from '../../lib/audit.ts';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../test/harness.ts';

let t: TestContext;
let cookies: Record<string, string>;
beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
  await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'u_city', password: 'wrong' } });
});
afterAll(() => t.close());

describe('GET /api/audit', () => {
  it('shows the auditor the log, newest first, with filters', async () => {
    const res = await t.app.inject({ url: '/api/audit?pageSize=100', headers: { cookie: cookies.auditor! } });
    expect(res.statusCode).toBe(200);
    const { items, total } = res.json();
    expect(total).toBeGreaterThan(10);
    expect(items[0].id).toBeGreaterThan(items[1].id);
    expect(items.some((i: { action: string }) => i.action === 'auth.login')).toBe(true);

    const failed = (await t.app.inject({ url: '/api/audit?action=auth.login_failed', headers: { cookie: cookies.auditor! } })).json();
    expect(failed.total).toBe(1);
    expect(failed.items[0]).toMatchObject({ actorName: 'u_city', outcome: 'failure' });

    const byActor = (await t.app.inject({ url: '/api/audit?actor=u_sysad', headers: { cookie: cookies.auditor! } })).json();
    expect(byActor.items.every((i: { actorName: string }) => i.actorName === 'u_sysadmin')).toBe(true);

    const future = new Date(Date.now() + 3600_000).toISOString();
    const none = (await t.app.inject({ url: `/api/audit?from=${encodeURIComponent(future)}`, headers: { cookie: cookies.auditor! } })).json();
    expect(none.total).toBe(0);
  });

  it('validates the time filter', async () => {
    const res = await t.app.inject({ url: '/api/audit?from=yesterday', headers: { cookie: cookies.auditor! } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('from');
  });

  it.each(['city', 'county1', 'outpost', 'hotline', 'leader', 'employer', 'talent', 'sysadmin', 'security'])(
    '%s may not read the audit log',
    async (who) => {
      const res = await t.app.inject({ url: '/api/audit', headers: { cookie: cookies[who]! } });
      expect(res.statusCode).toBe(403);
    },
  );

  it('offers no way to change the log through the API', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const res = await t.app.inject({ method, url: '/api/audit', headers: { cookie: cookies.auditor! } });
      expect(res.statusCode).toBe(404);
    }
  });
});

describe('the audit hash chain', () => {
  it('verifies an untouched log', async () => {
    const r = await verifyAuditChain(t.database.db);
    expect(r.ok).toBe(true);
    expect(r.checked).toBeGreaterThan(10);
  });

  it('refuses UPDATE and DELETE at the database level', async () => {
    const refused = (e: unknown) => /append-only/.test(String((e as Error & { cause?: Error }).cause?.message ?? e));
    await expect(t.database.db.execute(sql`update audit_log set action = 'x' where id = 1`)).rejects.toSatisfy(refused);
    await expect(t.database.db.execute(sql`delete from audit_log where id = 1`)).rejects.toSatisfy(refused);
    await expect(t.database.db.execute(sql`truncate audit_log`)).rejects.toSatisfy(refused);
  });

  it('names the first row changed by a manual SQL edit', async () => {
    const [row] = await t.database.db.select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id).offset(4).limit(1);
    await t.database.db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await t.database.db.execute(sql`update audit_log set actor_name = 'someone-else' where id = ${row!.id}`);
    await t.database.db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    const r = await verifyAuditChain(t.database.db);
    expect(r.ok).toBe(false);
    expect(r.brokenAt!.id).toBe(row!.id);
    expect(r.brokenAt!.reason).toMatch(/修改/);
  });

  it('finds a deleted row by the broken link of the next one', async () => {
    const { database, drop } = await (await import('../../test/harness.ts')).freshDatabase();
    for (let i = 0; i < 5; i++) await appendAudit(database.db, { action: `test.${i}`, detail: { i, nested: { b: 1, a: [1, '二'] } } });
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
    const ids = (await database.db.select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id)).map((r) => r.id);
    await database.db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await database.db.execute(sql`delete from audit_log where id = ${ids[2]!}`);
    const r = await verifyAuditChain(database.db, 2);
    expect(r).toMatchObject({ ok: false, brokenAt: { id: ids[3] } });
    expect(r.brokenAt!.reason).toMatch(/链接/);
    await drop();
  });
});
