import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announcements, chambers, portalAccounts, portalRegistrations } from '../db/schema/index.ts';
import { buildApp } from '../app.ts';
import type { Database } from '../db/client.ts';
import type { App } from '../lib/http.ts';
import { freshDatabase, testEnv } from '../test/harness.ts';
import { DEMO_PASSWORD, seedDemo } from './demo.ts';
import { DEMO_PORTAL_ACCOUNTS, seedDemoPortal } from './portal-demo.ts';

let database: Database;
let drop: () => Promise<void>;
let app: App;
const env = testEnv();

beforeAll(async () => {
  ({ database, drop } = await freshDatabase());
  await seedDemo(database, env, () => {});
  await seedDemoPortal(database, env, { log: () => {} });
  app = await buildApp({ database, env });
});
afterAll(async () => {
  await app.close();
  await drop();
});

describe('portal demo data', () => {
  it('chambers linked to the demo outposts, published announcements and a draft; idempotent', async () => {
    await seedDemoPortal(database, env, { log: () => {} });
    const cs = await database.db.select().from(chambers);
    expect(cs).toHaveLength(5);
    expect(cs.filter((c) => c.outpostId)).toHaveLength(3);
    const as = await database.db.select().from(announcements);
    expect(as.map((a) => a.status).sort()).toEqual(['draft', 'published', 'published', 'published']);
    expect(await database.db.select().from(portalAccounts)).toHaveLength(2);
    expect(await database.db.select().from(portalRegistrations)).toHaveLength(1);
  });

  it('the demo accounts log in: one linked to its record, one waiting for 凤鸣区', async () => {
    const login = async (account: string) => app.inject({ method: 'POST', url: '/api/portal/auth/login', payload: { account, password: DEMO_PASSWORD } });
    const linked = await login(DEMO_PORTAL_ACCOUNTS.linked);
    expect(linked.json()).toMatchObject({ profileStatus: 'linked', displayName: '林凤仪', isDemo: true, consent: { upToDate: true } });
    expect((await login(DEMO_PORTAL_ACCOUNTS.pending)).json()).toMatchObject({ profileStatus: 'pending', displayName: '赵启航' });
    const staff = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'demo_county1', password: DEMO_PASSWORD } });
    const cookie = `fg_session=${staff.cookies.find((c) => c.name === 'fg_session')!.value}`;
    const regs = (await app.inject({ url: '/api/portal-admin/registrations', headers: { cookie } })).json();
    expect(regs.items.map((r: { name: string }) => r.name)).toEqual(['赵启航']);
    expect((await app.inject({ url: '/api/portal/info' })).json()).toMatchObject({ cityName: '凤城市', demo: true });
  });
});
