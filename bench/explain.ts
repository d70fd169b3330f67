/**
 * `tsx bench/explain.ts [data dir]`: EXPLAIN (ANALYZE, BUFFERS) of every statement the bench's
 * searches issue, captured from the real search code (listTalents) as city_admin and county_admin.
 * Reads the newest seeded PGlite cache under bench/.cache (or the given dir), or DATABASE_URL.
 *   EXPLAIN_ONLY=initials,filter   only some searches;   EXPLAIN_ROLE=city|county   one role
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { eq } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { TalentListQuerySchema } from '../contracts/talents.ts';
import type { Db } from '../server/src/db/client.ts';
import * as schema from '../server/src/db/schema/index.ts';
import { loadEnv } from '../server/src/env.ts';
import type { Ctx } from '../server/src/lib/context.ts';
import { listTalents } from '../server/src/modules/talents/talents.search.ts';
import { SEARCHES } from './sections/search.ts';
import { BENCH_DIR } from './lib/target.ts';

const captured: { sql: string; params: unknown[] }[] = [];
const logger = { logQuery: (sql: string, params: unknown[]) => captured.push({ sql, params }) };

async function open(): Promise<{ db: Db; query: (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>; close: () => Promise<void>; masterKey: string }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    return {
      db: drizzlePg(pool, { schema, logger }) as unknown as Db,
      query: async (sql, params) => (await pool.query(sql, params)).rows,
      close: () => pool.end(),
      masterKey: process.env.MASTER_KEY ?? '',
    };
  }
  const cache = path.join(BENCH_DIR, '.cache');
  const dir =
    process.argv[2] ??
    fs
      .readdirSync(cache)
      .filter((d) => fs.existsSync(path.join(cache, d, 'complete.json')))
      .map((d) => path.join(cache, d))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  if (!dir) throw new Error('no seeded database in bench/.cache: run npm run bench first');
  console.log(`PGlite ${dir}`);
  const client = await PGlite.create(path.join(dir, 'pgdata'));
  return {
    db: drizzlePglite(client, { schema, logger }) as unknown as Db,
    query: async (sql, params) => (await client.query<Record<string, unknown>>(sql, params)).rows,
    close: () => client.close(),
    masterKey: 'b7'.repeat(32),
  };
}

async function main() {
  const { db, query, close, masterKey } = await open();
  const env = loadEnv({ ...process.env, MASTER_KEY: masterKey, LOG_LEVEL: 'silent' });
  const [county] = await db.select().from(schema.counties).where(eq(schema.counties.name, '凤鸣区'));
  const users = {
    city: [{ role: 'city_admin' as const, countyId: null, outpostId: null }],
    county: [{ role: 'county_admin' as const, countyId: county!.id, outpostId: null }],
  };
  const only = process.env.EXPLAIN_ONLY?.split(',');
  for (const [role, roles] of Object.entries(users)) {
    if (process.env.EXPLAIN_ROLE && process.env.EXPLAIN_ROLE !== role) continue;
    for (const s of SEARCHES) {
      if (only && !only.includes(s.key)) continue;
      const ctx = { db, env, ip: null, requestId: 'explain', user: { id: '00000000-0000-0000-0000-000000000000', username: role, displayName: role, isDemo: false, roles } } as unknown as Ctx;
      const q = TalentListQuerySchema.parse({ ...Object.fromEntries(new URLSearchParams(s.qs)), pageSize: '20' });
      captured.length = 0;
      await listTalents(ctx, q);
      for (const c of captured.filter((x) => x.sql.includes('"talents"') && !x.sql.includes('"talent_tiers"'))) {
        if (!/from "talents"|from \(select/.test(c.sql)) continue;
        const plan = await query(`explain (analyze, buffers) ${c.sql}`, c.params);
        console.log(`\n===== ${role} · ${s.name}\n${c.sql}\n-- params ${JSON.stringify(c.params).slice(0, 300)}`);
        for (const r of plan) console.log(String(Object.values(r)[0]));
      }
    }
  }
  await close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
