import { eq } from 'drizzle-orm';
import { DEFAULT_TIERS } from '../../../../contracts/talents.ts';
import type { Db } from '../../db/client.ts';
import { counties, outposts, settings } from '../../db/schema/index.ts';
import type { NameMaps } from './talent-record.ts';

/** County and outpost names by id (small tables, read per request). */
export async function loadNameMaps(db: Db): Promise<NameMaps> {
  const [cs, os] = await Promise.all([
    db.select({ id: counties.id, name: counties.name }).from(counties),
    db.select({ id: outposts.id, name: outposts.name }).from(outposts),
  ]);
  return { counties: new Map(cs.map((c) => [c.id, c.name])), outposts: new Map(os.map((o) => [o.id, o.name])) };
}

export interface Tier {
  code: string;
  name: string;
  criteria: string;
}

/** The configurable talent tiers (settings `talent_tiers`), A–E by default. */
export async function loadTiers(db: Db): Promise<Tier[]> {
  const [row] = await db.select().from(settings).where(eq(settings.key, 'talent_tiers'));
  return (row?.value as Tier[] | undefined) ?? DEFAULT_TIERS.map((t) => ({ ...t }));
}
