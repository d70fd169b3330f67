import { and, count, inArray, isNull, sql } from 'drizzle-orm';
import { maskPhone } from '../../../contracts/id-number.ts';
import type { HotlineCategory, HotlineOutcome } from '../../../contracts/hotline.ts';
import type { Database } from '../db/client.ts';
import { hotlineCaseCounters, hotlineCaseEvents, hotlineCases, talents, users } from '../db/schema/index.ts';
import type { Env } from '../env.ts';
import { appendAudit } from '../lib/audit.ts';
import { getPii } from '../lib/pii.ts';
import { dueColumns, type CaseRow } from '../modules/hotline/case-sla.ts';
import { sweepEscalations } from '../modules/hotline/case-queries.ts';
import { DEFAULT_SLA, loadSlaContext } from '../modules/hotline/sla-config.ts';
import { addWorkingMinutes, beijingDate, isWorkingDay, workingMinutesBetween } from '../modules/hotline/sla.ts';
import { getOrg } from '../modules/org/org.service.ts';
import { Rng } from './random.ts';
import { SURNAMES } from './talent-names.ts';

export const DEMO_HOTLINE_CASES = 3000;

const CATEGORY_W: [HotlineCategory, number][] = [['policy', 34], ['employment', 20], ['startup', 14], ['project', 10], ['info', 14], ['other', 8]];
const SOURCE_W: [string, number][] = [['phone', 76], ['portal', 15], ['walk_in', 7], ['letter', 2]];
const OUTCOMES: Record<HotlineCategory, [HotlineOutcome, number][]> = {
  policy: [['consult', 55], ['policy', 45]],
  employment: [['job', 45], ['consult', 40], ['policy', 15]],
  startup: [['investment', 35], ['policy', 35], ['consult', 30]],
  project: [['project', 50], ['investment', 25], ['consult', 25]],
  info: [['info', 90], ['consult', 10]],
  other: [['consult', 80], ['policy', 10], ['info', 10]],
};
const SUBJECTS: Record<HotlineCategory, string[]> = {
  policy: ['咨询返乡创业补贴申请条件', '人才公寓申请流程', '子女入学政策咨询', '高层次人才认定标准', '安家补贴发放时间', '社保转移接续'],
  employment: ['求职：机械工程师岗位', '咨询县内企业招聘信息', '想回乡从事教育工作', '了解事业单位引才计划', '应届毕业生返乡就业'],
  startup: ['返乡开办电商公司', '创业担保贷款咨询', '农产品加工项目选址', '申请入驻创业孵化园', '个体工商户登记'],
  project: ['新材料项目拟回乡落地', '与县经开区对接合作', '院士工作站共建意向', '技术成果转化合作', '投资建设冷链物流中心'],
  info: ['登记在外人才信息', '更新工作单位信息', '商会会员信息登记', '推荐同乡人才', '在外学子信息登记'],
  other: ['建议举办在外人才座谈会', '反映家乡发展建议', '查询活动报名情况', '咨询回乡落户手续'],
};

/**
 * A year of hotline cases for the demo city: more calls on working days and in the weeks around
 * the Spring Festival, most handled within their targets, answered, followed up and closed, a
 * few late, cancelled, still open or waiting for a follow-up. Rows are built with the same SLA
 * arithmetic as the service and inserted in batches (no per-case audit entries: one seed event).
 * Only into an empty queue.
 */
