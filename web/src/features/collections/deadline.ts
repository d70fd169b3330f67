import type { Submission } from './api.ts';

/** Deadlines and statuses of 信息统计 in words. Pure: dates are YYYY-MM-DD, today passed in. */

const dayNumber = (d: string) => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, day) / 86_400_000);
};

/** Days from today to the deadline (the deadline day itself still counts as in time). */
export function daysLeft(deadline: string, today: string): number {
  return dayNumber(deadline) - dayNumber(today);
}

export interface DeadlineInfo {
  overdue: boolean;
  /** 还剩 3 天 / 今天截止 / 已逾期 2 天 / 已结束 */
  text: string;
  color: string;
}

export function deadlineInfo(deadline: string, today: string, closed = false): DeadlineInfo {
  if (closed) return { overdue: false, text: '已结束', color: 'default' };
  const d = daysLeft(deadline, today);
  if (d < 0) return { overdue: true, text: `已逾期 ${-d} 天`, color: 'red' };
  if (d === 0) return { overdue: false, text: '今天截止', color: 'orange' };
  return { overdue: false, text: `还剩 ${d} 天`, color: d <= 3 ? 'orange' : 'blue' };
}

export const SUBMISSION_COLORS: Record<Submission['status'], string> = { pending: 'default', submitted: 'processing', accepted: 'success', returned: 'warning' };

/** A county may (re)submit while the campaign is open and its submission is not with the city. */
export const canSubmit = (s: Pick<Submission, 'status'>, open: boolean) => open && (s.status === 'pending' || s.status === 'returned');

/** The city may review a submission that is waiting for it. */
export const canReview = (s: Pick<Submission, 'status'>, open: boolean) => open && s.status === 'submitted';
