import { describe, expect, it } from 'vitest';
import { BUILTIN_CALENDAR } from './calendar-defaults.ts';
import { DEFAULT_WORK_HOURS } from './sla-config.ts';
import { addWorkingMinutes, calendarOf, clockState, dueTimes, isWorkingDay, usedMinutes, workingMinutesBetween } from './sla.ts';

/** The built-in calendar (2026 State Council notice; 2027 provisional). */
const seededDays = () => [...BUILTIN_CALENDAR];
const cal = calendarOf(DEFAULT_WORK_HOURS.periods, seededDays());
const plain = calendarOf(DEFAULT_WORK_HOURS.periods, []);
/** Beijing wall-clock time. */
const bj = (s: string) => new Date(`${s}:00+08:00`);
const iso = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('working calendar', () => {
  it('weekdays work, weekends rest, holidays rest and 调休 weekends work', () => {
    expect(isWorkingDay(cal, +bj('2026-03-09T00:00'))).toBe(true); // Monday
    expect(isWorkingDay(cal, +bj('2026-03-07T00:00'))).toBe(false); // Saturday
    expect(isWorkingDay(cal, +bj('2026-10-01T00:00'))).toBe(false); // 国庆节, Thursday
    expect(isWorkingDay(cal, +bj('2026-02-14T00:00'))).toBe(true); // 春节调休, Saturday
    expect(isWorkingDay(cal, +bj('2026-09-20T00:00'))).toBe(true); // 国庆调休, Sunday
    expect(seededDays().filter((d) => d.day.startsWith('2026')).length).toBe(25);
    // Holidays are weekdays, 调休 working days are weekends.
    for (const d of seededDays()) {
      const dow = new Date(`${d.day}T00:00:00Z`).getUTCDay();
      expect(d.kind === 'holiday' ? dow !== 0 && dow !== 6 : dow === 0 || dow === 6, d.day).toBe(true);
    }
  });

  it('counts only working periods: lunch break, evenings, weekends', () => {
    expect(workingMinutesBetween(plain, bj('2026-03-09T08:30'), bj('2026-03-09T17:30'))).toBe(420);
    expect(workingMinutesBetween(plain, bj('2026-03-09T11:30'), bj('2026-03-09T14:30'))).toBe(60);
    expect(workingMinutesBetween(plain, bj('2026-03-06T17:00'), bj('2026-03-09T09:00'))).toBe(60); // Fri → Mon
    expect(workingMinutesBetween(plain, bj('2026-03-07T10:00'), bj('2026-03-08T16:00'))).toBe(0); // all weekend
    expect(workingMinutesBetween(plain, bj('2026-03-09T12:00'), bj('2026-03-09T11:00'))).toBe(0); // reversed
  });
});

