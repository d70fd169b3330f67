import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HotlineCategory, HotlineOutcome } from '../../../../contracts/hotline.ts';
import type { Role } from '../../../../contracts/roles.ts';
import type { Ctx } from '../../lib/context.ts';
import { createTestContext, loginAs, makeUser, type TestContext } from '../../test/harness.ts';
import { acceptCase, answerCase, closeCase, followUpCase } from './case-actions.ts';
import { createCase } from './hotline.service.ts';

let t: TestContext;
let city: Ctx;
let c1: Ctx;
const cookies: Record<string, string> = {};
const bj = (s: string) => new Date(`${s}:00+08:00`);
const rowsOf = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;

async function ctxFor(name: string, role: Role, countyId: string | null): Promise<Ctx> {
  const id = await makeUser(t, name, [{ role, countyId }]);
  cookies[name] = await loginAs(t, name);
  return { db: t.database.db, env: t.env, ip: null, requestId: 't', user: { id, username: name, displayName: name, isDemo: false, roles: [{ role, countyId, countyName: null, outpostId: null, outpostName: null }] } };
}

beforeAll(async () => {
  t = await createTestContext();
  city = await ctxFor('st_city', 'hotline_agent', null);
  c1 = await ctxFor('st_c1', 'hotline_agent', t.org.county1);
  await ctxFor('st_c2', 'hotline_agent', t.org.county2);
  const cats: HotlineCategory[] = ['policy', 'project', 'startup', 'employment', 'info', 'other'];
  const outcomes: HotlineOutcome[] = ['job', 'investment', 'project', 'policy', 'info', 'consult'];
  const levels = [null, t.org.county1, t.org.county2];
  // 36 cases over March–April 2026 on working days, varied handling times.
  for (let i = 0; i < 36; i++) {
    const day = 2 + (i % 20);
    const month = i < 18 ? '03' : '04';
    const d = new Date(Date.UTC(2026, Number(month) - 1, day));
    if (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 2);
    const date = d.toISOString().slice(0, 10);
    const at = (h: string) => bj(`${date}T${h}`);
    const countyId = levels[i % 3]!;
    const actor = countyId === null ? city : countyId === t.org.county1 ? c1 : { ...c1, user: { ...c1.user, id: String(rowsOf(await t.database.db.execute(sql`select id from users where username = 'st_c2'`))[0]!.id), roles: [{ ...c1.user.roles[0]!, countyId }] } };
    const { id } = await createCase(t.database.db, actor, { category: cats[i % 6]!, countyId, content: i === 0 ? '=HYPERLINK("http://x")' : `诉求 ${i}`, subject: i === 0 ? '=HYPERLINK("http://x")' : undefined, callerPhone: `1380000${String(i).padStart(4, '0')}` }, { now: at('09:00') });
    if (i % 6 === 5) continue; // stays new
    const v = async () => Number(rowsOf(await t.database.db.execute(sql`select version from hotline_cases where id = ${id}`))[0]!.version);
    await acceptCase(actor, id, { version: await v() }, { now: at(i % 4 === 0 ? '11:30' : '09:20') });
    if (i % 6 === 4) continue; // in progress
    await answerCase(actor, id, { version: await v(), answer: '答复' }, { now: at(i % 5 === 0 ? '16:00' : '10:00') });
    if (i % 6 === 3) continue; // waiting for the follow-up
    await followUpCase(actor, id, { version: await v(), satisfaction: 1 + (i % 5), resolved: true, outcome: outcomes[i % 6]!, note: '回访' }, { now: at('17:00') });
  }
});
afterAll(() => t.close());

