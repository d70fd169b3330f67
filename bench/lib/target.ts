import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../server/src/app.ts';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../../server/src/db/client.ts';
import { loadEnv, type Env } from '../../server/src/env.ts';
import type { App } from '../../server/src/lib/http.ts';
import { getOrg } from '../../server/src/modules/org/org.service.ts';
import { countTalents, DEFAULT_TALENT_SEED, DEMO_PASSWORD, seedDemo, seedDemoTalents } from '../../server/src/seed/demo.ts';
import { timed } from './stats.ts';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = path.resolve(BENCH_DIR, '..');
/** Master key of the embedded benchmark database (generated data only; never used for real data). */
const PGLITE_BENCH_KEY = 'b7'.repeat(32);

export interface BenchTarget {
  kind: 'pglite' | 'postgres';
  label: string;
  talents: number;
  /** The search p95 this target must meet. */
  searchP95Ms: number;
}

export interface BenchContext {
  target: BenchTarget;
  database: Database;
  env: Env;
  app: App;
  /** Session cookies of the demo accounts used: city_admin and county_admin (凤鸣区). */
  cookies: { city: string; county: string };
  counties: { id: string; name: string }[];
  /** How the data got there: seeded now (with the time) or reused. */
  setup: { seededRows: number; seedMs: number | null; reused: string | null };
  log: (s: string) => void;
  close(): Promise<void>;
}

/** Temporary directories of this run, removed on exit even when the run is interrupted. */
const temporary = new Set<string>();
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporary.add(dir);
  return dir;
}
export function removeTemp(dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
  temporary.delete(dir);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  });
}

/** Changes when anything that shapes the seeded data changes, so a stale cache is never reused. */
function cacheKey(count: number, seed: number): string {
  const h = crypto.createHash('sha256');
  const files = [
    ...fs.readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort().map((f) => path.join(MIGRATIONS_DIR, f)),
    ...['talents.ts', 'talents-insert.ts', 'talent-catalog.ts', 'talent-names.ts', 'talent-profiles.ts', 'ids.ts', 'random.ts', 'demo.ts'].map((f) => path.join(ROOT, 'server/src/seed', f)),
    path.join(ROOT, 'server/src/modules/talents/talent-record.ts'),
  ];
  for (const f of files) h.update(f).update(fs.readFileSync(f));
  return `pglite-${count}-s${seed}-${h.digest('hex').slice(0, 12)}`;
}

async function seedInto(database: Database, env: Env, count: number, seed: number | undefined, log: (s: string) => void) {
  await seedDemo(database, env, log);
  const existing = await countTalents(database);
  if (existing >= count) return { seededRows: 0, seedMs: null };
  const { ms } = await timed(() => seedDemoTalents(database, env, { count: count - existing, seed, batchSize: 2000, log }));
  return { seededRows: count - existing, seedMs: ms };
}

function benchEnv(overrides: Record<string, string>): Env {
  return loadEnv({ ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'production', PASSWORD_KDF_ITERATIONS: '10000', DATABASE_URL: '', ...overrides });
}

async function login(app: App, username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === 'fg_session');
  if (!c) throw new Error('no session cookie');
  return `fg_session=${c.value}`;
}

async function finish(target: BenchTarget, database: Database, env: Env, setup: BenchContext['setup'], log: (s: string) => void, cleanup: () => Promise<void>): Promise<BenchContext> {
  const app = await buildApp({ database, env, logger: false });
  await app.ready();
  const cookies = { city: await login(app, 'demo_city'), county: await login(app, 'demo_county1') };
  const counties = (await getOrg(database.db)).counties.map((c) => ({ id: c.id, name: c.name }));
  return {
    target, database, env, app, cookies, counties, setup, log,
    close: async () => {
      try {
        await app.close();
        await database.close();
      } finally {
        await cleanup();
      }
    },
  };
}

/**
 * PGlite: a fresh temporary data directory, copied from bench/.cache when a directory seeded with
 * the same size, seed, migrations and generator is there; otherwise seeded now and then cached.
 */
export async function preparePglite(target: BenchTarget, seed: number, log: (s: string) => void): Promise<BenchContext> {
  const cacheRoot = path.join(BENCH_DIR, '.cache');
  const key = cacheKey(target.talents, seed);
  const cached = path.join(cacheRoot, key);
  const work = tempDir('fenggui-bench-');
  const env = benchEnv({ DATA_DIR: work, MASTER_KEY: PGLITE_BENCH_KEY });
  let setup: BenchContext['setup'];
  if (fs.existsSync(path.join(cached, 'complete.json'))) {
    log(`PGlite: copying the seeded database from bench/.cache/${key}`);
    fs.cpSync(cached, work, { recursive: true });
    setup = { seededRows: 0, seedMs: null, reused: `bench/.cache/${key}` };
  } else {
    const database = await openDatabase({ dataDir: work, holder: 'fenggui bench' });
    await database.migrate();
    const s = await seedInto(database, env, target.talents, seed, log);
    await database.close();
    setup = { ...s, reused: null };
    fs.mkdirSync(cacheRoot, { recursive: true });
    for (const old of fs.readdirSync(cacheRoot)) if (old.startsWith(`pglite-${target.talents}-`)) fs.rmSync(path.join(cacheRoot, old), { recursive: true, force: true });
    fs.cpSync(work, cached, { recursive: true });
    fs.writeFileSync(path.join(cached, 'complete.json'), JSON.stringify({ talents: target.talents, seed, at: new Date().toISOString() }));
    log(`PGlite: seeded ${target.talents.toLocaleString('en')} talents in ${((setup.seedMs ?? 0) / 1000).toFixed(1)} s; cached in bench/.cache/${key}`);
  }
  const database = await openDatabase({ dataDir: work, holder: 'fenggui bench' });
  await database.migrate();
  return finish(target, database, env, setup, log, async () => removeTemp(work));
}

/** PostgreSQL at DATABASE_URL: seeded up to the target size once, reused by later runs. */
export async function preparePostgres(target: BenchTarget, url: string, seed: number | undefined, log: (s: string) => void): Promise<BenchContext> {
  if (!process.env.MASTER_KEY && !process.env.MASTER_KEY_FILE) throw new Error('The PostgreSQL bench needs MASTER_KEY (64 hex characters), the same on every run against this database.');
  const files = tempDir('fenggui-bench-files-');
  const env = benchEnv({ DATABASE_URL: url, DATA_DIR: files });
  const database = await openDatabase({ databaseUrl: url });
  await database.migrate();
  const before = await countTalents(database);
  const s = await seedInto(database, env, target.talents, seed ?? (before === 0 ? DEFAULT_TALENT_SEED : undefined), log);
  if (s.seedMs !== null) log(`PostgreSQL: seeded ${s.seededRows.toLocaleString('en')} talents in ${(s.seedMs / 1000).toFixed(1)} s`);
  else log(`PostgreSQL: reusing ${before.toLocaleString('en')} talents already in the database`);
  return finish(target, database, env, { ...s, reused: s.seedMs === null ? 'existing database' : null }, log, async () => removeTemp(files));
}
