import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { RoleGrant } from '../../../contracts/roles.ts';
import type { Database } from '../db/client.ts';
import { liaisonAssignments, outposts, talents, users } from '../db/schema/index.ts';
import type { Env } from '../env.ts';
import { getCity, getOrg, saveOrg } from '../modules/org/org.service.ts';
import { insertUser } from '../modules/users/users.service.ts';
import { insertGeneratedTalents } from './talents-insert.ts';
import { seedDemoLiaison } from './liaison-demo.ts';

export const DEMO_PASSWORD = 'Fenggui@2026';
export const DEMO_CITY = '凤城市';
export const DEMO_COUNTIES = ['凤鸣区', '凤翔区', '梧桐县', '青溪县', '云岭县', '丹山市'] as const;
export const DEMO_OUTPOSTS = [
  { name: '驻深圳人才工作站', divisionCode: '440300', hostOrganisation: '深圳凤城商会' },
  { name: '驻上海人才工作站', divisionCode: '310100', hostOrganisation: '上海凤城商会' },
  { name: '驻北京人才工作站', divisionCode: '110100', hostOrganisation: '北京凤城企业家联合会' },
] as const;

type DemoAccount = {
  username: string;
  displayName: string;
  roles: { role: RoleGrant['role']; county?: string; outpost?: string }[];
  /** A fictional mobile (SMS reminders go to the demo outbox). */
  phone?: string;
};

/** The demo accounts listed in the README. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'demo_city', displayName: '李市办', roles: [{ role: 'city_admin' }] },
  { username: 'demo_county1', displayName: '王凤鸣', roles: [{ role: 'county_admin', county: '凤鸣区' }] },
  { username: 'demo_county2', displayName: '张梧桐', roles: [{ role: 'county_admin', county: '梧桐县' }] },
  { username: 'demo_outpost', displayName: '陈深圳', roles: [{ role: 'outpost_staff', outpost: '驻深圳人才工作站' }] },
  { username: 'demo_hotline', displayName: '刘热线', roles: [{ role: 'hotline_agent' }] },
  { username: 'demo_hotline_county', displayName: '赵热线', roles: [{ role: 'hotline_agent', county: '凤鸣区' }] },
  { username: 'demo_leader', displayName: '周领导', roles: [{ role: 'leader', county: '凤鸣区' }], phone: '13900000001' },
  { username: 'demo_auditor', displayName: '孙审计', roles: [{ role: 'auditor' }] },
  { username: 'demo_sysadmin', displayName: '吴系统', roles: [{ role: 'sysadmin' }] },
  { username: 'demo_security', displayName: '郑安全', roles: [{ role: 'security_admin' }] },
];

/**
 * Fills the database with the fictional city 凤城市: 6 counties/districts, 3 outposts and one
 * account per role. Idempotent: existing demo rows are kept, missing ones are added.
 */
export async function seedDemo(database: Database, env: Env, log: (s: string) => void): Promise<void> {
  const db = database.db;
  const actor = { id: null, name: 'demo-seed', ip: null };
  const city = await getCity(db);
  if (city && city.name !== DEMO_CITY) {
    throw new Error(`This database is already set up for ${city.name}; demo data is only added to ${DEMO_CITY} or an empty database.`);
  }
  if (!city) {
    await saveOrg(db, { city: { name: DEMO_CITY, code: null }, counties: DEMO_COUNTIES.map((name) => ({ name, active: true })) }, actor, 'org.init');
    log(`Set up ${DEMO_CITY} with ${DEMO_COUNTIES.length} counties/districts.`);
  }
  for (const o of DEMO_OUTPOSTS) {
    await db.insert(outposts).values(o).onConflictDoNothing({ target: outposts.name });
  }
  const org = await getOrg(db);
  const countyId = (name: string) => {
    const c = org.counties.find((x) => x.name === name);
    if (!c) throw new Error(`demo county ${name} missing`);
    return c.id;
  };
  const outpostRows = await db.select().from(outposts).where(inArray(outposts.name, DEMO_OUTPOSTS.map((o) => o.name)));
  const outpostId = (name: string) => outpostRows.find((o) => o.name === name)!.id;

  let created = 0;
  for (const a of DEMO_ACCOUNTS) {
    const exists = await db.select({ id: users.id }).from(users).where(eq(users.username, a.username));
    if (exists.length) continue;
    await insertUser(
      db,
      env,
      {
        username: a.username,
        displayName: a.displayName,
        password: DEMO_PASSWORD,
        isDemo: true,
        phone: a.phone,
        roles: a.roles.map((r) => ({
          role: r.role,
          countyId: r.county ? countyId(r.county) : null,
          outpostId: r.outpost ? outpostId(r.outpost) : null,
        })),
      },
      actor,
    );
    created++;
  }
  log(`Demo accounts: ${created} created, ${DEMO_ACCOUNTS.length - created} already present. Password: ${DEMO_PASSWORD}`);
}

