import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from './bootstrap.ts';
import { loadRoleBindings } from './lib/session.ts';
import { users } from './db/schema/index.ts';
import { createTestContext, type TestContext } from './test/harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe('first run (ensureFirstAdmin)', () => {
  it('creates the three 三权分立 administrators with one-time, temporary passwords', async () => {
    const out: string[] = [];
    await ensureFirstAdmin(t.database, t.env, (s) => out.push(s));
    const rows = await t.database.db.select().from(users).orderBy(users.username);
    expect(rows.map((u) => u.username)).toEqual(['admin', 'auditor', 'secadmin']);
    for (const u of rows) {
      expect((await loadRoleBindings(t.database.db, u.id)).map((r) => r.role)).toHaveLength(1);
      expect(u.passwordChangedAt.getTime()).toBe(0); // changed at the first login
    }
    const printed = out.join('\n');
    const password = /secadmin\s+password: (\S+)/.exec(printed)?.[1];
    expect(password).toBeTruthy();
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'secadmin', password } });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ mustChangePassword: true });
  });

  it('does nothing on a database with users, and says so when no security administrator is left', async () => {
    const out: string[] = [];
    await ensureFirstAdmin(t.database, t.env, (s) => out.push(s));
    expect(out).toEqual([]);
    const { eq } = await import('drizzle-orm');
    await t.database.db.update(users).set({ disabled: true }).where(eq(users.username, 'secadmin'));
    await ensureFirstAdmin(t.database, t.env, (s) => out.push(s));
    expect(out.join('\n')).toMatch(/No enabled security administrator/);
    expect(await t.database.db.select().from(users)).toHaveLength(3);
  });
});
