import { PassThrough } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { talents, users } from '../../../db/schema/index.ts';
import { loadRoleBindings } from '../../../lib/session.ts';
import { makeIdNumber } from '../../../seed/ids.ts';
import { createTestContext, usersOfEveryRole, type TestContext } from '../../../test/harness.ts';
import { EXPORT_BATCH_SIZE, writeTalentExport } from './export.stream.ts';
import { lastAuditId, latestAudit, readXlsx } from './export.test-utils.ts';

let t: TestContext;
let cookies: Record<string, string>;
const ID_ZHANG = makeIdNumber('110105', '1988-03-04', 7, 'male');
const BULK = EXPORT_BATCH_SIZE + 37;

const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: cookies[who]! } });
const exportOf = async (who: string, qs = '') => {
  const res = await get(who, `/api/talents/export${qs}`);
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  return { res, book: await readXlsx(res.rawPayload) };
};

beforeAll(async () => {
  t = await createTestContext();
  cookies = await usersOfEveryRole(t);
  const seed: [string, Record<string, unknown>][] = [
    ['county1', { name: '张专家', ownerCountyId: t.org.county1, idNumber: ID_ZHANG, phones: ['13800138000', '021-62345678'], employer: '华为技术有限公司', category: 'expert', degree: 'doctor', titleLevel: 'senior', tier: 'B', locationCode: '440305', industryCode: 'I65', status: 'abroad', honours: ['国家杰青', '长江学者'], outpostId: t.org.outpost1 }],
    ['county1', { name: '注入', ownerCountyId: t.org.county1, employer: '=HYPERLINK("http://evil.example","点我")', position: '@SUM(A1)', remarks: '-2+3', specialty: '+cmd', category: 'other', locationCountry: 'US' }],
    ['county2', { name: '乙县人', ownerCountyId: t.org.county2, idNumber: makeIdNumber('110105', '1970-01-01', 3, 'female'), phones: ['13900139000'], category: 'expert' }],
  ];
  for (const [who, body] of seed) {
    const res = await t.app.inject({ method: 'POST', url: '/api/talents', headers: { cookie: cookies[who]! }, payload: body });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
  // Enough rows of county1 for more than one batch (written straight to the table: only the count matters).
  await t.database.db.insert(talents).values(
    Array.from({ length: BULK }, (_, i) => ({ name: `批量${i}`, namePinyin: `piliang${i}`, nameInitials: 'pl', ownerCountyId: t.org.county1, category: 'worker', source: 'import' })),
  );
});
afterAll(() => t.close());

describe('GET /api/talents/export — masked', () => {
  it('streams an xlsx with Chinese headers, dictionary labels and names, masked PII — and audits it', async () => {
    const before = await lastAuditId(t);
    const { res, book } = await exportOf('county1', `?q=${encodeURIComponent('张专家')}`);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="talents_\d{8}\.xlsx"; filename\*=UTF-8''/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(book.header.slice(0, 7)).toEqual(['姓名', '性别', '出生日期', '民族', '证件类型', '证件号码', '联系电话']);
    expect(book.rows).toHaveLength(1);
    expect(book.rows[0]).toMatchObject({
      姓名: '张专家', 性别: '男', 出生日期: '1988-03-04', 证件类型: '居民身份证', 证件号码: `110105********${ID_ZHANG.slice(-4)}`,
      联系电话: '138****8000、021****5678', '所属县（市、区）': '甲县', 推荐工作站: '驻深圳工作站', 现居地: '广东省深圳市南山区',
      行业: '软件和信息技术服务业', 最高学历: '博士研究生', 职称级别: '正高级', 人才层级: 'B类（国家级领军人才）', 人才类别: '专家学者',
      荣誉称号: '国家杰青、长江学者', 状态: '在外', 来源: '县区报送', 是否本籍: '是',
    });
    expect(book.text).not.toContain(ID_ZHANG);
    expect(book.text).not.toContain('13800138000');
    expect(book.info).toMatchObject({ 敏感信息: '已脱敏', 记录数: '1', 筛选条件: '关键词：张专家', 导出人: 'u_county1' });
    const audit = await latestAudit(t, 'talent.export', before);
    expect(audit).toMatchObject({ actorName: 'u_county1', outcome: 'success' });
    expect(audit.detail).toMatchObject({ masked: true, rowCount: 1, exportRequestId: null, aborted: false, filter: { q: '张专家' } });
  });

  it('neutralises cells that a spreadsheet could run as a formula', async () => {
    const { book } = await exportOf('county1', `?q=${encodeURIComponent('注入')}`);
    expect(book.rows[0]).toMatchObject({
      工作单位: `'=HYPERLINK("http://evil.example","点我")`, 职务: "'@SUM(A1)", 备注: "'-2+3", 专业领域: "'+cmd", '现居国家（境外）': '美国',
    });
  });

  it('reads past one batch without losing or repeating a row, and applies the list filters', async () => {
    const all = (await exportOf('county1')).book;
    expect(all.rows).toHaveLength(BULK + 2);
    expect(new Set(all.rows.map((r) => r['姓名'])).size).toBe(BULK + 2);
    const experts = (await exportOf('county1', '?category=expert,other')).book;
    expect(experts.rows.map((r) => r['姓名']).sort()).toEqual(['张专家', '注入']);
  });

  it('a county admin never exports another county’s talents, even when filtering for them', async () => {
    const own = (await exportOf('county2')).book;
    expect(own.rows.map((r) => r['姓名'])).toEqual(['乙县人']);
    const other = (await exportOf('county2', `?ownerCountyId=${t.org.county1}`)).book;
    expect(other.rows).toEqual([]);
    const search = (await exportOf('county2', `?q=${ID_ZHANG}`)).book;
    expect(search.rows).toEqual([]);
  });

  it('the city exports every county', async () => {
    const { book } = await exportOf('city', '?category=expert');
    expect(book.rows.map((r) => r['所属县（市、区）']).sort()).toEqual(['乙县', '甲县']);
  });

  it('validates the filters', async () => {
    const res = await get('city', '/api/talents/export?degree=phd');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('degree.0');
  });

  it.each(['outpost', 'hotline', 'leader', 'employer', 'talent', 'sysadmin', 'security', 'auditor'])('%s may not export', async (who) => {
    expect((await get(who, '/api/talents/export')).statusCode).toBe(403);
  });

  it('needs a session', async () => {
    expect((await t.app.inject({ url: '/api/talents/export' })).statusCode).toBe(401);
  });
});

describe('an export the client abandons', () => {
  it('stops reading and still writes its audit event, marked aborted', async () => {
    const [u] = await t.database.db.select().from(users).where(eq(users.username, 'u_city'));
    const ctx = { db: t.database.db, env: t.env, ip: null, requestId: 'test', user: { id: u!.id, username: u!.username, displayName: u!.displayName, isDemo: false, roles: await loadRoleBindings(t.database.db, u!.id) } };
    const out = new PassThrough();
    out.destroy(); // the client went away (Fastify destroys the reply stream then)
    const before = await lastAuditId(t);
    const outcome = await writeTalentExport(ctx, { filter: {}, masked: true, exportRequestId: null }, out);
    expect(outcome).toMatchObject({ completed: false, aborted: true, rowCount: 0 });
    const audit = await latestAudit(t, 'talent.export', before);
    expect(audit).toMatchObject({ outcome: 'failure', actorName: 'u_city' });
    expect(audit.detail).toMatchObject({ aborted: true, masked: true });
  });
});
