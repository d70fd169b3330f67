import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPortal } from './modules/portal/portal.test-helpers.ts';
import { createTestContext, usersOfEveryRole, type TestContext } from './test/harness.ts';

/**
 * The authorization matrix (issue 4, "the proof"): every route of the API, enumerated from the
 * route table, against every role and anonymous. A route added without an entry here fails the
 * first test; an entry whose roles drift from the route's behaviour fails the second.
 *
 * 'public': anyone; 'any': any logged-in user; 'portal': a portal (talent) account only;
 * otherwise the roles allowed. Everyone else gets 403 (logged in) or 401 (anonymous). Allowed
 * roles may still get 400/404/409 — never 401/403. A portal account is its own column: it passes
 * public and portal routes and nothing else.
 */
type Who = 'public' | 'any' | 'portal' | string[];
const READERS = ['city_admin', 'county_admin', 'outpost_staff', 'hotline_agent', 'leader'];
const WRITERS = ['city_admin', 'county_admin', 'outpost_staff'];
const OFFICE = ['city_admin', 'county_admin'];
const CITY = ['city_admin'];
const DESK = ['hotline_agent', 'city_admin', 'county_admin'];

const MATRIX: Record<string, Who> = {
  'GET /api/health': 'public',
  'GET /api/system/info': 'public',
  'GET /api/openapi.json': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/me': 'any',
  'POST /api/auth/password': 'any',
  'POST /api/auth/logout-others': 'any',
  'GET /api/auth/totp': 'any',
  'POST /api/auth/totp/setup': 'any',
  'POST /api/auth/totp/enable': 'any',
  'POST /api/auth/totp/verify': 'any',
  'POST /api/auth/totp/disable': 'any',
  'GET /api/security/totp-policy': ['security_admin'],
  'PUT /api/security/totp-policy': ['security_admin'],
  'GET /api/security/users': ['security_admin'],
  'PUT /api/security/users/:id/roles': ['security_admin'],
  'GET /api/audit': ['auditor'],
  'GET /api/audit/checks': ['auditor'],
  'POST /api/audit/checks': ['auditor'],
  'GET /api/users': ['sysadmin'],
  'POST /api/users': ['sysadmin'],
  'GET /api/users/:id': ['sysadmin'],
  'PATCH /api/users/:id': ['sysadmin'],
  'POST /api/users/:id/reset-password': ['sysadmin'],
  'POST /api/users/:id/reset-totp': ['sysadmin'],
  'GET /api/org': 'any',
  'PUT /api/org': ['city_admin', 'sysadmin'],
  'GET /api/divisions': 'any',
  'GET /api/countries': 'any',
  'GET /api/outposts': ['city_admin', 'county_admin', 'sysadmin', 'security_admin', 'outpost_staff'],
  'GET /api/collections': OFFICE,
  'POST /api/collections': CITY,
  'GET /api/collections/:id': OFFICE,
  'POST /api/collections/:id/submit': OFFICE,
  'POST /api/collections/:id/review': CITY,
  'POST /api/collections/:id/close': CITY,
  'GET /api/talents': READERS,
  'POST /api/talents': WRITERS,
  'GET /api/talents/tiers': READERS,
  'GET /api/talents/:id': READERS,
  'PATCH /api/talents/:id': WRITERS,
  'GET /api/talents/:id/history': READERS,
  'POST /api/talents/:id/reveal': OFFICE,
  'GET /api/talent-views': READERS,
  'POST /api/talent-views': READERS,
  'DELETE /api/talent-views/:id': READERS,
  'GET /api/talents/imports/template.xlsx': OFFICE,
  'POST /api/talents/imports': OFFICE,
  'GET /api/talents/imports': OFFICE,
  'GET /api/talents/imports/:id': OFFICE,
  'GET /api/talents/imports/:id/matches': OFFICE,
  'POST /api/talents/imports/:id/decisions': OFFICE,
  'POST /api/talents/imports/:id/commit': OFFICE,
  'GET /api/talents/imports/:id/errors.xlsx': OFFICE,
  'GET /api/talents/export': OFFICE,
  'POST /api/talents/export-requests': OFFICE,
  'GET /api/talents/export-requests': OFFICE,
  'GET /api/talents/export-requests/:id': OFFICE,
  'POST /api/talents/export-requests/:id/approve': CITY,
  'POST /api/talents/export-requests/:id/reject': CITY,
  'GET /api/talents/duplicates': OFFICE,
  'POST /api/talents/duplicates/dismiss': OFFICE,
  'POST /api/talents/duplicates/restore': OFFICE,
  'POST /api/talents/merge': OFFICE,
  // 一家人云服务平台 (modules/portal): public pages and the talent's own account and data.
  'GET /api/portal/info': 'public',
  'GET /api/portal/notice': 'public',
  'GET /api/portal/divisions': 'public',
  'GET /api/portal/announcements': 'public',
  'GET /api/portal/announcements/:id': 'public',
  'POST /api/portal/auth/code': 'public',
  'POST /api/portal/auth/register': 'public',
  'POST /api/portal/auth/login': 'public',
  'POST /api/portal/auth/logout': 'public',
  'POST /api/portal/auth/reset-password': 'public',
  'GET /api/portal/me': 'portal',
  'GET /api/portal/consent': 'portal',
  'POST /api/portal/consent': 'portal',
  'POST /api/portal/consent/withdraw': 'portal',
  'GET /api/portal/profile': 'portal',
  'PUT /api/portal/profile': 'portal',
  'GET /api/portal/rights-requests': 'portal',
  'POST /api/portal/rights-requests': 'portal',
  'GET /api/portal/help-requests': 'portal',
  'POST /api/portal/help-requests': 'portal',
  'GET /api/portal/my-data': 'portal',
  'GET /api/portal/my-data.html': 'portal',
  // Staff side of the portal.
  'GET /api/portal-admin/registrations': OFFICE,
  'GET /api/portal-admin/registrations/:id': OFFICE,
  'POST /api/portal-admin/registrations/:id/approve': OFFICE,
  'POST /api/portal-admin/registrations/:id/reject': OFFICE,
  'GET /api/portal-admin/changes': OFFICE,
  'GET /api/portal-admin/changes/:id': OFFICE,
  'POST /api/portal-admin/changes/:id/approve': OFFICE,
  'POST /api/portal-admin/changes/:id/reject': OFFICE,
  'GET /api/portal-admin/rights-requests': OFFICE,
  'GET /api/portal-admin/rights-requests/:id': OFFICE,
  'POST /api/portal-admin/rights-requests/:id/resolve': OFFICE,
  'GET /api/announcements': CITY,
  'POST /api/announcements': CITY,
  'GET /api/announcements/:id': CITY,
  'PATCH /api/announcements/:id': CITY,
  'POST /api/announcements/:id/publish': CITY,
  'POST /api/announcements/:id/unpublish': CITY,
  'DELETE /api/announcements/:id': CITY,
  'GET /api/chambers': ['city_admin', 'county_admin', 'outpost_staff'],
  'POST /api/chambers': CITY,
  'PATCH /api/chambers/:id': CITY,
  'GET /api/outbox': ['sysadmin'],
  'GET /api/notifications': 'any',
  'POST /api/notifications/read-all': 'any',
  'POST /api/notifications/:id/read': 'any',
  'GET /api/hotline/lookup': DESK,
  'GET /api/hotline/cases': DESK,
  'POST /api/hotline/cases': DESK,
  'GET /api/hotline/cases/:id': DESK,
  'POST /api/hotline/cases/:id/accept': DESK,
  'POST /api/hotline/cases/:id/transfer': DESK,
  'POST /api/hotline/cases/:id/assign': DESK,
  'POST /api/hotline/cases/:id/wait': DESK,
  'POST /api/hotline/cases/:id/resume': DESK,
  'POST /api/hotline/cases/:id/answer': DESK,
  'POST /api/hotline/cases/:id/close': DESK,
  'POST /api/hotline/cases/:id/cancel': DESK,
  'POST /api/hotline/cases/:id/follow-up': DESK,
  'POST /api/hotline/cases/:id/reopen': DESK,
  'POST /api/hotline/cases/:id/notes': DESK,
  'POST /api/hotline/cases/:id/talent': DESK,
  'GET /api/hotline/escalations': DESK,
  'GET /api/hotline/staff': DESK,
  'GET /api/hotline/stats': DESK,
  'GET /api/hotline/stats/export': DESK,
  'GET /api/hotline/settings': DESK,
  'PUT /api/hotline/settings/sla-policies': CITY,
  'PUT /api/hotline/settings/work-hours': CITY,
  'GET /api/hotline/calendar': DESK,
  'PUT /api/hotline/calendar': CITY,
  'GET /api/liaison/leaders': OFFICE,
  'GET /api/liaison/assignments': [...OFFICE, 'leader'],
  'POST /api/liaison/assignments': OFFICE,
  'POST /api/liaison/assignments/:id/reassign': OFFICE,
  'POST /api/liaison/assignments/:id/end': OFFICE,
  'GET /api/liaison/my': ['leader'],
  'GET /api/liaison/contacts': [...OFFICE, 'leader'],
  'POST /api/liaison/contacts': ['leader'],
  'GET /api/liaison/follow-ups': [...OFFICE, 'leader'],
  'POST /api/liaison/follow-ups/:id/resolve': [...OFFICE, 'leader'],
  'GET /api/liaison/supervision': OFFICE,
  'GET /api/liaison/inspections': OFFICE,
  'POST /api/liaison/inspections': OFFICE,
  'GET /api/liaison/ledger.xlsx': [...OFFICE, 'leader'],
  'GET /api/liaison/ledger.html': [...OFFICE, 'leader'],
  'GET /api/liaison/ledger.docx': [...OFFICE, 'leader'],
  'GET /api/liaison/notifications': ['leader'],
  'POST /api/liaison/notifications/:id/read': ['leader'],
  'GET /api/liaison/rules': OFFICE,
  'PUT /api/liaison/rules': CITY,
};

