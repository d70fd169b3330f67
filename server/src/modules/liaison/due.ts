/**
 * Next-due and overdue of a leader's assignment (领导联系服务), pure functions on ISO dates
 * (YYYY-MM-DD, Beijing calendar days).
 *
 * Two rules apply to every active assignment:
 *  - frequency: at least one contact every `intervalMonths` (per tier, default 3 = once a quarter),
 *    counted from the later of the assignment date and the last contact of THIS assignment —
 *    a reassignment starts the new leader's clock afresh (the old leader's contacts don't count);
 *  - festivals (春节, 中秋 and configured ones): one contact (any channel) inside the festival's
 *    window [day - windowBefore, day + windowAfter], for festivals on or after the assignment date.
 *    A window that closes without a contact is a missed festival.
 * `nextDue` is the earlier of the frequency due date and the day of the next festival whose
 * window is still open and not yet met. `overdue` = the frequency due date has passed.
 */
export interface Festival {
  name: string;
  day: string;
  windowBefore: number;
  windowAfter: number;
}

export interface DueInput {
  assignedOn: string;
  /** Contact dates of this assignment (any order). */
  contacts: string[];
  intervalMonths: number;
  festivals: Festival[];
  today: string;
}

export type DueStatus = 'overdue' | 'due' | 'soon' | 'ok';

export interface DueResult {
  lastContact: string | null;
  frequencyDue: string;
  nextDue: string;
  /** What nextDue is for: 'frequency' or the festival's name. */
  reason: string;
  overdue: boolean;
  /** Days from today to nextDue (negative when past). */
  daysLeft: number;
  status: DueStatus;
  missedFestivals: string[];
}

export const DEFAULT_INTERVAL_MONTHS = 3;
export const SOON_DAYS = 7;

/** 春节 and 中秋 (Gregorian dates of the lunar festivals), window a week either side. */
export const BUILTIN_FESTIVALS: Festival[] = [
  { name: '2025年中秋', day: '2025-10-06', windowBefore: 7, windowAfter: 7 },
  { name: '2026年春节', day: '2026-02-17', windowBefore: 7, windowAfter: 7 },
  { name: '2026年中秋', day: '2026-09-25', windowBefore: 7, windowAfter: 7 },
  { name: '2027年春节', day: '2027-02-06', windowBefore: 7, windowAfter: 7 },
  { name: '2027年中秋', day: '2027-09-15', windowBefore: 7, windowAfter: 7 },
  { name: '2028年春节', day: '2028-01-26', windowBefore: 7, windowAfter: 7 },
  { name: '2028年中秋', day: '2028-10-03', windowBefore: 7, windowAfter: 7 },
];

const DAY = 86_400_000;
const toMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(d: string, n: number): string {
  return fromMs(toMs(d) + n * DAY);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toMs(to) - toMs(from)) / DAY);
}

/** Adds calendar months, clamping to the month's last day (2026-01-31 + 1 month = 2026-02-28). */
export function addMonths(d: string, n: number): string {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = total % 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return fromMs(Date.UTC(ny, nm, Math.min(day, last)));
}

/** The interval for a tier: its own rule, else the '*' rule, else once a quarter. */
export function intervalFor(tier: string | null, rules: Map<string, number>): number {
  return (tier ? rules.get(tier) : undefined) ?? rules.get('*') ?? DEFAULT_INTERVAL_MONTHS;
}

export function computeDue(i: DueInput): DueResult {
  const mine = i.contacts.filter((c) => c >= i.assignedOn).sort();
  const lastContact = mine.length > 0 ? mine[mine.length - 1]! : null;
  const frequencyDue = addMonths(lastContact ?? i.assignedOn, i.intervalMonths);
  let nextDue = frequencyDue;
  let reason = 'frequency';
  const missedFestivals: string[] = [];
  for (const f of [...i.festivals].sort((a, b) => (a.day < b.day ? -1 : 1))) {
    if (f.day < i.assignedOn) continue;
    const from = addDays(f.day, -f.windowBefore);
    const to = addDays(f.day, f.windowAfter);
    if (mine.some((c) => c >= from && c <= to)) continue;
    if (to < i.today) {
      missedFestivals.push(f.name);
      continue;
    }
    if (f.day < nextDue) {
      nextDue = f.day;
      reason = f.name;
    }
  }
  const overdue = frequencyDue < i.today;
  const daysLeft = daysBetween(i.today, overdue ? frequencyDue : nextDue);
  if (overdue) {
    nextDue = frequencyDue;
    reason = 'frequency';
  }
  const status: DueStatus = overdue ? 'overdue' : daysLeft <= 0 ? 'due' : daysLeft <= SOON_DAYS ? 'soon' : 'ok';
  return { lastContact, frequencyDue, nextDue, reason, overdue, daysLeft, status, missedFestivals };
}

/** Today's date in Beijing (UTC+8), the calendar the rules are counted in. */
export function beijingToday(now = new Date()): string {
  return fromMs(now.getTime() + 8 * 3600_000);
}

/** Which reminder, if any, an assignment gets today. */
export function reminderKind(d: DueResult): 'week_before' | 'due' | 'overdue' | null {
  if (d.overdue) return 'overdue';
  if (d.daysLeft <= 0) return 'due';
  if (d.daysLeft <= SOON_DAYS) return 'week_before';
  return null;
}
