import { describe, expect, it } from 'vitest';
import type { HotlineCase } from './api.ts';
import { bjTime, urgency, workingTime } from './labels.tsx';

describe('hotline labels', () => {
  it('shows instants in Beijing time whatever the browser zone', () => {
    expect(bjTime('2026-02-13T08:30:00.000Z')).toBe('2026-02-13 16:30');
    expect(bjTime('2026-02-13T20:00:00.000Z', 'short')).toBe('02-14 04:00');
    expect(bjTime(null)).toBe('—');
  });
  it('writes working minutes as hours and minutes', () => {
    expect(workingTime(45)).toBe('45 分钟');
    expect(workingTime(120)).toBe('2 小时');
    expect(workingTime(135)).toBe('2 小时 15 分');
  });
  it('tints a row by its most urgent running clock', () => {
    const clock = (state: string) => ({ state, dueAt: null, targetMinutes: 60, usedMinutes: 0 });
    const c = (a: string, b: string) => ({ firstResponse: clock(a), resolution: clock(b) }) as unknown as HotlineCase;
    expect(urgency(c('met', 'overdue'))).toBe('overdue');
    expect(urgency(c('near', 'ok'))).toBe('near');
    expect(urgency(c('missed', 'paused'))).toBeNull();
  });
});