describe('due times in working minutes', () => {
  it('across a weekend, the lunch break and before office hours', () => {
    expect(iso(addWorkingMinutes(cal, bj('2026-03-06T17:00'), 60))).toBe('2026-03-09 09:00');
    expect(iso(addWorkingMinutes(cal, bj('2026-03-09T11:30'), 60))).toBe('2026-03-09 14:30');
    expect(iso(addWorkingMinutes(cal, bj('2026-03-09T07:00'), 60))).toBe('2026-03-09 09:30');
    expect(iso(addWorkingMinutes(cal, bj('2026-03-09T20:00'), 30))).toBe('2026-03-10 09:00');
    expect(iso(addWorkingMinutes(cal, bj('2026-03-09T16:30'), 60))).toBe('2026-03-09 17:30'); // ends exactly at closing
  });

  it('across public holidays (国庆节 2026: Oct 1–7 off, Oct 10 Saturday worked)', () => {
    expect(iso(addWorkingMinutes(cal, bj('2026-09-30T17:00'), 60))).toBe('2026-10-08 09:00');
    // Oct 9 (Fri) 17:00 + 60 → the 调休 Saturday Oct 10, not Monday Oct 12.
    expect(iso(addWorkingMinutes(cal, bj('2026-10-09T17:00'), 60))).toBe('2026-10-10 09:00');
    expect(iso(addWorkingMinutes(plain, bj('2026-10-09T17:00'), 60))).toBe('2026-10-12 09:00');
  });

  it('across 春节 2026 with its two 调休 Saturdays (Feb 14 and Feb 28)', () => {
    // Friday Feb 13 16:30, two working days (840 min): Fri 60 + Sat Feb 14 420 + (Feb 15–23 off) Tue Feb 24 360.
    expect(iso(addWorkingMinutes(cal, bj('2026-02-13T16:30'), 840))).toBe('2026-02-24 16:30');
    expect(iso(addWorkingMinutes(cal, bj('2026-02-13T16:30'), 120))).toBe('2026-02-14 09:30');
    expect(workingMinutesBetween(cal, bj('2026-02-13T16:30'), bj('2026-02-24T16:30'))).toBe(840);
    expect(iso(addWorkingMinutes(cal, bj('2026-02-27T17:00'), 60))).toBe('2026-02-28 09:00');
  });

  it('editable hours: a single period 09:00–17:00', () => {
    const c = calendarOf([{ start: '09:00', end: '17:00' }], []);
    expect(iso(addWorkingMinutes(c, bj('2026-03-09T16:00'), 120))).toBe('2026-03-10 10:00');
    expect(workingMinutesBetween(c, bj('2026-03-09T12:00'), bj('2026-03-09T13:00'))).toBe(60);
  });

  it('a calendar without working time is an error, not an endless loop', () => {
    const none = calendarOf([{ start: '09:00', end: '17:00' }], []);
    none.periods = [];
    expect(() => addWorkingMinutes(none, bj('2026-03-09T09:00'), 10)).toThrow(/no working time/);
  });
});

describe('clocks with pauses', () => {
  const start = bj('2026-03-09T08:30'); // Monday
  const clock = { start, targetMinutes: 420, pausedMinutes: 0, pausedAt: null as Date | null, warnShare: 0.25 };

  it('running: ok → near (last quarter) → overdue', () => {
    expect(clockState(cal, clock, bj('2026-03-09T10:00'), null)).toEqual({ state: 'ok', used: 90 });
    expect(clockState(cal, clock, bj('2026-03-09T16:00'), null)).toEqual({ state: 'near', used: 330 });
    expect(clockState(cal, clock, bj('2026-03-10T09:00'), null)).toEqual({ state: 'overdue', used: 450 });
    const d = dueTimes(cal, clock);
    expect(iso(d.dueAt!)).toBe('2026-03-09 17:30');
    expect(iso(d.warnAt!)).toBe('2026-03-09 15:45'); // 315 working minutes in
  });

  it('paused while waiting for the caller: no due time, used minutes frozen; resuming moves the due time by the pause', () => {
    const paused = { ...clock, pausedAt: bj('2026-03-09T10:30') };
    expect(dueTimes(cal, paused)).toEqual({ dueAt: null, warnAt: null });
    expect(clockState(cal, paused, bj('2026-03-10T10:00'), null)).toEqual({ state: 'paused', used: 120 });
    // Resumed Tuesday 10:30: the pause lasted one working day (420 min).
    const p = workingMinutesBetween(cal, bj('2026-03-09T10:30'), bj('2026-03-10T10:30'));
    expect(p).toBe(420);
    const resumed = { ...clock, pausedMinutes: p };
    expect(iso(dueTimes(cal, resumed).dueAt!)).toBe('2026-03-10 17:30');
    expect(usedMinutes(cal, resumed, bj('2026-03-10T11:30'))).toBe(180);
    expect(clockState(cal, resumed, bj('2026-03-10T11:30'), null).state).toBe('ok');
  });

  it('a stopped clock is met or missed by its stored minutes', () => {
    expect(clockState(cal, clock, bj('2027-01-01T00:00'), 420).state).toBe('met');
    expect(clockState(cal, clock, bj('2027-01-01T00:00'), 421).state).toBe('missed');
  });
});
