import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../db/client.ts';
import { freshPglite } from './pglite-template.ts';

describe('tests’ PGlite template', () => {
  it('gives fully migrated databases that are independent of each other', async () => {
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    const a = await freshPglite();
    const b = await freshPglite();
    try {
      const applied = await a.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      expect((applied as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(journal.entries.length);
      await a.db.execute(sql`insert into counties (name, sort_order) values ('模板测试县', 0)`);
      const inA = await a.db.execute(sql`select count(*)::int as n from counties`);
      const inB = await b.db.execute(sql`select count(*)::int as n from counties`);
      expect((inA as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
      expect((inB as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
