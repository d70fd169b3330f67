import { eq } from 'drizzle-orm';
import type { HotlineCategory, SlaPolicy, WorkHours } from '../../../../contracts/hotline.ts';
import { HOTLINE_CATEGORIES } from '../../../../contracts/hotline.ts';
import type { Db } from '../../db/client.ts';
import { hotlineCalendarDays, hotlineSlaPolicies, settings } from '../../db/schema/index.ts';
import { BUILTIN_CALENDAR } from './calendar-defaults.ts';
import { calendarOf, type WorkingCalendar } from './sla.ts';

/** The settings row holding the hotline's working hours and the "near due" share. */
export const WORK_HOURS_KEY = 'hotline_work_hours';

export const DEFAULT_WORK_HOURS: WorkHours = {
  periods: [
    { start: '08:30', end: '12:00' },
    { start: '14:00', end: '17:30' },
  ],
  warnShare: 0.25,
};

const DAY = 7 * 60; // one working day of the default hours, in minutes

/**
 * Default targets in working minutes (the policy table overrides them per category × level):
 * "第一时间处理" — the city answers within one working hour, a county within two; resolution from
 * one working day (a policy question) to ten (matching a project).
 */
export const DEFAULT_SLA: Record<HotlineCategory, { city: [number, number]; county: [number, number] }> = {
  policy: { city: [60, 2 * DAY], county: [120, 3 * DAY] },
  project: { city: [60, 10 * DAY], county: [120, 10 * DAY] },
  startup: { city: [60, 5 * DAY], county: [120, 5 * DAY] },
  employment: { city: [60, 5 * DAY], county: [120, 5 * DAY] },
  info: { city: [120, 3 * DAY], county: [240, 3 * DAY] },
  other: { city: [60, 3 * DAY], county: [120, 3 * DAY] },
};

export async function loadWorkHours(db: Db): Promise<WorkHours> {
  const [row] = await db.select().from(settings).where(eq(settings.key, WORK_HOURS_KEY));
  return { ...DEFAULT_WORK_HOURS, ...((row?.value as Partial<WorkHours> | undefined) ?? {}) };
}

/** Every policy, defaults filled in for pairs the table does not hold. */
export async function loadSlaPolicies(db: Db): Promise<SlaPolicy[]> {
  const rows = await db.select().from(hotlineSlaPolicies);
  const out: SlaPolicy[] = [];
  for (const category of Object.keys(HOTLINE_CATEGORIES) as HotlineCategory[]) {
    for (const level of ['city', 'county'] as const) {
      const r = rows.find((x) => x.category === category && x.level === level);
      const [fr, res] = DEFAULT_SLA[category][level];
      out.push({ category, level, firstResponseMinutes: r?.firstResponseMinutes ?? fr, resolutionMinutes: r?.resolutionMinutes ?? res });
    }
  }
  return out;
}

export async function policyFor(db: Db, category: HotlineCategory, countyId: string | null): Promise<SlaPolicy> {
  const level = countyId ? 'county' : 'city';
  return (await loadSlaPolicies(db)).find((p) => p.category === category && p.level === level)!;
}

export interface SlaContext {
  cal: WorkingCalendar;
  warnShare: number;
}

/** The settings row listing the years whose calendar the city saved (their table rows replace the built-in days). */
export const CALENDAR_YEARS_KEY = 'hotline_calendar_years';

export async function savedCalendarYears(db: Db): Promise<number[]> {
  const [row] = await db.select().from(settings).where(eq(settings.key, CALENDAR_YEARS_KEY));
  return (row?.value as number[] | undefined) ?? [];
}

/**
 * Every exception day in force: the table's rows for the years the city saved, the built-in days
 * (calendar-defaults.ts) for the others. Nothing is seeded into the database, so a fresh install
 * stays empty (restore needs that) and still knows the holidays.
 */
export async function loadCalendarDays(db: Db): Promise<{ day: string; kind: string; name: string }[]> {
  const [years, rows] = await Promise.all([savedCalendarYears(db), db.select({ day: hotlineCalendarDays.day, kind: hotlineCalendarDays.kind, name: hotlineCalendarDays.name }).from(hotlineCalendarDays)]);
  const saved = new Set(years);
  const year = (d: string) => Number(d.slice(0, 4));
  return [...BUILTIN_CALENDAR.filter((d) => !saved.has(year(d.day))), ...rows.filter((r) => saved.has(year(r.day)))];
}

/** The calendar with every exception day (a few dozen a year) and the working hours. */
export async function loadSlaContext(db: Db): Promise<SlaContext> {
  const [hours, days] = await Promise.all([loadWorkHours(db), loadCalendarDays(db)]);
  return { cal: calendarOf(hours.periods, days), warnShare: hours.warnShare };
}
