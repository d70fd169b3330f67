import { eq } from 'drizzle-orm';
import { maskPhone } from '../../../contracts/id-number.ts';
import type { Database } from '../db/client.ts';
import { announcements, chamberMembers, chambers, outposts, portalAccounts, portalConsents, portalRegistrations } from '../db/schema/index.ts';
import type { Env } from '../env.ts';
import { hashPassword } from '../lib/crypto.ts';
import { getPii } from '../lib/pii.ts';
import { getOrg } from '../modules/org/org.service.ts';
import { NOTICE_VERSION } from '../modules/portal/notice.ts';
import { matchRegistration, sealProfile } from '../modules/portal/profile-data.ts';
import { insertTalentRecord } from '../modules/talents/talents.service.ts';
import { DEMO_PASSWORD } from './demo.ts';

/**
 * Demo content of the portal (一家人云服务平台): chambers of commerce (three host the demo
 * outposts), a few published announcements and a draft, and two demo portal accounts (README):
 * 13800000000 is linked to its record in 凤鸣区, 13800000001 has a registration waiting for 凤鸣区.
 * Idempotent: what exists is kept.
 */
export const DEMO_PORTAL_ACCOUNTS = { linked: '13800000000', pending: '13800000001' } as const;

const CHAMBERS = [
  { name: '深圳凤城商会', divisionCode: '440300', outpost: '驻深圳人才工作站', contact: '秘书处 0755-2xxxxxxx' },
  { name: '上海凤城商会', divisionCode: '310100', outpost: '驻上海人才工作站', contact: '秘书处 021-5xxxxxxx' },
  { name: '北京凤城企业家联合会', divisionCode: '110100', outpost: '驻北京人才工作站', contact: null },
  { name: '广州凤城商会', divisionCode: '440100', outpost: null, contact: null },
  { name: '杭州凤城商会', divisionCode: '330100', outpost: null, contact: null },
];

const ANNOUNCEMENTS = [
  {
    category: 'policy',
    title: '凤城市“凤归”人才新政十条解读',
    summary: '安家补贴、创业扶持、子女入学等十项举措一图读懂。',
    body: '为吸引在外乡贤返乡创业就业，市委人才办会同有关部门制定了“凤归”人才新政十条。\n\n一、博士研究生来凤工作，给予安家补贴；硕士、本科毕业生按层级给予生活补贴。\n二、返乡创办企业的，可申请创业担保贷款并享受财政贴息。\n三、高层次人才子女入学按规定统筹安排。\n\n具体标准以正式文件为准，咨询请在“我要求助”中提交，或拨打返乡热线。',
  },
  {
    category: 'job',
    title: '2026年凤城市事业单位公开引进高层次人才公告',
    summary: '面向海内外引进博士、硕士研究生，报名截止 3 月 31 日。',
    body: '根据工作需要，凤城市所属事业单位面向海内外公开引进高层次人才。\n\n引进对象：全日制博士研究生，以及部分紧缺专业的硕士研究生。\n报名方式：登录本平台填写个人登记信息后，在“我要求助”中选择“求职就业”提交意向岗位。\n\n岗位表及具体条件见附件（以市人社局发布为准）。',
  },
  {
    category: 'event',
    title: '“家乡一家人”深圳乡贤座谈会报名开启',
    summary: '驻深圳人才工作站联合深圳凤城商会举办，欢迎在深乡贤报名参加。',
    body: '时间：2026 年 4 月（具体日期另行通知）\n地点：深圳市南山区（深圳凤城商会）\n内容：家乡发展情况介绍、项目对接、人才政策宣讲。\n\n报名：请在本平台完善个人登记信息，并在“我要求助”中选择“其他”注明参加座谈会。',
  },
];

