import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { liaisonAssignments, liaisonContacts, liaisonFollowUps, liaisonInspections, talentHistory, talents, users } from '../db/schema/index.ts';
import type { Env } from '../env.ts';
import { addDays, beijingToday } from '../modules/liaison/due.ts';
import { getOrg } from '../modules/org/org.service.ts';
import { insertUser } from '../modules/users/users.service.ts';
import { DEMO_PASSWORD } from './demo.ts';

/** Further demo leaders besides demo_leader (周领导, 凤鸣区). */
export const DEMO_LIAISON_LEADERS = [
  { username: 'demo_leader2', displayName: '吴领导', county: '凤鸣区', talents: 8, phone: '13900000002' },
  { username: 'demo_leader3', displayName: '郑领导', county: '梧桐县', talents: 10, phone: '13900000003' },
] as const;

const CHANNELS = ['电话', '微信', '短信', '实地走访', '座谈', '邮件'] as const;
const SUMMARIES = ['电话问候，了解工作和家庭近况', '微信交流近期科研进展，邀请回乡考察', '介绍家乡人才政策和产业园区情况', '走访所在单位，座谈返乡创业意向', '参加在外人才座谈会，听取意见建议', '邮件寄送家乡发展简报'];
const PROBLEMS = ['子女回乡入学咨询', '父母就医需要协调', '项目落地用地审批进度', '人才公寓申请', '高层次人才认定材料'];

/**
 * A year of liaison work for the demo (领导联系服务): the demo leaders' assignments date back a
 * year; each talent got a contact every two to four months, a greeting at 春节 for most, some
 * problems raised (half of them solved), and the last few talents of each list were left alone
 * for over a quarter — overdue. Idempotent: does nothing once any contact exists.
 */
export async function seedDemoLiaison(database: Database, env: Env, log: (s: string) => void): Promise<void> {
  const db = database.db;
  if (((await db.select({ n: count() }).from(liaisonContacts))[0]?.n ?? 0) > 0) return;
  const org = await getOrg(db);
  const countyOf = (name: string) => org.counties.find((c) => c.name === name)?.id;
  for (const l of DEMO_LIAISON_LEADERS) {
    const countyId = countyOf(l.county);
    if (!countyId) continue;
    const [exists] = await db.select({ id: users.id }).from(users).where(eq(users.username, l.username));
    if (exists) continue;
    await insertUser(db, env, { username: l.username, displayName: l.displayName, password: DEMO_PASSWORD, isDemo: true, phone: l.phone, roles: [{ role: 'leader', countyId, outpostId: null }] }, { id: null, name: 'demo-seed', ip: null });
  }
  const leaders = await db.select({ id: users.id, username: users.username, name: users.displayName }).from(users).where(inArray(users.username, ['demo_leader', ...DEMO_LIAISON_LEADERS.map((l) => l.username)]));
  const today = beijingToday();
  const yearAgo = new Date(Date.now() - 365 * 86_400_000);
  let contactsN = 0;
  for (const leader of leaders) {
    const spec = DEMO_LIAISON_LEADERS.find((l) => l.username === leader.username);
    if (spec) {
      const countyId = countyOf(spec.county);
      if (!countyId) continue;
      const taken = db.select({ t: liaisonAssignments.talentId }).from(liaisonAssignments).where(eq(liaisonAssignments.active, true));
      const picks = await db
        .select({ id: talents.id })
        .from(talents)
        .where(and(eq(talents.ownerCountyId, countyId), isNull(talents.mergedInto)))
        .orderBy(sql`${talents.tier} asc nulls last`, asc(talents.id))
        .limit(spec.talents + 20);
      const used = new Set((await taken).map((r) => r.t));
      const free = picks.filter((p) => !used.has(p.id)).slice(0, spec.talents);
      if (free.length) await db.insert(liaisonAssignments).values(free.map((p) => ({ talentId: p.id, leaderId: leader.id })));
    }
    await db.update(liaisonAssignments).set({ assignedAt: yearAgo }).where(and(eq(liaisonAssignments.leaderId, leader.id), eq(liaisonAssignments.active, true)));
    const list = await db.select({ id: liaisonAssignments.id, talentId: liaisonAssignments.talentId }).from(liaisonAssignments).where(and(eq(liaisonAssignments.leaderId, leader.id), eq(liaisonAssignments.active, true))).orderBy(asc(liaisonAssignments.talentId));
    for (const [i, a] of list.entries()) {
      // The last two of each list: not contacted for over four months (overdue).
      const stopAt = i >= list.length - 2 ? 130 : 10 + ((i * 17) % 60);
      const dates: string[] = [];
      for (let back = 350 - ((i * 23) % 40); back > stopAt; back -= 60 + ((i * 13) % 50)) dates.push(addDays(today, -back));
      if (i % 3 !== 2) dates.push('2026-02-15'); // 春节 greeting
      for (const [k, d] of [...new Set(dates)].sort().entries()) {
        if (d > today) continue;
        const greeting = d === '2026-02-15';
        const channel = greeting ? '节日慰问' : CHANNELS[(i + k) % CHANNELS.length]!;
        const summary = greeting ? '春节慰问，送上新春祝福' : SUMMARIES[(i + k) % SUMMARIES.length]!;
        const problem = !greeting && (i + k) % 4 === 1 ? PROBLEMS[(i + k) % PROBLEMS.length]! : null;
        const [c] = await db
          .insert(liaisonContacts)
          .values({ assignmentId: a.id, talentId: a.talentId, leaderId: leader.id, channel, contactDate: d, summary, problems: problem, followUpNeeded: !!problem })
          .returning({ id: liaisonContacts.id });
        contactsN++;
        await db.insert(talentHistory).values({ talentId: a.talentId, actorId: leader.id, actorName: leader.name, action: 'liaison_contact', changes: [], note: `领导联系（${channel}，${d}）：${summary}${problem ? `；反映问题：${problem}（需跟进）` : ''}` });
        if (problem) {
          const solved = (i + k) % 8 === 1 && d < addDays(today, -30);
          await db.insert(liaisonFollowUps).values({ contactId: c!.id, talentId: a.talentId, leaderId: leader.id, problem, owner: ['县人社局', '县教育局', '县卫健局', '县住建局'][(i + k) % 4]!, dueDate: addDays(d, 30), status: solved ? 'solved' : 'open', resolution: solved ? '已协调办结，人才表示满意' : null, resolvedAt: solved ? new Date(`${addDays(d, 20)}T10:00:00+08:00`) : null, resolvedBy: solved ? leader.id : null });
        }
      }
    }
  }
  const fengming = countyOf('凤鸣区');
  const leader2 = leaders.find((l) => l.username === 'demo_leader2');
  if (fengming) await db.insert(liaisonInspections).values({ countyId: fengming, leaderId: leader2?.id ?? null, inspectedOn: addDays(today, -20), inspector: '市委人才办督查组', findings: '个别联系对象超过一个季度未联系；台账问题办结情况记录不完整', rectificationDeadline: addDays(today, 10) });
  log(`Leaders' liaison: ${leaders.length} leaders, ${contactsN} contacts over the past year (some overdue), 1 inspection.`);
}