/** Login name of the test user holding each role (see usersOfEveryRole). */
const ROLE_USERS: Record<string, string> = {
  city_admin: 'city',
  county_admin: 'county1',
  outpost_staff: 'outpost',
  hotline_agent: 'hotline',
  leader: 'leader',
  employer: 'employer',
  talent: 'talent',
  sysadmin: 'sysadmin',
  security_admin: 'security',
  auditor: 'auditor',
};

let t: TestContext;
let cookies: Record<string, string>;
beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
});
afterAll(() => t.close());

const apiRoutes = () =>
  t.app.routeTable.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs')).map((r) => ({ ...r, key: `${r.method} ${r.url}` }));

const HOTLINE_BODIES: Record<string, object> = {
  accept: { version: 1 },
  transfer: { version: 1, countyId: null, note: '越权' },
  assign: { version: 1, assigneeId: null },
  wait: { version: 1, note: '越权' },
  resume: { version: 1 },
  answer: { version: 1, answer: '越权' },
  close: { version: 1, outcome: 'consult' },
  cancel: { version: 1, note: '越权' },
  'follow-up': { version: 1, satisfaction: 5, resolved: true, note: '越权' },
  reopen: { version: 1, note: '越权' },
  notes: { note: '越权' },
  talent: { fields: { name: '某' } },
};

