/**
 * Working-time arithmetic of the hotline SLAs (pure: no database). Time is Beijing time (UTC+8,
 * no daylight saving), whatever the server's zone. A day is a working day when it is Monday–Friday
 * and not a public holiday, or when it is an adjusted working day (调休上班) on a weekend. Within a
 * working day only the working periods count (e.g. 08:30–12:00 and 14:00–17:30).
 */
export interface WorkingCalendar {
  /** Minutes after midnight, sorted and non-overlapping. */
  periods: { start: number; end: number }[];
  /** 'YYYY-MM-DD' → holiday (a weekday off) | workday (a weekend day worked). */
  exceptions: Map<string, 'holiday' | 'workday'>;
}

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
const MIN_MS = 60_000;
/** Searching further than this for working time means the calendar has none. */
const MAX_DAYS = 3 * 366;

export function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export function calendarOf(periods: { start: string; end: string }[], days: { day: string; kind: string }[]): WorkingCalendar {
  return {
    periods: periods.map((p) => ({ start: toMinutes(p.start), end: toMinutes(p.end) })).sort((a, b) => a.start - b.start),
    exceptions: new Map(days.map((d) => [d.day, d.kind === 'workday' ? 'workday' : 'holiday'])),
  };
}

/** Beijing calendar date of an instant. */
export function beijingDate(t: Date | number): string {
  return new Date(+t + OFFSET_MS).toISOString().slice(0, 10);
}

/** Epoch ms of Beijing midnight starting the Beijing day that contains `t`. */
function dayStart(t: number): number {
  return Math.floor((t + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
}

export function isWorkingDay(cal: WorkingCalendar, dayStartMs: number): boolean {
  const date = beijingDate(dayStartMs);
  const ex = cal.exceptions.get(date);
  if (ex) return ex === 'workday';
  const dow = new Date(dayStartMs + OFFSET_MS).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** Working minutes between two instants (0 when `to` is not after `from`), rounded down. */
export function workingMinutesBetween(cal: WorkingCalendar, from: Date, to: Date): number {
  const a = +from;
  const b = +to;
  if (b <= a) return 0;
  let ms = 0;
  for (let d = dayStart(a); d < b; d += DAY_MS) {
    if (!isWorkingDay(cal, d)) continue;
    for (const p of cal.periods) {
      const s = Math.max(a, d + p.start * MIN_MS);
      const e = Math.min(b, d + p.end * MIN_MS);
      if (e > s) ms += e - s;
    }
  }
  return Math.floor(ms / MIN_MS);
}

/**
 * The instant at which `minutes` working minutes have passed since `from`. Zero minutes from
 * outside working time gives the start of the next working period (the clock has not started yet).
 */
export function addWorkingMinutes(cal: WorkingCalendar, from: Date, minutes: number): Date {
  const a = +from;
  let left = Math.max(0, minutes) * MIN_MS;
  const first = dayStart(a);
  for (let i = 0, d = first; i < MAX_DAYS; i++, d += DAY_MS) {
    if (!isWorkingDay(cal, d)) continue;
    for (const p of cal.periods) {
      const s = Math.max(a, d + p.start * MIN_MS);
      const e = d + p.end * MIN_MS;
      if (e <= s) continue;
      if (left <= e - s && !(left === 0 && s === e)) return new Date(s + left);
      left -= e - s;
    }
  }
  throw new Error('The working calendar has no working time in the next three years.');
}

export interface ClockInput {
  /** When the clock started (the case was opened). */
  start: Date;
  /** Target in working minutes. */
  targetMinutes: number;
  /** Working minutes the clock was paused before `pausedAt` (or in total when not paused now). */
  pausedMinutes: number;
  /** Set while the clock is paused. */
  pausedAt: Date | null;
  /** Share of the target left at which the clock turns "near" (e.g. 0.25). */
  warnShare: number;
}

/** Due and warning instants of a running clock; null while paused (they move on resume). */
export function dueTimes(cal: WorkingCalendar, c: ClockInput): { dueAt: Date | null; warnAt: Date | null } {
  if (c.pausedAt) return { dueAt: null, warnAt: null };
  return {
    dueAt: addWorkingMinutes(cal, c.start, c.targetMinutes + c.pausedMinutes),
    warnAt: addWorkingMinutes(cal, c.start, Math.floor(c.targetMinutes * (1 - c.warnShare)) + c.pausedMinutes),
  };
}

/** Working minutes a clock has used at `now`, pauses excluded. */
export function usedMinutes(cal: WorkingCalendar, c: Pick<ClockInput, 'start' | 'pausedMinutes' | 'pausedAt'>, now: Date): number {
  const end = c.pausedAt && c.pausedAt < now ? c.pausedAt : now;
  return Math.max(0, workingMinutesBetween(cal, c.start, end) - c.pausedMinutes);
}

export type ClockState = 'ok' | 'near' | 'overdue' | 'paused' | 'met' | 'missed';

/** State of a clock at `now`. A stopped clock (`stoppedUsed` set) is met or missed. */
export function clockState(cal: WorkingCalendar, c: ClockInput, now: Date, stoppedUsed: number | null): { state: ClockState; used: number } {
  if (stoppedUsed !== null) return { state: stoppedUsed <= c.targetMinutes ? 'met' : 'missed', used: stoppedUsed };
  const used = usedMinutes(cal, c, now);
  if (c.pausedAt) return { state: 'paused', used };
  if (used >= c.targetMinutes) return { state: 'overdue', used };
  if (c.targetMinutes - used <= c.targetMinutes * c.warnShare) return { state: 'near', used };
  return { state: 'ok', used };
}
