import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  Announcement,
  AnnouncementBodySchema,
  AnnouncementListQuerySchema,
  PatchAnnouncementBodySchema,
  PublicAnnouncementQuerySchema,
} from '../../../../contracts/announcements.ts';
import type { Db } from '../../db/client.ts';
import { announcements } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { Ctx } from '../../lib/context.ts';
import { conflict, notFound, versionConflict } from '../../lib/errors.ts';

/** 公告资讯: the city writes drafts, publishes and unpublishes; the portal shows what is published. */
type Row = typeof announcements.$inferSelect;

const toAnnouncement = (r: Row): Announcement => ({
  id: r.id,
  version: r.version,
  category: r.category as Announcement['category'],
  title: r.title,
  summary: r.summary,
  body: r.body,
  status: r.status as Announcement['status'],
  publishedAt: r.publishedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

async function page(db: Db, where: SQL | undefined, q: { page: number; pageSize: number }, order: SQL) {
  const [rows, [total]] = await Promise.all([
    db.select().from(announcements).where(where).orderBy(order).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(announcements).where(where),
  ]);
  return { items: rows.map(toAnnouncement), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

export function listAnnouncements(ctx: Ctx, q: z.infer<typeof AnnouncementListQuerySchema>) {
  const where = and(q.status === 'all' ? undefined : eq(announcements.status, q.status), q.category ? eq(announcements.category, q.category) : undefined);
  return page(ctx.db, where, q, sql`${announcements.updatedAt} desc`);
}

async function load(db: Db, id: string): Promise<Row> {
  const [r] = await db.select().from(announcements).where(eq(announcements.id, id));
  if (!r) throw notFound('公告');
  return r;
}

export async function getAnnouncement(ctx: Ctx, id: string) {
  return toAnnouncement(await load(ctx.db, id));
}

const audit = (ctx: Ctx, action: string, id: string, detail?: Record<string, unknown>) =>
  appendAudit(ctx.db, { action: `announcement.${action}`, actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'announcement', targetId: id, detail });

export async function createAnnouncement(ctx: Ctx, input: z.infer<typeof AnnouncementBodySchema>) {
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx.insert(announcements).values({ ...input, createdBy: ctx.user.id, updatedBy: ctx.user.id }).returning();
    await audit({ ...ctx, db: tx }, 'create', r!.id, { title: r!.title });
    return toAnnouncement(r!);
  });
}

async function update(ctx: Ctx, id: string, version: number, set: Partial<typeof announcements.$inferInsert>, action: string, check?: (r: Row) => void) {
  const before = await load(ctx.db, id);
  if (before.version !== version) throw versionConflict();
  check?.(before);
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .update(announcements)
      .set({ ...set, updatedBy: ctx.user.id, updatedAt: new Date(), version: version + 1 })
      .where(and(eq(announcements.id, id), eq(announcements.version, version)))
      .returning();
    if (!r) throw versionConflict();
    await audit({ ...ctx, db: tx }, action, id, { title: r.title });
    return toAnnouncement(r);
  });
}

export function patchAnnouncement(ctx: Ctx, id: string, input: z.infer<typeof PatchAnnouncementBodySchema>) {
  const { version, ...set } = input;
  return update(ctx, id, version, set, 'update');
}

export function publishAnnouncement(ctx: Ctx, id: string, version: number) {
  return update(ctx, id, version, { status: 'published', publishedAt: new Date() }, 'publish', (r) => {
    if (r.status === 'published') throw conflict('该公告已发布');
  });
}

export function unpublishAnnouncement(ctx: Ctx, id: string, version: number) {
  return update(ctx, id, version, { status: 'draft' }, 'unpublish', (r) => {
    if (r.status !== 'published') throw conflict('该公告尚未发布');
  });
}

export async function deleteAnnouncement(ctx: Ctx, id: string) {
  const r = await load(ctx.db, id);
  if (r.status === 'published') throw conflict('已发布的公告须先撤回发布再删除');
  await ctx.db.transaction(async (tx) => {
    await tx.delete(announcements).where(eq(announcements.id, id));
    await audit({ ...ctx, db: tx }, 'delete', id, { title: r.title });
  });
}

// ---- public (portal) ----

export async function listPublished(db: Db, q: z.infer<typeof PublicAnnouncementQuerySchema>) {
  const where = and(eq(announcements.status, 'published'), q.category ? eq(announcements.category, q.category) : undefined);
  const res = await page(db, where, q, sql`${announcements.publishedAt} desc`);
  return { ...res, items: res.items.map(({ id, category, title, summary, publishedAt }) => ({ id, category, title, summary, publishedAt })) };
}

export async function getPublished(db: Db, id: string) {
  const [r] = await db.select().from(announcements).where(and(eq(announcements.id, id), eq(announcements.status, 'published')));
  if (!r) throw notFound('公告');
  const a = toAnnouncement(r);
  return { id: a.id, category: a.category, title: a.title, summary: a.summary, body: a.body, publishedAt: a.publishedAt };
}

