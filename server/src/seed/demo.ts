import { eq, inArray } from 'drizzle-orm';
import type { RoleGrant } from '../../../contracts/roles.ts';
import type { Database } from '../db/client.ts';
import { outposts, users } from '../db/schema/index.ts';
import type { Env } from '../env.ts';
import { getCity, getOrg, saveOrg } from '../modules/org/org.service.ts';
import { insertUser } from '../modules/users/users.service.ts';

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
};

/** The demo accounts listed in the README. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'demo_city', displayName: '李市办', roles: [{ role: 'city_admin' }] },
  { username: 'demo_county1', displayName: '王凤鸣', roles: [{ role: 'county_admin', county: '凤鸣区' }] },
  { username: 'demo_county2', displayName: '张梧桐', roles: [{ role: 'county_admin', county: '梧桐县' }] },
  { username: 'demo_outpost', displayName: '陈深圳', roles: [{ role: 'outpost_staff', outpost: '驻深圳人才工作站' }] },
  { username: 'demo_hotline', displayName: '刘热线', roles: [{ role: 'hotline_agent' }] },
  { username: 'demo_hotline_county', displayName: '赵热线', roles: [{ role: 'hotline_agent', county: '凤鸣区' }] },
  { username: 'demo_leader', displayName: '周领导', roles: [{ role: 'leader', county: '凤鸣区' }] },
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