export async function seedDemoPortal(database: Database, env: Env, opts: { log: (s: string) => void }): Promise<void> {
  const db = database.db;
  const log = opts.log;
  const ops = await db.select().from(outposts);
  for (const [i, c] of CHAMBERS.entries()) {
    const outpostId = c.outpost ? (ops.find((o) => o.name === c.outpost)?.id ?? null) : null;
    await db.insert(chambers).values({ name: c.name, divisionCode: c.divisionCode, outpostId, contact: c.contact, sortOrder: i }).onConflictDoNothing({ target: chambers.name });
  }
  if ((await db.select({ id: announcements.id }).from(announcements).limit(1)).length === 0) {
    const day = 86400_000;
    await db.insert(announcements).values(ANNOUNCEMENTS.map((a, i) => ({ ...a, status: 'published', publishedAt: new Date(Date.now() - (i + 1) * 3 * day) })));
    await db.insert(announcements).values({ category: 'news', title: '（草稿）一季度乡贤回访工作简报', body: '草稿，尚未发布。' });
  }
  const org = await getOrg(db);
  const fengming = org.counties.find((c) => c.name === '凤鸣区')?.id;
  if (!fengming) return log('Portal demo: 凤鸣区 not found, no demo portal accounts.');
  const pii = await getPii(db, env);
  const passwordHash = await hashPassword(DEMO_PASSWORD, env.PASSWORD_KDF_ITERATIONS);
  const [shenzhen] = await db.select().from(chambers).where(eq(chambers.name, '深圳凤城商会'));
  const account = async (phone: string) => {
    const hash = pii.blindIndex('phone', phone);
    const [found] = await db.select().from(portalAccounts).where(eq(portalAccounts.phoneHash, hash));
    if (found) return null;
    const [a] = await db.insert(portalAccounts).values({ phoneEnc: pii.encrypt(phone), phoneHash: hash, phoneMasked: maskPhone(phone), passwordHash, isDemo: true }).returning();
    await db.insert(portalConsents).values(['personal', 'sensitive'].map((kind) => ({ accountId: a!.id, kind, action: 'grant', noticeVersion: NOTICE_VERSION })));
    return a!;
  };
  const linked = await account(DEMO_PORTAL_ACCOUNTS.linked);
  if (linked) {
    const rec = await insertTalentRecord(db, env, { id: null, name: 'demo-seed', ip: null }, {
      name: '林凤仪', gender: 'female', birthDate: '1989-06-18', nativeCountyId: fengming, ownerCountyId: fengming, phones: [DEMO_PORTAL_ACCOUNTS.linked],
      employer: '深圳迈瑞生物医疗电子股份有限公司', position: '研发经理', degree: 'master', school: '华中科技大学', category: 'chamber',
      locationCode: '440305', source: 'portal', tags: ['本人登记'], isNative: true, status: 'abroad', industryCode: 'C35',
    }, { note: '演示数据：本人通过一家人云服务平台登记' });
    await db.update(portalAccounts).set({ talentId: rec.id }).where(eq(portalAccounts.id, linked.id));
    if (shenzhen) await db.insert(chamberMembers).values({ talentId: rec.id, chamberId: shenzhen.id, source: 'portal' }).onConflictDoNothing();
  }
  const pending = await account(DEMO_PORTAL_ACCOUNTS.pending);
  if (pending) {
    const fields = { name: '赵启航', gender: 'male' as const, birthDate: '1995-02-11', nativeCountyId: fengming, phones: [DEMO_PORTAL_ACCOUNTS.pending], employer: '上海华虹宏力半导体制造有限公司', position: '工艺工程师', degree: 'bachelor' as const, school: '复旦大学', category: 'youth' as const, locationCode: '310115' };
    const m = await matchRegistration(db, pii, fields);
    await db.insert(portalRegistrations).values({ accountId: pending.id, kind: m.kind, countyId: m.countyId, matchTalentId: m.matchTalentId, matchReasons: m.reasons, candidateIds: m.candidateIds, data: sealProfile(pii, fields) });
  }
  log(`Portal demo: ${CHAMBERS.length} chambers, announcements, demo portal accounts ${DEMO_PORTAL_ACCOUNTS.linked} (linked) and ${DEMO_PORTAL_ACCOUNTS.pending} (pending in 凤鸣区), password ${DEMO_PASSWORD}.`);
}
