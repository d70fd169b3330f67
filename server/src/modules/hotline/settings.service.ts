import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm';
import type { CalendarDay, SlaPolicy, WorkHours } from '../../../../contracts/hotline.ts';
import type { Db } from '../../db/client.ts';
import { hotlineCalendarDays, hotlineCases, hotlineSlaPolicies, settings } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { Ctx } from '../../lib/context.ts';
import { invalid } from '../../lib/errors.ts';
import { dueColumns } from './case-sla.ts';
import { BUILTIN_CALENDAR } from './calendar-defaults.ts';
import { CALENDAR_YEARS_KEY, loadSlaContext, loadSlaPolicies, loadWorkHours, savedCalendarYears, WORK_HOURS_KEY } from './sla-config.ts';

export async function getHotlineSettings(ctx: Ctx) {
  const [workHours, policies] = await Promise.all([loadWorkHours(ctx.db), loadSlaPolicies(ctx.db)]);
  return { workHours, policies };
}

/** New targets apply to cases opened (or transferred) from now on; open cases keep theirs. */
export async function putSlaPolicies(ctx: Ctx, policies: SlaPolicy[]) {
  const seen = new Set<string>();
  policies.forEach((p, i) => {
    const k = `${p.category}/${p.level}`;
    if (seen.has(k)) throw invalid(`policies.${i}`, '同一类别和层级只能设置一次');
    seen.add(k);
    if (p.firstResponseMinutes > p.resolutionMinutes) throw invalid(`policies.${i}.firstResponseMinutes`, '首次响应时限不能长于办结时限');
  });
  await ctx.db.transaction(async (tx) => {
    for (const p of policies) {
      await tx
        .insert(hotlineSlaPolicies)
        .values({ ...p, updatedBy: ctx.user.id })
        .onConflictDoUpdate({ target: [hotlineSlaPolicies.category, hotlineSlaPolicies.level], set: { firstResponseMinutes: p.firstResponseMinutes, resolutionMinutes: p.resolutionMinutes, updatedBy: ctx.user.id, updatedAt: new Date() } });
    }
    await appendAudit(tx, { action: 'hotline.sla_policies', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'settings', targetId: 'hotline_sla_policies', detail: { policies } });
  });
  return getHotlineSettings(ctx);
}

/**
 * Due times of every open case follow the working calendar: after the hours or the calendar
 * change they are recomputed (used minutes of stopped clocks stay as they were measured).
 */
export async function recomputeOpenCases(db: Db): Promise<number> {
  const sc = await loadSlaContext(db);
  const open = await db.select().from(hotlineCases).where(inArray(hotlineCases.status, ['new', 'in_progress', 'follow_up']));
  for (let i = 0; i < open.length; i += 200) {
    await db.transaction(async (tx) => {
      for (const r of open.slice(i, i + 200)) await tx.update(hotlineCases).set(dueColumns(sc, r)).where(eq(hotlineCases.id, r.id));
    });
  }
  return open.length;
}

export async function putWorkHours(ctx: Ctx, hours: WorkHours) {
  await ctx.db.transaction(async (tx) => {
    await tx.insert(settings).values({ key: WORK_HOURS_KEY, value: hours }).onConflictDoUpdate({ target: settings.key, set: { value: hours, updatedAt: new Date() } });
    await appendAudit(tx, { action: 'hotline.work_hours', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'settings', targetId: WORK_HOURS_KEY, detail: { ...hours } });
  });
  await recomputeOpenCases(ctx.db);
  return getHotlineSettings(ctx);
}

const bounds = (year: number) => [`${year}-01-01`, `${year}-12-31`] as const;

/** The exceptions of one year: as the city saved them, else the built-in ones. */
export async function getCalendarYear(ctx: Ctx, year: number): Promise<CalendarDay[]> {
  if (!(await savedCalendarYears(ctx.db)).includes(year)) return BUILTIN_CALENDAR.filter((d) => d.day.startsWith(`${year}-`)).map((d) => ({ ...d }));
  const [from, to] = bounds(year);
  const rows = await ctx.db.select().from(hotlineCalendarDays).where(and(gte(hotlineCalendarDays.day, from), lte(hotlineCalendarDays.day, to))).orderBy(asc(hotlineCalendarDays.day));
  return rows.map((r) => ({ day: r.day, kind: r.kind as CalendarDay['kind'], name: r.name }));
}

/** Replaces the holidays and adjusted working days of one year (the State Council's notice). */
export async function putCalendarYear(ctx: Ctx, year: number, days: CalendarDay[]): Promise<CalendarDay[]> {
  const seen = new Set<string>();
  days.forEach((d, i) => {
    if (!d.day.startsWith(`${year}-`)) throw invalid(`days.${i}.day`, `日期须在 ${year} 年内`);
    const dt = new Date(`${d.day}T00:00:00Z`);
    if (Number.isNaN(dt.getTime()) || dt.toISOString().slice(0, 10) !== d.day) throw invalid(`days.${i}.day`, '日期无效');
    if (seen.has(d.day)) throw invalid(`days.${i}.day`, `${d.day} 重复`);
    seen.add(d.day);
    const weekend = dt.getUTCDay() === 0 || dt.getUTCDay() === 6;
    if (d.kind === 'holiday' && weekend) throw invalid(`days.${i}.kind`, `${d.day} 是周末，本来就不上班，无需设为放假`);
    if (d.kind === 'workday' && !weekend) throw invalid(`days.${i}.kind`, `${d.day} 是工作日，调休上班只用于周末`);
  });
  const [from, to] = bounds(year);
  await ctx.db.transaction(async (tx) => {
    await tx.delete(hotlineCalendarDays).where(and(gte(hotlineCalendarDays.day, from), lte(hotlineCalendarDays.day, to)));
    if (days.length) await tx.insert(hotlineCalendarDays).values(days.map((d) => ({ ...d, updatedBy: ctx.user.id })));
    // From now on this year's table rows (even none) replace the built-in days.
    const years = [...new Set([...(await savedCalendarYears(tx)), year])].sort();
    await tx.insert(settings).values({ key: CALENDAR_YEARS_KEY, value: years }).onConflictDoUpdate({ target: settings.key, set: { value: years, updatedAt: new Date() } });
    await appendAudit(tx, { action: 'hotline.calendar', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'settings', targetId: `hotline_calendar_${year}`, detail: { year, days: days.length } });
  });
  await recomputeOpenCases(ctx.db);
  return getCalendarYear(ctx, year);
}
