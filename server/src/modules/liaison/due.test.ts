import { describe, expect, it } from 'vitest';
import { addMonths, beijingToday, computeDue, intervalFor, reminderKind, type Festival } from './due.ts';

const none: Festival[] = [];
const spring: Festival = { name: '春节', day: '2026-02-17', windowBefore: 7, windowAfter: 7 };
const autumn: Festival = { name: '中秋', day: '2026-09-25', windowBefore: 3, windowAfter: 3 };

describe('addMonths', () => {
  it('adds months and clamps to the last day', () => {
    expect(addMonths('2026-01-15', 3)).toBe('2026-04-15');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-12-01', 12)).toBe('2027-12-01');
  });
});

describe('frequency', () => {
  it('default once a quarter counted from the assignment when never contacted', () => {
    const d = computeDue({ assignedOn: '2026-01-10', contacts: [], intervalMonths: 3, festivals: none, today: '2026-02-01' });
    expect(d).toMatchObject({ lastContact: null, frequencyDue: '2026-04-10', nextDue: '2026-04-10', overdue: false, status: 'ok', reason: 'frequency' });
  });
  it('counts from the last contact', () => {
    const d = computeDue({ assignedOn: '2026-01-10', contacts: ['2026-03-01', '2026-02-01'], intervalMonths: 3, festivals: none, today: '2026-03-02' });
    expect(d.lastContact).toBe('2026-03-01');
    expect(d.frequencyDue).toBe('2026-06-01');
  });
  it('per tier interval: a monthly tier is due sooner', () => {
    const rules = new Map([['A', 1], ['*', 6]]);
    expect(intervalFor('A', rules)).toBe(1);
    expect(intervalFor('C', rules)).toBe(6);
    expect(intervalFor(null, rules)).toBe(6);
    expect(intervalFor('A', new Map())).toBe(3);
    const d = computeDue({ assignedOn: '2026-01-10', contacts: ['2026-02-01'], intervalMonths: intervalFor('A', rules), festivals: none, today: '2026-02-20' });
    expect(d.frequencyDue).toBe('2026-03-01');
  });
  it('overdue the day after the due date, not on it', () => {
    const base = { assignedOn: '2026-01-10', contacts: [], intervalMonths: 3, festivals: none };
    expect(computeDue({ ...base, today: '2026-04-10' })).toMatchObject({ overdue: false, status: 'due', daysLeft: 0 });
    expect(computeDue({ ...base, today: '2026-04-11' })).toMatchObject({ overdue: true, status: 'overdue', daysLeft: -1 });
    expect(computeDue({ ...base, today: '2026-04-03' })).toMatchObject({ status: 'soon', daysLeft: 7 });
    expect(computeDue({ ...base, today: '2026-04-02' })).toMatchObject({ status: 'ok', daysLeft: 8 });
  });
});

describe('festivals', () => {
  it('the next festival comes before the frequency date', () => {
    const d = computeDue({ assignedOn: '2026-01-05', contacts: [], intervalMonths: 3, festivals: [spring], today: '2026-02-01' });
    expect(d).toMatchObject({ nextDue: '2026-02-17', reason: '春节', overdue: false, frequencyDue: '2026-04-05' });
  });
  it('a contact inside the window meets the festival', () => {
    const d = computeDue({ assignedOn: '2026-01-05', contacts: ['2026-02-11'], intervalMonths: 3, festivals: [spring], today: '2026-02-12' });
    expect(d).toMatchObject({ nextDue: '2026-05-11', reason: 'frequency' });
  });
  it('a contact just outside the window does not', () => {
    const d = computeDue({ assignedOn: '2026-01-05', contacts: ['2026-02-09'], intervalMonths: 3, festivals: [spring], today: '2026-02-12' });
    expect(d).toMatchObject({ nextDue: '2026-02-17', reason: '春节' });
  });
  it('a window that closed without a contact is missed (not next due)', () => {
    const d = computeDue({ assignedOn: '2026-01-05', contacts: ['2026-03-01'], intervalMonths: 3, festivals: [spring, autumn], today: '2026-03-02' });
    expect(d.missedFestivals).toEqual(['春节']);
    expect(d).toMatchObject({ nextDue: '2026-06-01', overdue: false });
  });
  it('on the festival day, inside an open window, status is due', () => {
    const d = computeDue({ assignedOn: '2026-08-01', contacts: ['2026-08-02'], intervalMonths: 3, festivals: [autumn], today: '2026-09-26' });
    expect(d).toMatchObject({ nextDue: '2026-09-25', reason: '中秋', status: 'due', daysLeft: -1, overdue: false });
  });
  it('festivals before the assignment do not count', () => {
    const d = computeDue({ assignedOn: '2026-03-01', contacts: [], intervalMonths: 3, festivals: [spring], today: '2026-03-02' });
    expect(d.missedFestivals).toEqual([]);
  });
});

describe('reassignment', () => {
  it('starts the new leader afresh: earlier contacts (of the old assignment) are ignored', () => {
    // Old leader last called 2025-10-01 (overdue since 2026-01-01); reassigned 2026-02-20.
    const d = computeDue({ assignedOn: '2026-02-20', contacts: ['2025-10-01'], intervalMonths: 3, festivals: [spring], today: '2026-03-01' });
    expect(d).toMatchObject({ lastContact: null, frequencyDue: '2026-05-20', overdue: false, missedFestivals: [] });
  });
});

describe('reminders', () => {
  it('week before, on due, overdue', () => {
    const base = { assignedOn: '2026-01-10', contacts: [], intervalMonths: 3, festivals: none };
    expect(reminderKind(computeDue({ ...base, today: '2026-04-02' }))).toBeNull();
    expect(reminderKind(computeDue({ ...base, today: '2026-04-03' }))).toBe('week_before');
    expect(reminderKind(computeDue({ ...base, today: '2026-04-10' }))).toBe('due');
    expect(reminderKind(computeDue({ ...base, today: '2026-05-10' }))).toBe('overdue');
  });
  it('Beijing date', () => {
    expect(beijingToday(new Date('2026-11-26T17:00:00Z'))).toBe('2026-11-27');
  });
});