export async function seedDemoHotline(database: Database, env: Env, opts: { count?: number; seed?: number; now?: Date; log: (s: string) => void }): Promise<number> {
  const db = database.db;
  const existing = (await db.select({ n: count() }).from(hotlineCases))[0]?.n ?? 0;
  if (existing > 0) {
    opts.log(`Hotline already holds ${existing} cases; none generated.`);
    return 0;
  }
  const total = opts.count ?? DEMO_HOTLINE_CASES;
  if (total <= 0) return 0;
  const rng = new Rng(opts.seed ?? 20260401);
  const now = opts.now ?? new Date();
  const sc = await loadSlaContext(db);
  const pii = await getPii(db, env);
  const org = await getOrg(db);
  const countyIds = org.counties.filter((c) => c.active).map((c) => c.id);
  const byName = new Map(org.counties.map((c) => [c.name, c.id]));
  const staff = await db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, ['demo_hotline', 'demo_hotline_county', 'demo_county2']));
  const staffId = (u: string) => staff.find((s) => s.username === u)?.id ?? null;
  // Callers who are in the registry: a sample of talents with a phone (decrypted once here).
  const known = await db
    .select({ id: talents.id, name: talents.name, county: talents.ownerCountyId, phones: talents.phonesEnc })
    .from(talents)
    .where(and(isNull(talents.mergedInto), sql`cardinality(${talents.phonesEnc}) > 0`))
    .orderBy(talents.id)
    .limit(900);
  const callers = known.map((k) => ({ ...k, phone: pii.decrypt(k.phones[0]!) }));

  // Day weights over the past year: working days, the Spring Festival season busier.
  const DAY = 86400_000;
  const days: { start: number; w: number }[] = [];
  const today0 = new Date(`${beijingDate(now)}T00:00:00+08:00`).getTime();
  for (let d = today0 - 364 * DAY; d <= today0; d += DAY) {
    const date = beijingDate(d);
    const md = date.slice(5);
    const festive = (md >= '01-10' && md <= '03-05') || (md >= '09-25' && md <= '10-10');
    days.push({ start: d, w: (isWorkingDay(sc.cal, d) ? 1 : 0.12) * (festive ? 1.7 : 1) });
  }
  const dayW = days.map((d) => [d, d.w] as const);

  const rows: (typeof hotlineCases.$inferInsert)[] = [];
  const events: (typeof hotlineCaseEvents.$inferInsert)[] = [];
  const counters = new Map<number, number>();
  const draft: { at: Date; ev: Omit<typeof hotlineCaseEvents.$inferInsert, 'caseId'>[]; row: typeof hotlineCases.$inferInsert }[] = [];
  for (let i = 0; i < total; i++) {
    const day = rng.weighted(dayW);
    const working = isWorkingDay(sc.cal, day.start);
    const source = working ? rng.weighted(SOURCE_W) : 'portal';
    // Calls in office hours, peaking in the morning; portal requests at any hour.
    const minute = source === 'portal' ? rng.int(7 * 60, 23 * 60) : rng.weighted([[rng.int(510, 720), 60], [rng.int(840, 1050), 40]] as const);
    const at = new Date(day.start + minute * 60_000 + rng.int(0, 59) * 1000);
    if (at > now) continue;
    const category = rng.weighted(CATEGORY_W);
    const level = rng.chance(0.42) ? null : rng.weighted(countyIds.map((c, k) => [c, k === 0 ? 4 : k === 2 ? 3 : 2] as const));
    const caller = rng.chance(0.45) && callers.length ? rng.pick(callers) : null;
    const phone = caller?.phone ?? `1${rng.pick(['38', '39', '58', '59', '86', '87', '35', '36', '77'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
    const callerName = caller?.name ?? `${rng.weighted(SURNAMES)}${rng.pick(['先生', '女士'])}`;
    const [frT, resT] = DEFAULT_SLA[category][level ? 'county' : 'city'];
    const subject = rng.pick(SUBJECTS[category]);
    const assignee = level === null ? staffId('demo_hotline') : level === byName.get('凤鸣区') ? staffId('demo_hotline_county') : level === byName.get('梧桐县') ? staffId('demo_county2') : null;
    const row: typeof hotlineCases.$inferInsert & CaseRow = {
      ...({} as CaseRow),
      number: '', source, callerName, callerPhoneEnc: pii.encrypt(phone), callerPhoneHash: pii.blindIndex('phone', phone), callerPhoneMasked: maskPhone(phone),
      talentId: caller && (level === null || level === caller.county) ? caller.id : null, portalAccountId: null, category, countyId: level, assigneeId: assignee,
      status: 'new', waitingCaller: false, subject, content: `${subject}。来电人${callerName}，请协助办理。`, contactPref: source === 'portal' ? 'sms' : 'phone', contactNote: null,
      answer: null, answeredAt: null, slaFirstResponseMinutes: frT, slaResolutionMinutes: resT, pausedMinutes: 0, pausedAt: null,
      firstRespondedAt: null, firstResponseUsedMinutes: null, resolutionUsedMinutes: null, firstResponseMet: null, resolutionMet: null, escalatedAt: null,
      outcome: null, outcomeNote: null, projectId: null, closedAt: null, closedBy: null, satisfaction: null, followUpNote: null, followedUpAt: null, reopenCount: 0,
      createdBy: assignee, createdAt: at, updatedAt: at, version: 1,
    };
    const ev: Omit<typeof hotlineCaseEvents.$inferInsert, 'caseId'>[] = [{ at, actorId: assignee, actorName: 'demo-seed', action: 'create', toStatus: 'new' }];
    const elapsed = workingMinutesBetween(sc.cal, at, now);
    // First response: most within minutes, some late. A few cases get stuck in progress (overdue).
    const fr = rng.weighted([[rng.int(3, 40), 72], [rng.int(40, frT), 18], [rng.int(frT, frT * 5), 10]] as const);
    if (fr < elapsed) {
      const t1 = addWorkingMinutes(sc.cal, at, fr);
      Object.assign(row, { status: 'in_progress', firstRespondedAt: t1, firstResponseUsedMinutes: fr, firstResponseMet: fr <= frT });
      ev.push({ at: t1, actorId: assignee, actorName: 'demo-seed', action: 'accept', fromStatus: 'new', toStatus: 'in_progress' });
      const res = Math.max(fr + 5, Math.round(resT * (0.05 + rng.next() ** 1.6 * 1.25)));
      if (rng.chance(0.02)) {
        Object.assign(row, { status: 'cancelled', pausedAt: t1 });
        ev.push({ at: t1, actorId: assignee, actorName: 'demo-seed', action: 'cancel', fromStatus: 'in_progress', toStatus: 'cancelled', note: '重复来电，已合并处理' });
      } else if (res < elapsed && !rng.chance(0.015)) {
        const t2 = addWorkingMinutes(sc.cal, at, res);
        const outcome = rng.weighted(OUTCOMES[category]);
        Object.assign(row, { answer: `已答复：${subject}的办理渠道和所需材料已告知来电人。`, answeredAt: t2 });
        ev.push({ at: t2, actorId: assignee, actorName: 'demo-seed', action: 'answer', fromStatus: 'in_progress', toStatus: 'follow_up' });
        const fuDelay = rng.int(60, 2400);
        const t3 = addWorkingMinutes(sc.cal, t2, fuDelay);
        if (t3 < now && rng.chance(0.93)) {
          const sat = rng.weighted([[5, 55], [4, 30], [3, 10], [2, 3], [1, 2]] as const);
          Object.assign(row, {
            status: 'closed', outcome, closedAt: t3, closedBy: assignee, satisfaction: sat, followUpNote: sat >= 4 ? '来电人表示满意' : '来电人认为办理偏慢', followedUpAt: t3,
            resolutionUsedMinutes: res, resolutionMet: res <= resT, pausedMinutes: workingMinutesBetween(sc.cal, t2, t3),
          });
          ev.push({ at: t3, actorId: assignee, actorName: 'demo-seed', action: 'follow_up', fromStatus: 'follow_up', toStatus: 'closed', note: `满意度 ${sat} 分`, detail: { satisfaction: sat, resolved: true } });
        } else {
          Object.assign(row, { status: 'follow_up', pausedAt: t2 });
        }
      }
    }
    draft.push({ at, ev, row });
  }
  draft.sort((a, b) => +a.at - +b.at);
  for (const d of draft) {
    const year = Number(beijingDate(d.at).slice(0, 4));
    const n = (counters.get(year) ?? 0) + 1;
    counters.set(year, n);
    d.row.number = `RX-${year}-${String(n).padStart(6, '0')}`;
    rows.push({ ...d.row, ...dueColumns(sc, d.row as CaseRow) });
  }
  for (let i = 0; i < rows.length; i += 500) {
    const ids = await db.insert(hotlineCases).values(rows.slice(i, i + 500)).returning({ id: hotlineCases.id, number: hotlineCases.number });
    const byNumber = new Map(ids.map((r) => [r.number, r.id]));
    for (const d of draft.slice(i, i + 500)) for (const e of d.ev) events.push({ ...e, caseId: byNumber.get(d.row.number!)! });
  }
  for (let i = 0; i < events.length; i += 1000) await db.insert(hotlineCaseEvents).values(events.slice(i, i + 1000));
  for (const [year, last] of counters) await db.insert(hotlineCaseCounters).values({ year, last }).onConflictDoUpdate({ target: hotlineCaseCounters.year, set: { last } });
  const escalated = await sweepEscalations(db, now);
  await appendAudit(db, { action: 'hotline.demo_seed', actorName: 'demo-seed', targetType: 'hotline_case', detail: { cases: rows.length } });
  opts.log(`Hotline: ${rows.length} demo cases over the past year (${escalated} open past their targets, escalated).`);
  return rows.length;
}
