import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Role } from '../../../contracts/roles.ts';
import { buildApp } from '../app.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { counties, outposts } from '../db/schema/index.ts';
import { loadEnv, type Env } from '../env.ts';
import { freshPglite } from './pglite-template.ts';
import type { App } from '../lib/http.ts';
import { insertUser } from '../modules/users/users.service.ts';

export const TEST_PASSWORD = 'Test@Pass2026';

/**
 * A fresh database per test file: in-memory PGlite by default, or a new database on the
 * PostgreSQL server of TEST_DATABASE_URL when the `server-pg` project runs.
 */
export async function freshDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (process.env.FENGGUI_TEST_BACKEND !== 'postgres') {
    const database = await freshPglite();
    return { database, drop: () => database.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('FENGGUI_TEST_BACKEND=postgres needs TEST_DATABASE_URL');
  const name = `fenggui_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  await database.migrate();
  return {
    database,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export function testEnv(overrides: Record<string, string> = {}): Env {
  return loadEnv({
    NODE_ENV: 'test',
    PASSWORD_KDF_ITERATIONS: '10000',
    LOG_LEVEL: process.env.TEST_LOG === '1' ? 'error' : 'silent',
    MASTER_KEY: '6a'.repeat(32),
    // Many logins from one test IP; the rate limit has its own test with a low value.
    LOGIN_RATE_PER_MINUTE: '100000',
    // Test users are not demo users: no role needs a second factor unless a test asks for it
    // (totp.test.ts passes the production default).
    TOTP_REQUIRED_ROLES: 'none',
    ...overrides,
  });
}

export interface TestContext {
  app: App;
  database: Database;
  env: Env;
  /** Two counties and two outposts, so every test has a record "in another scope". */
  org: { county1: string; county2: string; outpost1: string; outpost2: string };
  close(): Promise<void>;
}

export async function createTestContext(envOverrides: Record<string, string> = {}): Promise<TestContext> {
  const { database, drop } = await freshDatabase();
  const env = testEnv(envOverrides);
  const [c1, c2] = await database.db
    .insert(counties)
    .values([
      { name: '甲县', sortOrder: 0 },
      { name: '乙县', sortOrder: 1 },
    ])
    .returning({ id: counties.id });
  const [o1, o2] = await database.db
    .insert(outposts)
    .values([
      { name: '驻深圳工作站', divisionCode: '440300' },
      { name: '驻上海工作站', divisionCode: '310100' },
    ])
    .returning({ id: outposts.id });
  const app = await buildApp({ database, env, logger: process.env.TEST_LOG === '1' });
  return {
    app,
    database,
    env,
    org: { county1: c1!.id, county2: c2!.id, outpost1: o1!.id, outpost2: o2!.id },
    close: async () => {
      await app.close();
      await drop();
    },
  };
}

export interface Grant {
  role: Role;
  countyId?: string | null;
  outpostId?: string | null;
}

/** Creates a user with the given roles and returns its id. */
export async function makeUser(t: TestContext, username: string, roles: Grant[], password = TEST_PASSWORD): Promise<string> {
  return insertUser(
    t.database.db,
    t.env,
    {
      username,
      displayName: username,
      password,
      roles: roles.map((r) => ({ role: r.role, countyId: r.countyId ?? null, outpostId: r.outpostId ?? null })),
    },
    { id: null, name: 'test', ip: null },
  );
}

/** Logs in through the API and returns the Cookie header value to send with later requests. */
export async function loginAs(t: TestContext, username: string, password = TEST_PASSWORD): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === 'fg_session');
  if (!c) throw new Error('no session cookie');
  return `fg_session=${c.value}`;
}

/** A user of each role, bound to county1/outpost1 where the role is bound; returns cookies. */
export async function usersOfEveryRole(t: TestContext): Promise<Record<string, string>> {
  const spec: Record<string, Grant[]> = {
    city: [{ role: 'city_admin' }],
    county1: [{ role: 'county_admin', countyId: t.org.county1 }],
    county2: [{ role: 'county_admin', countyId: t.org.county2 }],
    outpost: [{ role: 'outpost_staff', outpostId: t.org.outpost1 }],
    hotline: [{ role: 'hotline_agent' }],
    leader: [{ role: 'leader', countyId: t.org.county1 }],
    employer: [{ role: 'employer' }],
    talent: [{ role: 'talent' }],
    sysadmin: [{ role: 'sysadmin' }],
    security: [{ role: 'security_admin' }],
    auditor: [{ role: 'auditor' }],
  };
  const cookies: Record<string, string> = {};
  for (const [name, roles] of Object.entries(spec)) {
    await makeUser(t, `u_${name}`, roles);
    cookies[name] = await loginAs(t, `u_${name}`);
  }
  return cookies;
}
