import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Inbox, InboxItem } from '../../../../contracts/notifications.ts';
import { liaisonNotifications } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { notFound } from '../../lib/errors.ts';

/**
 * The signed-in user's in-app notifications (the header bell). Rows are always filtered by the
 * caller's own user id: someone else's notification is 404, like a missing one. The only source
 * today is the liaison reminders (liaison_notifications, written by liaison/reminders.ts); a new
 * source adds its rows here and its kind labels below.
 */
const KIND_LABELS: Record<string, string> = { week_before: '即将到期', due: '今日到期', overdue: '已超期' };

const toItem = (n: typeof liaisonNotifications.$inferSelect): InboxItem => ({
  id: n.id,
  source: 'liaison',
  kind: n.kind,
  kindLabel: KIND_LABELS[n.kind] ?? '提醒',
  text: n.text,
  // The leader's list opens the contact form of this assignment.
  link: `/liaison/my?assignment=${n.assignmentId}`,
  readAt: n.readAt?.toISOString() ?? null,
  createdAt: n.createdAt.toISOString(),
});

export async function inbox(ctx: Ctx, q: { limit: number }): Promise<Inbox> {
  const mine = eq(liaisonNotifications.userId, ctx.user.id);
  const [rows, [unread]] = await Promise.all([
    ctx.db.select().from(liaisonNotifications).where(mine).orderBy(desc(liaisonNotifications.createdAt), desc(liaisonNotifications.id)).limit(q.limit),
    ctx.db.select({ n: count() }).from(liaisonNotifications).where(and(mine, isNull(liaisonNotifications.readAt))),
  ]);
  return { items: rows.map(toItem), unread: unread?.n ?? 0 };
}

export async function markRead(ctx: Ctx, id: string): Promise<{ ok: true }> {
  const [n] = await ctx.db.select({ id: liaisonNotifications.id, readAt: liaisonNotifications.readAt }).from(liaisonNotifications).where(and(eq(liaisonNotifications.id, id), eq(liaisonNotifications.userId, ctx.user.id)));
  if (!n) throw notFound('通知', { type: 'notification', id });
  if (!n.readAt) await ctx.db.update(liaisonNotifications).set({ readAt: new Date() }).where(eq(liaisonNotifications.id, id));
  return { ok: true };
}

export async function markAllRead(ctx: Ctx): Promise<{ updated: number }> {
  const rows = await ctx.db
    .update(liaisonNotifications)
    .set({ readAt: new Date() })
    .where(and(eq(liaisonNotifications.userId, ctx.user.id), isNull(liaisonNotifications.readAt)))
    .returning({ id: liaisonNotifications.id });
  return { updated: rows.length };
}