describe('statistics equal a direct count of the rows', () => {
  const q = 'from=2026-03-01&to=2026-04-30';
  const get = async (who: string, query = q) => {
    const r = await t.app.inject({ url: `/api/hotline/stats?${query}`, headers: { cookie: cookies[who]! } });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const direct = async (where = sql`true`) => {
    const one = async (s: ReturnType<typeof sql>) => rowsOf(await t.database.db.execute(s));
    const base = sql`from hotline_cases where created_at >= '2026-03-01T00:00:00+08:00' and created_at < '2026-05-01T00:00:00+08:00' and ${where}`;
    return {
      total: Number((await one(sql`select count(*) as n ${base}`))[0]!.n),
      byCategory: Object.fromEntries((await one(sql`select category as k, count(*) as n ${base} group by 1`)).map((r) => [r.k, Number(r.n)])),
      byStatus: Object.fromEntries((await one(sql`select status as k, count(*) as n ${base} group by 1`)).map((r) => [r.k, Number(r.n)])),
      byOutcome: Object.fromEntries((await one(sql`select outcome as k, count(*) as n ${base} and status = 'closed' group by 1`)).map((r) => [r.k, Number(r.n)])),
      frUsed: (await one(sql`select first_response_used_minutes as m ${base} and first_response_used_minutes is not null order by 1`)).map((r) => Number(r.m)),
      resUsed: (await one(sql`select resolution_used_minutes as m ${base} and status = 'closed' order by 1`)).map((r) => Number(r.m)),
      frMet: Number((await one(sql`select count(*) as n ${base} and first_response_met`))[0]!.n),
      resMet: Number((await one(sql`select count(*) as n ${base} and status = 'closed' and resolution_met`))[0]!.n),
    };
  };
  const median = (a: number[]) => (a.length % 2 ? a[(a.length - 1) / 2]! : (a[a.length / 2 - 1]! + a[a.length / 2]!) / 2);
  const p90 = (a: number[]) => {
    const pos = 0.9 * (a.length - 1);
    const lo = Math.floor(pos);
    return a[lo]! + (a[Math.min(lo + 1, a.length - 1)]! - a[lo]!) * (pos - lo);
  };
  const asMap = (list: { key: string; count: number }[]) => Object.fromEntries(list.map((x) => [x.key, x.count]));

  it('city level: totals, categories, statuses, outcomes, times and compliance', async () => {
    const s = await get('st_city');
    const d = await direct();
    expect(s.total).toBe(36);
    expect(s.total).toBe(d.total);
    expect(asMap(s.byCategory)).toEqual(d.byCategory);
    expect(asMap(s.byStatus)).toEqual(d.byStatus);
    expect(asMap(s.byOutcome)).toEqual(d.byOutcome);
    expect(s.firstResponse).toEqual({ count: d.frUsed.length, median: median(d.frUsed), p90: Math.round(p90(d.frUsed) * 10) / 10 });
    expect(s.resolution).toEqual({ count: d.resUsed.length, median: median(d.resUsed), p90: Math.round(p90(d.resUsed) * 10) / 10 });
    expect(s.sla).toEqual({ firstResponseMet: d.frMet, firstResponseTotal: d.frUsed.length, resolutionMet: d.resMet, resolutionTotal: d.resUsed.length });
    expect(s.sla.firstResponseMet).toBeLessThan(s.sla.firstResponseTotal); // the 11:30 accepts missed 60/120 min
    expect(asMap(s.byPeriod)).toEqual({ '2026-03': 18, '2026-04': 18 });
    expect(Object.fromEntries(s.byLevel.map((x: { label: string; count: number }) => [x.label, x.count]))).toEqual({ 市热线: 12, 甲县热线: 12, 乙县热线: 12 });
  });

  it('a county sees only its own figures; filters by level and category', async () => {
    const s = await get('st_c1');
    const d = await direct(sql`county_id = ${t.org.county1}`);
    expect(s.total).toBe(12);
    expect(asMap(s.byCategory)).toEqual(d.byCategory);
    expect(asMap(s.byStatus)).toEqual(d.byStatus);
    const onlyPolicy = await get('st_city', `${q}&category=policy&level=city`);
    expect(onlyPolicy.total).toBe((await direct(sql`category = 'policy' and county_id is null`)).total);
    const none = await get('st_c1', `${q}&level=${t.org.county2}`);
    expect(none.total).toBe(0);
  });

  it('the xlsx export carries the same figures and neutralises formula-like text', async () => {
    const r = await t.app.inject({ url: `/api/hotline/stats/export?${q}`, headers: { cookie: cookies.st_city! } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const sum = wb.getWorksheet('统计')!;
    expect(sum.getRow(2).values).toEqual([undefined, '诉求总数', 36]);
    const cases = wb.getWorksheet('诉求明细')!;
    expect(cases.rowCount).toBe(37);
    const subjects: string[] = [];
    cases.eachRow((row) => subjects.push(String(row.getCell(10).value)));
    expect(subjects).toContain(`'=HYPERLINK("http://x")`);
    expect(subjects.some((x) => x.startsWith('='))).toBe(false);
    const phones: string[] = [];
    cases.eachRow((row, n) => n > 1 && phones.push(String(row.getCell(9).value)));
    expect(phones.every((p) => /^\d{3}\*{4}\d{4}$/.test(p))).toBe(true);
  });

  it('bad periods are refused with the field named', async () => {
    const r = await t.app.inject({ url: '/api/hotline/stats?from=2026-05-01&to=2026-04-01', headers: { cookie: cookies.st_city! } });
    expect(r.json().error.fields[0]).toEqual({ field: 'to', message: '结束日期不能早于开始日期' });
  });
});
