import type { z } from 'zod';
import type { SlaInfoSchema } from '../../../../contracts/hotline.ts';
import type { hotlineCases } from '../../db/schema/index.ts';
import type { SlaContext } from './sla-config.ts';
import { clockState, dueTimes, usedMinutes, workingMinutesBetween } from './sla.ts';

export type CaseRow = typeof hotlineCases.$inferSelect;
type SlaFields = Pick<
  CaseRow,
  | 'createdAt' | 'slaFirstResponseMinutes' | 'slaResolutionMinutes' | 'pausedMinutes' | 'pausedAt' | 'firstRespondedAt'
  | 'firstResponseUsedMinutes' | 'resolutionUsedMinutes'
>;

/**
 * The stored due/warning instants of both clocks after any change of targets or pauses. The first
 * response clock stops at the first response; the resolution clock at closing.
 */
export function dueColumns(sc: SlaContext, c: SlaFields) {
  const fr = c.firstRespondedAt
    ? { dueAt: null, warnAt: null }
    : dueTimes(sc.cal, { start: c.createdAt, targetMinutes: c.slaFirstResponseMinutes, pausedMinutes: c.pausedMinutes, pausedAt: c.pausedAt, warnShare: sc.warnShare });
  const res = c.resolutionUsedMinutes !== null
    ? { dueAt: null, warnAt: null }
    : dueTimes(sc.cal, { start: c.createdAt, targetMinutes: c.slaResolutionMinutes, pausedMinutes: c.pausedMinutes, pausedAt: c.pausedAt, warnShare: sc.warnShare });
  return { firstResponseDueAt: fr.dueAt, firstResponseWarnAt: fr.warnAt, resolutionDueAt: res.dueAt, resolutionWarnAt: res.warnAt };
}

/** Stops the clock: the working minutes of the pause that ends at `now` join `pausedMinutes`. */
export function resumedPause(sc: SlaContext, c: Pick<CaseRow, 'pausedAt' | 'pausedMinutes'>, now: Date): number {
  return c.pausedAt ? c.pausedMinutes + workingMinutesBetween(sc.cal, c.pausedAt, now) : c.pausedMinutes;
}

/** Working minutes used at `now` (pauses excluded) — what is stored when a clock stops. */
export function usedAt(sc: SlaContext, c: Pick<CaseRow, 'createdAt' | 'pausedMinutes' | 'pausedAt'>, now: Date): number {
  return usedMinutes(sc.cal, { start: c.createdAt, pausedMinutes: c.pausedMinutes, pausedAt: c.pausedAt }, now);
}

type SlaInfo = z.infer<typeof SlaInfoSchema>;

/** Both clocks of a case as the API shows them at `now`. */
export function slaOf(sc: SlaContext, c: SlaFields & Pick<CaseRow, 'status' | 'firstResponseDueAt' | 'resolutionDueAt'>, now: Date): { firstResponse: SlaInfo; resolution: SlaInfo } {
  const clock = (target: number, stopped: number | null, dueAt: Date | null): SlaInfo => {
    // A cancelled case's clocks stop where they were, judged like any stopped clock.
    const stop = stopped ?? (c.status === 'cancelled' ? usedAt(sc, c, now) : null);
    const s = clockState(sc.cal, { start: c.createdAt, targetMinutes: target, pausedMinutes: c.pausedMinutes, pausedAt: c.pausedAt, warnShare: sc.warnShare }, now, stop);
    return { state: s.state, dueAt: dueAt?.toISOString() ?? null, targetMinutes: target, usedMinutes: s.used };
  };
  return {
    firstResponse: clock(c.slaFirstResponseMinutes, c.firstRespondedAt ? (c.firstResponseUsedMinutes ?? 0) : null, c.firstResponseDueAt),
    resolution: clock(c.slaResolutionMinutes, c.resolutionUsedMinutes, c.resolutionDueAt),
  };
}