/** Talents `npm run demo` generates on an empty registry. */
export const DEMO_TALENTS = 20_000;
export const DEFAULT_TALENT_SEED = 20261126;

/**
 * Generated talents for the demo city's counties and outposts. With `onlyIfEmpty` nothing happens
 * when the registry has records (so `npm run demo` stays idempotent). Without an explicit seed the
 * seed moves on with the registry size, so a second run adds other people, not the same ones again.
 * Afterwards the demo leader gets a few of 凤鸣区's talents to look after, if they have none yet.
 */
export async function seedDemoTalents(
  database: Database,
  env: Env,
  opts: { count: number; seed?: number; onlyIfEmpty?: boolean; batchSize?: number; log: (s: string) => void },
): Promise<number> {
  const db = database.db;
  const log = opts.log;
  const existing = (await db.select({ n: count() }).from(talents))[0]?.n ?? 0;
  let inserted = 0;
  if (opts.onlyIfEmpty && existing > 0) {
    log(`Talent registry already holds ${existing.toLocaleString('en')} records; no talents generated.`);
  } else if (opts.count > 0) {
    const org = await getOrg(db);
    const countyIds = org.counties.filter((c) => c.active).map((c) => c.id);
    const outpostIds = (await db.select({ id: outposts.id }).from(outposts)).map((o) => o.id);
    const seed = opts.seed ?? DEFAULT_TALENT_SEED + existing;
    log(`Generating ${opts.count.toLocaleString('en')} talents (seed ${seed}) on ${database.kind}…`);
    const started = performance.now();
    let shown = 0;
    const step = Math.max(opts.batchSize ?? 2000, Math.ceil(opts.count / 20));
    const r = await insertGeneratedTalents(database, env, {
      count: opts.count,
      seed,
      countyIds,
      outpostIds,
      batchSize: opts.batchSize ?? 2000,
      actorName: 'demo-seed',
      onProgress: (done, total) => {
        if (done - shown < step && done < total) return;
        shown = done;
        const s = (performance.now() - started) / 1000;
        log(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} talents  ${s.toFixed(1)} s  (${Math.round(done / s).toLocaleString('en')} rows/s)`);
      },
    });
    inserted = r.inserted;
  }
  await assignDemoLeader(database, log);
  await seedDemoLiaison(database, env, log);
  return inserted;
}

/** Gives demo_leader up to 12 talents of 凤鸣区 (the best-ranked first), unless they already have some. */
export async function assignDemoLeader(database: Database, log: (s: string) => void): Promise<void> {
  const db = database.db;
  const [leader] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'demo_leader'));
  const [assigner] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'demo_county1'));
  const org = await getOrg(db);
  const county = org.counties.find((c) => c.name === '凤鸣区');
  if (!leader || !county) return;
  const has = await db.select({ id: liaisonAssignments.id }).from(liaisonAssignments).where(eq(liaisonAssignments.leaderId, leader.id)).limit(1);
  if (has.length) return;
  const picks = await db
    .select({ id: talents.id })
    .from(talents)
    .where(and(eq(talents.ownerCountyId, county.id), isNull(talents.mergedInto), inArray(talents.tier, ['A', 'B', 'C', 'D'])))
    .orderBy(asc(talents.tier), asc(talents.id))
    .limit(12);
  if (!picks.length) return;
  await db.insert(liaisonAssignments).values(picks.map((p) => ({ talentId: p.id, leaderId: leader.id, assignedBy: assigner?.id ?? null })));
  log(`Assigned ${picks.length} talents of 凤鸣区 to demo_leader.`);
}

/** Talents in the registry (for the CLI's summary). */
export async function countTalents(database: Database): Promise<number> {
  const [r] = await database.db.select({ n: sql<number>`count(*)::int` }).from(talents);
  return r?.n ?? 0;
}