const RANDOM_ID = '00000000-0000-4000-8000-00000000abcd';
const concrete = (url: string) => url.replace(/:id/g, RANDOM_ID);

describe('authorization matrix', () => {
  it('covers every route of the API, and nothing else', () => {
    const keys = apiRoutes().map((r) => r.key).sort();
    expect(keys.filter((k) => !(k in MATRIX)), 'routes without a matrix entry').toEqual([]);
    expect(Object.keys(MATRIX).filter((k) => !keys.includes(k)), 'matrix entries without a route').toEqual([]);
  });

  it('every route declares its access explicitly', () => {
    const undeclared = apiRoutes().filter((r) => r.access === undefined && r.url !== '/api/openapi.json' && !MATRIX[r.key]);
    expect(undeclared.map((r) => r.key)).toEqual([]);
  });

  for (const [role, user] of Object.entries(ROLE_USERS)) {
    it(`${role}: allowed routes pass the access check, all others answer 403`, async () => {
      const wrong: string[] = [];
      for (const r of apiRoutes()) {
        const who = MATRIX[r.key];
        if (!who || r.key === 'POST /api/auth/logout') continue; // logging out would end this user's session
        const allowed = who === 'public' || who === 'any' || (Array.isArray(who) && who.includes(role));
        const res = await t.app.inject({ method: r.method as 'GET', url: concrete(r.url), headers: { cookie: cookies[user]! }, payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} });
        const denied = res.statusCode === 403 || res.statusCode === 401;
        if (allowed === denied) wrong.push(`${r.key} → ${res.statusCode} (${allowed ? 'should be allowed' : 'should be 403'})`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('a portal (talent) account passes public and portal routes only: every staff route refuses it', async () => {
    const portal = await registerPortal(t, '13900000001');
    const wrong: string[] = [];
    for (const r of apiRoutes()) {
      const who = MATRIX[r.key];
      if (!who || r.key === 'POST /api/portal/auth/logout') continue; // would end this session
      const allowed = who === 'public' || who === 'portal';
      const res = await t.app.inject({ method: r.method as 'GET', url: concrete(r.url), headers: { cookie: portal }, payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} });
      const denied = res.statusCode === 403 || res.statusCode === 401;
      if (allowed === denied) wrong.push(`${r.key} → ${res.statusCode} (${allowed ? 'should be allowed' : 'should be refused'})`);
    }
    expect(wrong).toEqual([]);
    // Holding both a staff and a portal session changes nothing for the staff side's checks.
    const both = `${portal}; ${cookies.auditor!}`;
    expect((await t.app.inject({ url: '/api/talents', headers: { cookie: both } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/portal/me', headers: { cookie: both } })).statusCode).toBe(200);
  });

  it('anonymous callers get 401 everywhere but the public routes', async () => {
    const wrong: string[] = [];
    for (const r of apiRoutes()) {
      const who = MATRIX[r.key];
      if (!who) continue;
      const res = await t.app.inject({ method: r.method as 'GET', url: concrete(r.url), payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} });
      if ((who === 'public') === (res.statusCode === 401)) wrong.push(`${r.key} → ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('scope on every record route', () => {
  it('a talent of another county is 404 on every :id route and absent from lists, totals, facets and exports', async () => {
    const mk = async (who: string, county: string, name: string) =>
      (await t.app.inject({ method: 'POST', url: '/api/talents', headers: { cookie: cookies[who]! }, payload: { name, ownerCountyId: county, employer: '矩阵测试单位' } })).json().id as string;
    const mine = await mk('county2', t.org.county2, '乙县人员');
    const theirs = await mk('county1', t.org.county1, '甲县人员');
    const idRoutes = apiRoutes().filter((r) => r.url.startsWith('/api/talents/:id'));
    expect(idRoutes.length).toBeGreaterThanOrEqual(4);
    for (const r of idRoutes) {
      const body = r.method === 'PATCH' ? { version: 1, remarks: 'x' } : r.method === 'GET' ? undefined : {};
      const res = await t.app.inject({ method: r.method as 'GET', url: r.url.replace(':id', theirs), headers: { cookie: cookies.county2! }, payload: body });
      expect(res.statusCode, r.key).toBe(404);
      expect(res.body).not.toContain('甲县人员');
    }
    const list = await t.app.inject({ url: `/api/talents?q=${encodeURIComponent('矩阵测试')}`, headers: { cookie: cookies.county2! } });
    expect(list.json().total).toBe(1);
    expect(list.body).not.toContain('甲县人员');
    expect(JSON.stringify(list.json().facets)).not.toContain(t.org.county1);
    const exp = await t.app.inject({ url: `/api/talents/export?q=${encodeURIComponent('矩阵测试')}`, headers: { cookie: cookies.county2! } });
    expect(exp.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exp.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain('乙县人员');
    expect(cells).not.toContain('甲县人员');
    void mine;
  });

  it('a hotline case of another county is 404 on every :id route and absent from lists, look-ups and statistics', async () => {
    const phone = '13912345678';
    const made = await t.app.inject({ method: 'POST', url: '/api/hotline/cases', headers: { cookie: cookies.county1! }, payload: { category: 'policy', countyId: t.org.county1, content: '甲县热线矩阵诉求', callerPhone: phone } });
    expect(made.statusCode, made.body).toBe(201);
    const theirs = made.json().id as string;
    const idRoutes = apiRoutes().filter((r) => r.url.startsWith('/api/hotline/cases/:id'));
    expect(idRoutes.length).toBeGreaterThanOrEqual(12);
    for (const r of idRoutes) {
      const body = r.method === 'GET' ? undefined : (HOTLINE_BODIES[r.url.split('/').pop()!] ?? {});
      const res = await t.app.inject({ method: r.method as 'GET', url: r.url.replace(':id', theirs), headers: { cookie: cookies.county2! }, payload: body });
      expect(res.statusCode, r.key).toBe(404);
      expect(res.body).not.toContain('甲县热线矩阵诉求');
    }
    const list = await t.app.inject({ url: '/api/hotline/cases', headers: { cookie: cookies.county2! } });
    expect(list.json().total).toBe(0);
    const look = await t.app.inject({ url: `/api/hotline/lookup?phone=${phone}`, headers: { cookie: cookies.county2! } });
    expect(look.json().cases).toEqual([]);
    const day = (d: number) => new Date(Date.now() + d * 86400_000).toISOString().slice(0, 10);
    const range = `from=${day(-30)}&to=${day(2)}`;
    const stats = await t.app.inject({ url: `/api/hotline/stats?${range}`, headers: { cookie: cookies.county2! } });
    expect(stats.json().total).toBe(0);
    const city = await t.app.inject({ url: `/api/hotline/stats?${range}`, headers: { cookie: cookies.hotline! } });
    expect(city.json().total).toBe(1);
  });
});
