import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  AcceptBodySchema, AnswerBodySchema, AssignBodySchema, CancelBodySchema, CloseBodySchema, FollowUpBodySchema,
  HotlineCaseDetail, HotlineStatus, NoteBodySchema, ReopenBodySchema, ResumeBodySchema, TransferBodySchema, WaitBodySchema,
} from '../../../../contracts/hotline.ts';
import { HOTLINE_STATUSES } from '../../../../contracts/hotline.ts';
import { hotlineCaseEvents, hotlineCases } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { Ctx } from '../../lib/context.ts';
import { conflict, invalid, versionConflict } from '../../lib/errors.ts';
import { dueColumns, resumedPause, usedAt, type CaseRow } from './case-sla.ts';
import { assertAssignable, assertCountyExists, caseDetail, loadCase } from './hotline.service.ts';
import { loadSlaContext, policyFor, type SlaContext } from './sla-config.ts';
import { workingMinutesBetween } from './sla.ts';

type Change = Partial<typeof hotlineCases.$inferInsert>;
interface Step {
  set: Change;
  toStatus?: HotlineStatus;
  note?: string | null;
  detail?: Record<string, unknown>;
}
/** For tests and the demo seeder: the instant the action happens at (never from a request). */
export interface ActOpts {
  now?: Date;
}

function need(row: CaseRow, allowed: HotlineStatus[], what: string): void {
  if (!allowed.includes(row.status as HotlineStatus)) {
    throw conflict(`诉求当前为“${HOTLINE_STATUSES[row.status as HotlineStatus]}”，不能${what}`, [{ field: 'status', message: `只有${allowed.map((s) => HOTLINE_STATUSES[s]).join('、')}的诉求可以${what}` }]);
  }
}

/** The first response happens with the first accept / answer / close of a case. */
function firstResponse(sc: SlaContext, row: CaseRow, now: Date): Change {
  if (row.firstRespondedAt) return {};
  const used = usedAt(sc, row, now);
  return { firstRespondedAt: now, firstResponseUsedMinutes: used, firstResponseMet: used <= row.slaFirstResponseMinutes };
}

/** Ends a running pause at `now` (its working minutes join pausedMinutes). */
function endPause(sc: SlaContext, row: CaseRow, now: Date): Change {
  return row.pausedAt ? { pausedAt: null, pausedMinutes: resumedPause(sc, row, now), waitingCaller: false } : { waitingCaller: false };
}

/**
 * One action on a case: in scope (404 otherwise), at the expected version (409), the change, the
 * recomputed SLA due times, an event (who, when, from → to, note) and an audit entry — in one
 * transaction.
 */
async function act(ctx: Ctx, id: string, version: number | null, action: string, opts: ActOpts, plan: (row: CaseRow, sc: SlaContext, now: Date) => Step | Promise<Step>): Promise<HotlineCaseDetail> {
  const now = opts.now ?? new Date();
  const row = await loadCase(ctx, id);
  if (version !== null && row.version !== version) throw versionConflict();
  const sc = await loadSlaContext(ctx.db);
  const step = await plan(row, sc, now);
  const merged = { ...row, ...step.set } as CaseRow;
  const set = { ...step.set, ...dueColumns(sc, merged), updatedAt: now, version: sql`${hotlineCases.version} + 1` };
  const after = await ctx.db.transaction(async (tx) => {
    const [r] = await tx.update(hotlineCases).set(set).where(and(eq(hotlineCases.id, id), eq(hotlineCases.version, row.version))).returning();
    if (!r) throw versionConflict();
    await tx.insert(hotlineCaseEvents).values({
      caseId: id, at: now, actorId: ctx.user.id, actorName: ctx.user.username, action,
      fromStatus: step.toStatus ? row.status : null, toStatus: step.toStatus ?? null, note: step.note ?? null, detail: step.detail ?? null,
    });
    await appendAudit(tx, { action: `hotline.case_${action}`, actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'hotline_case', targetId: id, detail: { number: row.number, from: row.status, to: step.toStatus ?? row.status } });
    return r;
  });
  return caseDetail(ctx, after, now);
}

