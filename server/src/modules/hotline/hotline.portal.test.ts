import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotlineCases, portalAccounts, talents } from '../../db/schema/index.ts';
import { createTestContext, makeUser, type TestContext } from '../../test/harness.ts';
import { createCase, listCasesForPortalAccount, listCasesForTalent } from './hotline.service.ts';

let t: TestContext;
let talentId: string;
let otherTalentId: string;
let acc1: string;
let acc2: string;

beforeAll(async () => {
  t = await createTestContext();
  const base = { namePinyin: 'x', nameInitials: 'x', ownerCountyId: t.org.county1, category: 'other', source: 'portal' };
  const [a, b] = await t.database.db.insert(talents).values([{ ...base, name: '网上甲' }, { ...base, name: '网上乙' }]).returning({ id: talents.id });
  talentId = a!.id;
  otherTalentId = b!.id;
  const accs = await t.database.db.insert(portalAccounts).values([{ talentId }, { talentId: null }] as never).returning({ id: portalAccounts.id });
  acc1 = accs[0]!.id;
  acc2 = accs[1]!.id;
});
afterAll(() => t.close());

const portal = (accountId: string, tid: string | null) => ({ accountId, talentId: tid, env: t.env, ip: '127.0.0.1' });

describe('the portal interface of the hotline (createCase / listCasesForTalent)', () => {
  it('a talent opens a portal case for their own record; it lands on the city queue marked portal', async () => {
    const r = await createCase(t.database.db, portal(acc1, talentId), { source: 'portal', category: 'employment', content: '想回乡找工作，有哪些岗位？', contactPref: 'sms', callerPhone: '13800138000' });
    expect(r.number).toMatch(/^RX-\d{4}-000001$/);
    const [row] = await t.database.db.select().from(hotlineCases).where(eq(hotlineCases.id, r.id));
    expect(row).toMatchObject({ source: 'portal', talentId, portalAccountId: acc1, countyId: null, status: 'new', category: 'employment', callerPhoneMasked: '138****8000' });
    expect(row!.callerPhoneEnc).not.toContain('13800138000');
    expect(row!.firstResponseDueAt).toBeInstanceOf(Date);
  });

  it('the portal cannot name another talent, nor open a non-portal case; staff cannot claim the portal source', async () => {
    await expect(createCase(t.database.db, portal(acc1, talentId), { source: 'portal', talentId: otherTalentId, category: 'policy', content: 'x' })).rejects.toMatchObject({ status: 404 });
    await expect(createCase(t.database.db, portal(acc1, talentId), { source: 'phone', category: 'policy', content: 'x' })).rejects.toMatchObject({ status: 400, fields: [{ field: 'source' }] });
    await expect(createCase(t.database.db, portal(acc1, talentId), { source: 'portal', category: 'nope' as never, content: 'x' })).rejects.toMatchObject({ status: 400, fields: [{ field: 'category', message: '请选择诉求类别' }] });
    const uid = await makeUser(t, 'desk_city', [{ role: 'hotline_agent' }]);
    const staff = { user: { id: uid, username: 'desk_city', displayName: 'd', isDemo: false, roles: [{ role: 'hotline_agent' as const, countyId: null, countyName: null, outpostId: null, outpostName: null }] }, env: t.env };
    await expect(createCase(t.database.db, staff, { source: 'portal', category: 'policy', content: 'x' })).rejects.toMatchObject({ status: 400, fields: [{ field: 'source' }] });
  });

  it('an account not yet linked to a talent sees its own request through listCasesForPortalAccount', async () => {
    await createCase(t.database.db, portal(acc2, null), { source: 'portal', category: 'policy', content: '人才公寓怎么申请？' });
    const mine = await listCasesForPortalAccount(t.database.db, acc2, null);
    expect(mine.map((c) => c.content)).toEqual(['人才公寓怎么申请？']);
    expect((await listCasesForPortalAccount(t.database.db, acc1, talentId)).map((c) => c.category)).toEqual(['employment']);
  });

  it('listCasesForTalent shows status and answer, only of that talent', async () => {
    const mine = await listCasesForTalent(t.database.db, talentId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'new', statusLabel: '新建', answer: null, category: 'employment' });
    expect(await listCasesForTalent(t.database.db, otherTalentId)).toEqual([]);
    await t.database.db.update(hotlineCases).set({ status: 'follow_up', answer: '请关注人社局岗位发布。', answeredAt: new Date() }).where(eq(hotlineCases.talentId, talentId));
    expect((await listCasesForTalent(t.database.db, talentId))[0]).toMatchObject({ statusLabel: '待回访', answer: '请关注人社局岗位发布。' });
  });
});
