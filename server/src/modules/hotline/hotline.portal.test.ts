import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../../contracts/roles.ts';
import { hotlineCases, talents } from '../../db/schema/index.ts';
import type { SessionUser } from '../../lib/context.ts';
import { createTestContext, makeUser, type TestContext } from '../../test/harness.ts';
import { createCase, listCasesForTalent } from './hotline.service.ts';

let t: TestContext;
let talentUser: SessionUser;
let otherUser: SessionUser;
let talentId: string;
let otherTalentId: string;

const sessionUser = (id: string, role: Role, countyId: string | null = null): SessionUser => ({
  id, username: `u${id.slice(0, 4)}`, displayName: 'x', isDemo: false, roles: [{ role, countyId, countyName: null, outpostId: null, outpostName: null }],
});

beforeAll(async () => {
  t = await createTestContext();
  const uid = await makeUser(t, 'portal_talent', [{ role: 'talent' }]);
  const uid2 = await makeUser(t, 'portal_other', [{ role: 'talent' }]);
  talentUser = sessionUser(uid, 'talent');
  otherUser = sessionUser(uid2, 'talent');
  const base = { namePinyin: 'x', nameInitials: 'x', ownerCountyId: t.org.county1, category: 'other', source: 'portal' };
  const [a, b] = await t.database.db
    .insert(talents)
    .values([
      { ...base, name: '网上甲', accountUserId: uid },
      { ...base, name: '网上乙', accountUserId: uid2 },
    ])
    .returning({ id: talents.id });
  talentId = a!.id;
  otherTalentId = b!.id;
});
afterAll(() => t.close());

describe('the portal interface of the hotline (createCase / listCasesForTalent)', () => {
  it('a talent opens a portal case for their own record; it lands on the city queue marked portal', async () => {
    const r = await createCase(t.database.db, { user: talentUser, env: t.env }, { source: 'portal', talentId, category: 'employment', content: '想回乡找工作，有哪些岗位？', contactPref: 'sms' });
    expect(r.number).toMatch(/^RX-\d{4}-000001$/);
    const [row] = await t.database.db.select().from(hotlineCases).where(eq(hotlineCases.id, r.id));
    expect(row).toMatchObject({ source: 'portal', talentId, countyId: null, status: 'new', category: 'employment' });
    expect(row!.firstResponseDueAt).toBeInstanceOf(Date);
  });

  it('a talent cannot open a case for another talent, nor a non-portal case', async () => {
    await expect(createCase(t.database.db, { user: talentUser, env: t.env }, { source: 'portal', talentId: otherTalentId, category: 'policy', content: 'x' })).rejects.toMatchObject({ status: 404 });
    await expect(createCase(t.database.db, { user: talentUser, env: t.env }, { source: 'phone', talentId, category: 'policy', content: 'x' })).rejects.toMatchObject({ status: 403 });
    await expect(createCase(t.database.db, { user: talentUser, env: t.env }, { source: 'portal', talentId, category: 'nope' as never, content: 'x' })).rejects.toThrow();
  });

  it('listCasesForTalent shows status and answer, only of that talent', async () => {
    const mine = await listCasesForTalent(t.database.db, talentId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'new', statusLabel: '新建', answer: null, category: 'employment' });
    expect(await listCasesForTalent(t.database.db, otherTalentId)).toEqual([]);
    await t.database.db.update(hotlineCases).set({ status: 'follow_up', answer: '请关注人社局岗位发布。', answeredAt: new Date() }).where(eq(hotlineCases.talentId, talentId));
    expect((await listCasesForTalent(t.database.db, talentId))[0]).toMatchObject({ statusLabel: '待回访', answer: '请关注人社局岗位发布。' });
    void otherUser;
  });
});
