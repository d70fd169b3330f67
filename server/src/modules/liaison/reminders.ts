import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { jobs, liaisonAssignments, liaisonNotifications, settings, users } from '../../db/schema/index.ts';
import type { Env } from '../../env.ts';
import { enqueueJob, registerJobHandler, wakeJobRunners } from '../../lib/jobs.ts';
import { defineTemplate, notifierFor, type NotifierLog } from '../../lib/notifier.ts';
import { getPii } from '../../lib/pii.ts';
import { beijingToday, reminderKind } from './due.ts';
import { assignmentRowsForJob, withDue } from './liaison.service.ts';

/**
 * Daily reminders (领导联系提醒): for every active assignment, a week before its next due date, on
 * it, and once overdue, one in-app notification per (assignment, kind, due date) — the unique key
 * makes the job idempotent, so it may run hourly. Each new reminder also goes by SMS (lib/notifier.ts,
 * template liaison_reminder) to the leader's own mobile (users.phone_enc, set in 用户管理).
 *
 * Compatibility: before users had a phone, the setting `liaison_sms_phones` ({userId: phone}) was
 * the stopgap. It is still read, but only for a leader without a phone of their own; move the
 * numbers into the accounts and delete the setting.
 */
export const LEGACY_PHONES_SETTING = 'liaison_sms_phones';
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
  const phones = await leaderPhones(db, env, [...new Set(due.map((a) => a.leaderId))]);
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
    const phone = phones.get(a.leaderId);
    if (phone && (await notifier.send('sms', phone, 'liaison_reminder', { name: a.leaderName, text })).delivered) sms++;
  }
  return { created, sms };
}

/** Each leader's mobile: their own (sealed in users), else the legacy setting's entry. */
async function leaderPhones(db: Db, env: Env, leaderIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (leaderIds.length === 0) return out;
  const [own, [legacyRow]] = await Promise.all([
    db.select({ id: users.id, phoneEnc: users.phoneEnc }).from(users).where(inArray(users.id, leaderIds)),
    db.select().from(settings).where(eq(settings.key, LEGACY_PHONES_SETTING)),
  ]);
  const withPhone = own.filter((u) => u.phoneEnc);
  if (withPhone.length > 0) {
    const pii = await getPii(db, env);
    for (const u of withPhone) out.set(u.id, pii.decrypt(u.phoneEnc!));
  }
  const legacy = (legacyRow?.value ?? {}) as Record<string, unknown>;
  for (const id of leaderIds) {
    const p = legacy[id];
    if (!out.has(id) && typeof p === 'string' && p.trim()) out.set(id, p.trim());
  }
  return out;
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