/** A body as parsed, with the keys that may be undefined made optional (for callers outside HTTP). */
type Loose<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & { [K in keyof T as undefined extends T[K] ? K : never]?: T[K] };
type B<S extends z.ZodTypeAny> = Loose<z.infer<S>>;

/** 受理: new → in_progress; the first response; the accepting user becomes the assignee if none. */
export const acceptCase = (ctx: Ctx, id: string, b: B<typeof AcceptBodySchema>, o: ActOpts = {}) =>
  act(ctx, id, b.version, 'accept', o, (row, sc, now) => {
    need(row, ['new'], '受理');
    return { set: { status: 'in_progress', ...firstResponse(sc, row, now), assigneeId: row.assigneeId ?? ctx.user.id }, toStatus: 'in_progress', note: b.note };
  });

/**
 * 转办: to the city or a county (and optionally a named user there). The clocks keep running from
 * the case's opening; the targets become those of the new level.
 */
export const transferCase = (ctx: Ctx, id: string, b: B<typeof TransferBodySchema>, o: ActOpts = {}) =>
  act(ctx, id, b.version, 'transfer', o, async (row) => {
    need(row, ['new', 'in_progress'], '转办');
    if (b.countyId === row.countyId && (b.assigneeId ?? null) === row.assigneeId) throw invalid('countyId', '请选择另一个承办层级或承办人');
    await assertCountyExists(ctx.db, b.countyId);
    if (b.assigneeId) await assertAssignable(ctx.db, b.assigneeId, b.countyId);
    const policy = await policyFor(ctx.db, row.category as never, b.countyId);
    return {
      set: { countyId: b.countyId, assigneeId: b.assigneeId ?? null, slaFirstResponseMinutes: policy.firstResponseMinutes, slaResolutionMinutes: policy.resolutionMinutes },
      note: b.note,
      detail: { fromCountyId: row.countyId, toCountyId: b.countyId, fromAssigneeId: row.assigneeId, toAssigneeId: b.assigneeId ?? null },
    };
  });

/** 指派: a named user at the case's level (or none). */
export const assignCase = (ctx: Ctx, id: string, b: B<typeof AssignBodySchema>, o: ActOpts = {}) =>
  act(ctx, id, b.version, 'assign', o, async (row) => {
    need(row, ['new', 'in_progress', 'follow_up'], '指派');
    if (b.assigneeId) await assertAssignable(ctx.db, b.assigneeId, row.countyId);
    return { set: { assigneeId: b.assigneeId }, note: b.note, detail: { fromAssigneeId: row.assigneeId, toAssigneeId: b.assigneeId } };
  });

/** 等待来电人: the clocks pause until resumed. */
export const waitForCaller = (ctx: Ctx, id: string, b: B<typeof WaitBodySchema>, o: ActOpts = {}) =>
  act(ctx, id, b.version, 'wait', o, (row, _sc, now) => {
    need(row, ['in_progress'], '挂起等待');
    if (row.waitingCaller) throw conflict('诉求已在等待来电人');
    return { set: { waitingCaller: true, pausedAt: now }, note: b.note };
  });

export const resumeCase = (ctx: Ctx, id: string, b: B<typeof ResumeBodySchema>, o: ActOpts = {}) =>
  act(ctx, id, b.version, 'resume', o, (row, sc, now) => {
    if (!row.waitingCaller) throw conflict('诉求没有在等待来电人');
    return { set: endPause(sc, row, now), note: b.note };
  });

/** 答复: the answer the caller (and the portal) sees; → 待回访, the clocks pause until the follow-up. */
export const answerCase = (ctx: Ctx, id: string, b: B<typeof AnswerBodySchema>, o: ActOpts = {}) =>
  act(ctx, id, b.version, 'answer', o, (row, sc, now) => {
    need(row, ['new', 'in_progress'], '答复');
    const pause = endPause(sc, row, now);
    return {
      set: { ...firstResponse(sc, row, now), ...pause, status: 'follow_up', answer: b.answer, answeredAt: now, pausedAt: now, assigneeId: row.assigneeId ?? ctx.user.id },
      toStatus: 'follow_up',
      note: b.note,
    };
  });

