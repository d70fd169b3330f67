import { and, eq, sql } from 'drizzle-orm';
import { integer, pgTable, serial, text, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../contracts/roles.ts';
import type { Database } from '../db/client.ts';
import { freshDatabase } from '../test/harness.ts';
import { scopeOf, scopeWhere, type ScopeColumns } from './scope.ts';

// A throwaway table shaped like the scoped tables to come (talents, cases, …): it carries a
// county, an outpost, an owner account, and leaders are assigned through a second table.
const things = pgTable('scope_test_things', {
  id: serial('id').primaryKey(),
  label: text('label').notNull(),
  countyId: uuid('county_id'),
  outpostId: uuid('outpost_id'),
  ownerUserId: uuid('owner_user_id'),
  n: integer('n').notNull().default(1),
});
const cols: ScopeColumns = {
  county: things.countyId,
  outpost: things.outpostId,
  selfUser: things.ownerUserId,
  leaderAssigned: (uid) => sql`exists (select 1 from scope_test_assign a where a.thing_id = ${things.id} and a.leader_id = ${uid})`,
};

const C1 = '11111111-1111-4111-8111-111111111111';
const C2 = '22222222-2222-4222-8222-222222222222';
const O1 = '33333333-3333-4333-8333-333333333333';
const LEADER = '44444444-4444-4444-8444-444444444444';
const TALENT = '55555555-5555-4555-8555-555555555555';

let database: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ database, drop } = await freshDatabase());
  await database.db.execute(sql`create table scope_test_things (id serial primary key, label text not null, county_id uuid, outpost_id uuid, owner_user_id uuid, n int not null default 1)`);
  await database.db.execute(sql`create table scope_test_assign (thing_id int, leader_id uuid)`);
  await database.db.insert(things).values([
    { label: 'c1', countyId: C1 },
    { label: 'c2', countyId: C2 },
    { label: 'c1-o1', countyId: C1, outpostId: O1 },
    { label: 'c2-o1', countyId: C2, outpostId: O1 },
    { label: 'c2-led', countyId: C2 },
    { label: 'c2-self', countyId: C2, ownerUserId: TALENT },
  ]);
  await database.db.execute(sql`insert into scope_test_assign select id, ${LEADER}::uuid from scope_test_things where label = 'c2-led'`);
});
afterAll(() => drop());

type B = { role: Role; countyId?: string | null; outpostId?: string | null };
const user = (id: string, ...roles: B[]) => ({
  id,
  roles: roles.map((r) => ({ role: r.role, countyId: r.countyId ?? null, countyName: null, outpostId: r.outpostId ?? null, outpostName: null })),
});
const visible = async (u: ReturnType<typeof user>, extra?: ReturnType<typeof eq>) => {
  const rows = await database.db.select({ label: things.label }).from(things).where(and(scopeWhere(u, cols), extra)).orderBy(things.label);
  return rows.map((r) => r.label);
};
const counted = async (u: ReturnType<typeof user>) =>
  (await database.db.select({ n: sql<number>`count(*)::int` }).from(things).where(scopeWhere(u, cols)))[0]!.n;

const ANY = '99999999-9999-4999-8999-999999999999';

describe('scopeWhere', () => {
  it('city_admin sees everything', async () => {
    expect(await visible(user(ANY, { role: 'city_admin' }))).toHaveLength(6);
  });

  it('county_admin sees only their county, in lists and in counts', async () => {
    const u = user(ANY, { role: 'county_admin', countyId: C1 });
    expect(await visible(u)).toEqual(['c1', 'c1-o1']);
    expect(await counted(u)).toBe(2);
  });

  it('a record of another county is invisible to a get by id', async () => {
    const u = user(ANY, { role: 'county_admin', countyId: C1 });
    expect(await visible(u, eq(things.label, 'c2'))).toEqual([]);
  });

  it('hotline agents: county-bound see their county, city-level see all', async () => {
    expect(await visible(user(ANY, { role: 'hotline_agent', countyId: C2 }))).toEqual(['c2', 'c2-led', 'c2-o1', 'c2-self']);
    expect(await visible(user(ANY, { role: 'hotline_agent', countyId: null }))).toHaveLength(6);
  });

  it('outpost_staff sees the records of their outpost', async () => {
    expect(await visible(user(ANY, { role: 'outpost_staff', outpostId: O1 }))).toEqual(['c1-o1', 'c2-o1']);
  });

  it('a leader sees only what is assigned to them', async () => {
    expect(await visible(user(LEADER, { role: 'leader', countyId: C2 }))).toEqual(['c2-led']);
    expect(await visible(user(ANY, { role: 'leader', countyId: C2 }))).toEqual([]);
  });

  it('a talent sees only their own record', async () => {
    expect(await visible(user(TALENT, { role: 'talent' }))).toEqual(['c2-self']);
  });

  it('scopes of several roles add up', async () => {
    const u = user(LEADER, { role: 'county_admin', countyId: C1 }, { role: 'leader', countyId: C2 });
    expect(await visible(u)).toEqual(['c1', 'c1-o1', 'c2-led']);
  });

  it.each(['sysadmin', 'security_admin', 'auditor', 'employer'] as Role[])('%s sees no business rows', async (role) => {
    expect(await visible(user(ANY, { role }))).toEqual([]);
    expect(await counted(user(ANY, { role }))).toBe(0);
  });

  it('a table without the column a role needs grants that role nothing', async () => {
    const countyOnly: ScopeColumns = { county: things.countyId };
    const u = user(ANY, { role: 'outpost_staff', outpostId: O1 });
    const rows = await database.db.select().from(things).where(scopeWhere(u, countyOnly));
    expect(rows).toEqual([]);
  });

  it('scopeOf de-duplicates and records each kind', () => {
    const s = scopeOf(user(LEADER, { role: 'county_admin', countyId: C1 }, { role: 'hotline_agent', countyId: C1 }, { role: 'leader' }));
    expect(s).toEqual({ all: false, countyIds: [C1], outpostIds: [], leaderUserId: LEADER, selfUserId: null });
  });
});
