import { describe, expect, it } from 'vitest';
import { canReview, canSubmit, daysLeft, deadlineInfo } from './deadline.ts';

describe('信息统计 deadlines', () => {
  it('counts whole days, across months and years', () => {
    expect(daysLeft('2026-12-10', '2026-11-26')).toBe(14);
    expect(daysLeft('2027-01-02', '2026-12-30')).toBe(3);
    expect(daysLeft('2026-11-20', '2026-11-26')).toBe(-6);
  });

  it('the deadline day is still in time; the day after is overdue', () => {
    expect(deadlineInfo('2026-11-26', '2026-11-26')).toEqual({ overdue: false, text: '今天截止', color: 'orange' });
    expect(deadlineInfo('2026-11-25', '2026-11-26')).toMatchObject({ overdue: true, text: '已逾期 1 天', color: 'red' });
    expect(deadlineInfo('2026-11-29', '2026-11-26')).toMatchObject({ text: '还剩 3 天', color: 'orange' });
    expect(deadlineInfo('2026-12-26', '2026-11-26')).toMatchObject({ text: '还剩 30 天', color: 'blue' });
    expect(deadlineInfo('2026-11-01', '2026-11-26', true)).toMatchObject({ overdue: false, text: '已结束' });
  });

  it('lets a county submit again after a return, and the city review only what waits for it', () => {
    expect(canSubmit({ status: 'pending' }, true)).toBe(true);
    expect(canSubmit({ status: 'returned' }, true)).toBe(true);
    expect(canSubmit({ status: 'submitted' }, true)).toBe(false);
    expect(canSubmit({ status: 'accepted' }, true)).toBe(false);
    expect(canSubmit({ status: 'pending' }, false)).toBe(false);
    expect(canReview({ status: 'submitted' }, true)).toBe(true);
    expect(canReview({ status: 'returned' }, true)).toBe(false);
    expect(canReview({ status: 'submitted' }, false)).toBe(false);
  });
});
