import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { jobs, liaisonAssignments, liaisonNotifications, settings } from '../../db/schema/index.ts';
import type { Env } from '../../env.ts';
import { enqueueJob, registerJobHandler, wakeJobRunners } from '../../lib/jobs.ts';
import { defineTemplate, notifierFor, type NotifierLog } from '../../lib/notifier.ts';
import { beijingToday, reminderKind } from './due.ts';
import { assignmentRowsForJob, withDue } from './liaison.service.ts';

/**
 * Daily reminders (领导联系提醒): for every active assignment, a week before its next due date, on
 * it, and once overdue, one in-app notification per (assignment, kind, due date) — the unique key
 * makes the job idempotent, so it may run hourly. Leaders with a mobile number in the setting
 * `liaison_sms_phones` ({userId: phone}) also get an SMS through lib/notifier.ts.
 */
export const REMINDER_JOB = 'liaison.reminders';

defineTemplate('liaison_reminder', { sms: (p) => `${p.name}领导：${p.text}，请及时联系。` });

const TEXT = {
  week_before: (t: string, d: string, r: string) => `联系对象${t}将于${d}到期（${r === 'frequency' ? '定期联系' : r}）`,
  due: (t: string, d: string, r: string) => `联系对象${t}今日（${d}）到期（${r === 'frequency' ? '定期联系' : r}）`,
  overdue: (t: string, d: string) => `联系对象${t}已超期（应于${d}前联系）`,
};

export async function runReminders(db: Db, env: Env, today = beijingToday(), log?: NotifierLog): Promise<{ created: number; sms: number }> {
  const rows = await db
    .select({ id: liaisonAssignments.id })
    .from(liaisonAssignments)
    .where(eq(liaisonAssignments.active, true));
  if (rows.length === 0) return { created: 0, sms: 0 };
  const due = await withDue(db, await assignmentRowsForJob(db, rows.map((r) => r.id)), today);
  const [phonesRow] = await db.select().from(settings).where(eq(settings.key, 'liaison_sms_phones'));
  const phones = (phonesRow?.value ?? {}) as Record<string, string>;
  const notifier = notifierFor(db, env, log);
  let created = 0;
  let sms = 0;
  for (const a of due) {
    if (!a.due) continue;
    const kind = reminderKind(a.due);
    if (!kind) continue;
    const dueDate = kind === 'overdue' ? a.due.frequencyDue : a.due.nextDue;
    const text = TEXT[kind](a.talentName, dueDate, a.due.reason);
    const ins = await db.insert(liaisonNotifications).values({ userId: a.leaderId, assignmentId: a.id, talentId: a.talentId, kind, dueDate, text }).onConflictDoNothing().returning({ id: liaisonNotifications.id });
    if (ins.length === 0) continue;
    created++;
    const phone = phones[a.leaderId];
    if (phone && (await notifier.send('sms', phone, 'liaison_reminder', { name: a.leaderName, text })).delivered) sms++;
  }
  return { created, sms };
}

registerJobHandler(REMINDER_JOB, async ({ db, env }) => runReminders(db, env));

export async function queueReminders(db: Db): Promise<string | null> {
  const [pending] = await db.select({ id: jobs.id }).from(jobs).where(and(eq(jobs.kind, REMINDER_JOB), inArray(jobs.status, ['queued', 'running']))).limit(1);
  if (pending) return null;
  const id = await enqueueJob(db, { kind: REMINDER_JOB, input: {} });
  wakeJobRunners();
  return id;
}

/** Queues the reminder run every hour while a server runs (idempotent: a day's reminders are made once). */
export function startReminderScheduler(db: Db, log: (msg: string, err: unknown) => void, everyMs = 60 * 60_000): { stop: () => void } {
  const tick = () => void queueReminders(db).catch((err) => log('cannot queue the liaison reminders', err));
  const timer = setInterval(tick, everyMs);
  timer.unref();
  tick();
  return { stop: () => clearInterval(timer) };
}

