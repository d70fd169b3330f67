import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Chamber, ChamberBodySchema, PatchChamberBodySchema } from '../../../../contracts/chambers.ts';
import type { Db } from '../../db/client.ts';
import { chamberMembers, chambers, outposts } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { Ctx } from '../../lib/context.ts';
import { invalid, notFound, versionConflict } from '../../lib/errors.ts';
import { divisionName, isDivisionCode } from '../org/divisions.ts';

/**
 * Chambers of commerce (异地商会): a list the city maintains, optionally linked to the outpost a
 * chamber hosts; talents state their chamber on the portal (chamber_members).
 */
export async function listChambers(db: Db): Promise<Chamber[]> {
  const rows = await db
    .select({ c: chambers, outpostName: outposts.name, members: sql<number>`(select count(*)::int from ${chamberMembers} m where m.chamber_id = ${chambers.id})` })
    .from(chambers)
    .leftJoin(outposts, eq(outposts.id, chambers.outpostId))
    .orderBy(asc(chambers.sortOrder), asc(chambers.name));
  return rows.map(({ c, outpostName, members }) => ({
    id: c.id,
    version: c.version,
    name: c.name,
    divisionCode: c.divisionCode,
    divisionName: c.divisionCode ? divisionName(c.divisionCode) : null,
    outpostId: c.outpostId,
    outpostName,
    contact: c.contact,
    active: c.active,
    sortOrder: c.sortOrder,
    memberCount: members,
  }));
}

async function check(db: Db, v: { name?: string; divisionCode?: string | null; outpostId?: string | null }, exceptId?: string) {
  if (v.divisionCode && !isDivisionCode(v.divisionCode)) throw invalid('divisionCode', '不是有效的行政区划代码（GB/T 2260）');
  if (v.outpostId) {
    const [o] = await db.select({ id: outposts.id }).from(outposts).where(eq(outposts.id, v.outpostId));
    if (!o) throw invalid('outpostId', '工作站不存在');
  }
  if (v.name) {
    const [dup] = await db.select({ id: chambers.id }).from(chambers).where(and(eq(chambers.name, v.name), exceptId ? ne(chambers.id, exceptId) : undefined));
    if (dup) throw invalid('name', '已有同名商会');
  }
}

const byId = async (db: Db, id: string) => (await listChambers(db)).find((c) => c.id === id)!;

export async function createChamber(ctx: Ctx, input: z.infer<typeof ChamberBodySchema>): Promise<Chamber> {
  await check(ctx.db, input);
  const id = await ctx.db.transaction(async (tx) => {
    const [r] = await tx.insert(chambers).values(input).returning({ id: chambers.id });
    await appendAudit(tx, { action: 'chamber.create', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'chamber', targetId: r!.id, detail: { name: input.name } });
    return r!.id;
  });
  return byId(ctx.db, id);
}

export async function patchChamber(ctx: Ctx, id: string, input: z.infer<typeof PatchChamberBodySchema>): Promise<Chamber> {
  const { version, ...set } = input;
  const [before] = await ctx.db.select().from(chambers).where(eq(chambers.id, id));
  if (!before) throw notFound('商会');
  if (before.version !== version) throw versionConflict();
  await check(ctx.db, set, id);
  await ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .update(chambers)
      .set({ ...set, version: version + 1, updatedAt: new Date() })
      .where(and(eq(chambers.id, id), eq(chambers.version, version)))
      .returning({ id: chambers.id });
    if (!r) throw versionConflict();
    await appendAudit(tx, { action: 'chamber.update', actorId: ctx.user.id, actorName: ctx.user.username, ip: ctx.ip, targetType: 'chamber', targetId: id, detail: { fields: Object.keys(set) } });
  });
  return byId(ctx.db, id);
}