/** The columns of closing at `now` with an outcome. */
function closing(sc: SlaContext, row: CaseRow, now: Date, userId: string, outcome: string, outcomeNote: string | null): Change {
  const used = usedAt(sc, row, now);
  return {
    ...firstResponse(sc, row, now),
    ...endPause(sc, row, now),
    status: 'closed', outcome, outcomeNote, closedAt: now, closedBy: userId,
    resolutionUsedMinutes: used, resolutionMet: used <= row.slaResolutionMinutes,
  };
}

/** 办结 with an outcome (就业落地 … 仅咨询), linked to the case's talent. */
export const closeCase = (ctx: Ctx, id: string, b: B<typeof CloseBodySchema>, o: ActOpts = {}) =>
  act(ctx, id, b.version, 'close', o, (row, sc, now) => {
    need(row, ['new', 'in_progress', 'follow_up'], '办结');
    const answer = b.answer ? { answer: b.answer, answeredAt: now } : {};
    return { set: { ...closing(sc, row, now, ctx.user.id, b.outcome, b.outcomeNote ?? null), ...answer }, toStatus: 'closed', note: b.note, detail: { outcome: b.outcome } };
  });

/** 撤销 (a duplicate, a wrong number…): the clocks stop where they are. */
export const cancelCase = (ctx: Ctx, id: string, b: B<typeof CancelBodySchema>, o: ActOpts = {}) =>
  act(ctx, id, b.version, 'cancel', o, (row, _sc, now) => {
    need(row, ['new', 'in_progress', 'follow_up'], '撤销');
    return { set: { status: 'cancelled', pausedAt: row.pausedAt ?? now, waitingCaller: false }, toStatus: 'cancelled', note: b.note };
  });

/** Back to 处理中 from 已办结: the time it spent closed does not count. */
function reopening(sc: SlaContext, row: CaseRow, now: Date): Change {
  const closedFor = row.closedAt ? workingMinutesBetween(sc.cal, row.closedAt, now) : 0;
  return {
    status: 'in_progress', pausedAt: null, waitingCaller: false, pausedMinutes: row.pausedMinutes + closedFor,
    resolutionUsedMinutes: null, resolutionMet: null, closedAt: null, closedBy: null, outcome: null, reopenCount: row.reopenCount + 1,
  };
}

/**
 * 回访: the satisfaction score. Resolved → a case waiting for its follow-up closes (outcome
 * required); not resolved → it goes back to 处理中 (a closed one is reopened).
 */
export const followUpCase = (ctx: Ctx, id: string, b: B<typeof FollowUpBodySchema>, o: ActOpts = {}) =>
  act(ctx, id, b.version, 'follow_up', o, (row, sc, now) => {
    need(row, ['follow_up', 'closed'], '回访');
    const fu: Change = { satisfaction: b.satisfaction, followUpNote: b.note, followedUpAt: now };
    const detail = { satisfaction: b.satisfaction, resolved: b.resolved };
    if (b.resolved && row.status === 'follow_up') {
      const outcome = b.outcome ?? null;
      if (!outcome) throw invalid('outcome', '问题已解决的回访须选择办理结果');
      return { set: { ...closing(sc, row, now, ctx.user.id, outcome, row.outcomeNote), ...fu }, toStatus: 'closed', note: b.note, detail };
    }
    if (b.resolved) return { set: fu, note: b.note, detail };
    const back = row.status === 'closed' ? reopening(sc, row, now) : { ...endPause(sc, row, now), status: 'in_progress' };
    return { set: { ...back, ...fu }, toStatus: 'in_progress', note: b.note, detail };
  });

/** 重新办理: a closed case goes back to 处理中. */
export const reopenCase = (ctx: Ctx, id: string, b: B<typeof ReopenBodySchema>, o: ActOpts = {}) =>
  act(ctx, id, b.version, 'reopen', o, (row, sc, now) => {
    need(row, ['closed'], '重新办理');
    return { set: reopening(sc, row, now), toStatus: 'in_progress', note: b.note };
  });

/** A note on the timeline (no status change, no version needed). */
export const noteCase = (ctx: Ctx, id: string, b: B<typeof NoteBodySchema>, o: ActOpts = {}) =>
  act(ctx, id, null, 'note', o, () => ({ set: {}, note: b.note }));
