import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Org, UpdateOrgBodySchema } from '../../../../contracts/org.ts';
import type { Db } from '../../db/client.ts';
import { counties, settings, userRoles } from '../../db/schema/index.ts';
import { appendAudit } from '../../lib/audit.ts';
import { conflict, invalid } from '../../lib/errors.ts';
import { isDivisionCode } from './divisions.ts';

export interface CitySetting {
  name: string;
  code: string | null;
}

export async function getCity(db: Db): Promise<CitySetting | null> {
  const [row] = await db.select().from(settings).where(eq(settings.key, 'city'));
  return (row?.value as CitySetting | undefined) ?? null;
}

export async function getOrg(db: Db): Promise<Org> {
  const [city, list] = await Promise.all([
    getCity(db),
    db.select().from(counties).orderBy(asc(counties.sortOrder), asc(counties.name)),
  ]);
  return {
    city,
    counties: list.map((c) => ({ id: c.id, code: c.code, name: c.name, sortOrder: c.sortOrder, active: c.active })),
  };
}

/**
 * Sets the home city and its counties. Counties are matched by id (rename keeps references);
 * new ones are created; a county left out of the list is deactivated if anything refers to it,
 * otherwise deleted.
 */
export async function saveOrg(
  db: Db,
  input: z.infer<typeof UpdateOrgBodySchema>,
  actor: { id: string | null; name: string; ip: string | null },
  action: 'org.init' | 'org.update' = 'org.update',
): Promise<Org> {
  if (input.city.code && !isDivisionCode(input.city.code)) {
    throw invalid('city.code', '不是有效的行政区划代码（GB/T 2260）');
  }
  for (const [i, c] of input.counties.entries()) {
    if (c.code && !isDivisionCode(c.code)) throw invalid(`counties.${i}.code`, '不是有效的行政区划代码（GB/T 2260）');
    if (c.code && input.city.code && c.code.slice(0, 4) !== input.city.code.slice(0, 4)) {
      throw invalid(`counties.${i}.code`, `${c.name}的区划代码不属于${input.city.name}`);
    }
  }
  const before = await getOrg(db);
  await db.transaction(async (tx) => {
    await tx
      .insert(settings)
      .values({ key: 'city', value: { name: input.city.name, code: input.city.code ?? null } })
      .onConflictDoUpdate({ target: settings.key, set: { value: { name: input.city.name, code: input.city.code ?? null }, updatedAt: new Date() } });
    const keepIds = input.counties.map((c) => c.id).filter((x): x is string => !!x);
    const removed = before.counties.filter((c) => !keepIds.includes(c.id));
    for (const r of removed) {
      const used = await tx.select({ id: userRoles.id }).from(userRoles).where(eq(userRoles.countyId, r.id)).limit(1);
      if (used.length) await tx.update(counties).set({ active: false, updatedAt: new Date() }).where(eq(counties.id, r.id));
      else await tx.delete(counties).where(eq(counties.id, r.id));
    }
    // Free names/codes first so that swaps and renames inside one save don't collide.
    if (keepIds.length) {
      for (const id of keepIds) {
        await tx.update(counties).set({ name: `__tmp_${id}`, code: null }).where(eq(counties.id, id));
      }
    }
    for (const [i, c] of input.counties.entries()) {
      const values = { name: c.name, code: c.code ?? null, sortOrder: i, active: c.active, updatedAt: new Date() };
      if (c.id && before.counties.some((b) => b.id === c.id)) {
        await tx.update(counties).set(values).where(eq(counties.id, c.id));
      } else {
        const clash = await tx.select({ id: counties.id }).from(counties).where(eq(counties.name, c.name));
        if (clash.length) throw conflict(`县（市、区）“${c.name}”已存在`, [{ field: `counties.${i}.name`, message: '名称已存在' }]);
        await tx.insert(counties).values(values);
      }
    }
    await appendAudit(tx, {
      action,
      actorId: actor.id,
      actorName: actor.name,
      ip: actor.ip,
      targetType: 'org',
      detail: {
        before: { city: before.city, counties: before.counties.map((c) => c.name) },
        after: { city: input.city, counties: input.counties.map((c) => c.name) },
      },
    });
  });
  return getOrg(db);
}
