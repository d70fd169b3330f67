import { and, arrayContains, arrayOverlaps, asc, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { isPhone, normaliseIdNumber, normalisePhone } from '../../../../contracts/id-number.ts';
import { INDUSTRY_SECTIONS } from '../../../../contracts/industries.ts';
import {
  CATEGORIES,
  DEGREES,
  FACET_FIELDS,
  SOURCES,
  STATUSES,
  TITLE_LEVELS,
  type FacetField,
  type TalentFilter,
  type Talent,
  type TalentListQuerySchema,
} from '../../../../contracts/talents.ts';
import { talents } from '../../db/schema/index.ts';
import type { Ctx } from '../../lib/context.ts';
import { getPii } from '../../lib/pii.ts';
import { scopeOf } from '../../lib/scope.ts';
import { talentScope } from './talents.policy.ts';
import { normaliseSearchText, queryGrams } from './talent-record.ts';
import { loadNameMaps, loadTiers } from './talent-lookups.ts';
import { locationNameOf } from './talent-record.ts';

/** The text condition of the search box: name (also pinyin and initials), employer, school, specialty, or an exact phone/ID. */
async function textCondition(ctx: Ctx, raw: string): Promise<SQL | undefined> {
  const q = normaliseSearchText(raw);
  if (!q) return undefined;
  const ors: SQL[] = [];
  const grams = queryGrams(q);
  const haystack = sql`lower(${talents.name} || ' ' || coalesce(${talents.employer}, '') || ' ' || coalesce(${talents.school}, '') || ' ' || coalesce(${talents.specialty}, ''))`;
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // A query of one or two characters is a single gram, and a row's grams are made from each field
  // normalised the same way, so holding the gram is the match: the substring check, which builds
  // the concatenated text for every candidate row, is only needed for longer queries (their bigrams
  // must also be adjacent, in order).
  ors.push(grams.length === 1 && grams[0] === q ? arrayContains(talents.searchGrams, grams) : and(arrayContains(talents.searchGrams, grams), sql`replace(${haystack}, ' ', '') like ${like}`)!);
  if (/^[a-z]+$/.test(q)) {
    ors.push(sql`${talents.namePinyin} like ${`${q}%`}`);
    ors.push(sql`${talents.nameInitials} like ${`${q}%`}`);
  }
  const pii = await getPii(ctx.db, ctx.env);
  const phone = normalisePhone(raw);
  if (isPhone(phone)) ors.push(arrayOverlaps(talents.phoneHashes, [pii.blindIndex('phone', phone)]));
  const id = normaliseIdNumber(raw);
  if (/^[0-9A-Z]{8,20}$/.test(id) && /\d{6}/.test(id)) ors.push(eq(talents.idNumberHash, pii.blindIndex('id', id)));
  return ors.length === 1 ? ors[0] : sql`(${sql.join(ors, sql` or `)})`;
}

/** The parts of a list query's WHERE: scope, search word, and each filter by its name. */
async function talentConditions(ctx: Ctx, f: TalentFilter): Promise<{ scope: SQL; text: SQL | undefined; filters: Partial<Record<string, SQL>> }> {
  const text = f.q ? await textCondition(ctx, f.q) : undefined;
  // With a search word, the text indexes drive and the county is checked per matching row.
  const scope = talentScope(ctx.user, { textDriven: !!text });
  const filters: Partial<Record<string, SQL>> = {};
  if (f.ownerCountyId?.length) filters.ownerCountyId = text ? inArray(sql`(${talents.ownerCountyId}::text)`, f.ownerCountyId) : inArray(talents.ownerCountyId, f.ownerCountyId);
  if (f.category?.length) filters.category = inArray(talents.category, f.category);
  if (f.degree?.length) filters.degree = inArray(talents.degree, f.degree);
  if (f.titleLevel?.length) filters.titleLevel = inArray(talents.titleLevel, f.titleLevel);
  if (f.tier?.length) filters.tier = inArray(talents.tier, f.tier);
  if (f.status?.length) filters.status = inArray(talents.status, f.status);
  if (f.source?.length) filters.source = inArray(talents.source, f.source);
  if (f.industrySection?.length) filters.industrySection = inArray(sql`substr(${talents.industryCode}, 1, 1)`, f.industrySection);
  if (f.locationProvince?.length) filters.locationProvince = inArray(sql`substr(${talents.locationCode}, 1, 2)`, f.locationProvince);
  if (f.abroad === 'true') filters.abroad = isNotNull(talents.locationCountry);
  if (f.abroad === 'false') filters.abroad = isNull(talents.locationCountry);
  if (f.honour) filters.honour = arrayContains(talents.honours, [f.honour]);
  if (f.tag) filters.tag = arrayContains(talents.tags, [f.tag]);
  if (f.isNative) filters.isNative = eq(talents.isNative, f.isNative === 'true');
  if (f.campaignId) filters.campaignId = eq(talents.campaignId, f.campaignId);
  return { scope, text, filters };
}

const andOf = (parts: (SQL | undefined)[]): SQL => and(...parts.filter((p): p is SQL => !!p)) ?? sql`true`;

/** All filters of a list/export query, always including the user's scope. */
export async function talentWhere(ctx: Ctx, f: TalentFilter): Promise<SQL> {
  const c = await talentConditions(ctx, f);
  return andOf([c.scope, c.text, ...Object.values(c.filters)]);
}

/** The columns the filters and facets read: what the text search's one pass keeps of each match. */
const FILTER_COLUMNS = sql.raw(
  ['id', 'owner_county_id', 'category', 'degree', 'title_level', 'tier', 'status', 'source', 'industry_code', 'location_code', 'location_country', 'honours', 'tags', 'is_native', 'campaign_id',
   // the sort keys of a page (TEXT_SORTS)
   'updated_at', 'name_pinyin', 'birth_date', 'created_at']
    .map((c) => `"${c}"`)
    .join(', '),
);

const FACET_EXPR: Record<FacetField, SQL> = {
  ownerCountyId: sql`${talents.ownerCountyId}::text`,
  category: sql`${talents.category}`,
  degree: sql`${talents.degree}`,
  titleLevel: sql`${talents.titleLevel}`,
  tier: sql`${talents.tier}`,
  status: sql`${talents.status}`,
  source: sql`${talents.source}`,
  industrySection: sql`substr(${talents.industryCode}, 1, 1)`,
};

/** Counts per value of every facet, and the total, in one scan (GROUPING SETS). */
async function facetCounts(ctx: Ctx, where: SQL, only: readonly FacetField[] = FACET_FIELDS) {
  const FIELDS = only;
  const cols = FIELDS.map((f, i) => sql`${FACET_EXPR[f]} as ${sql.raw(`f${i}`)}`);
  const sets = FIELDS.map((_, i) => sql.raw(`(f${i})`));
  const res = await ctx.db.execute(sql`
    select ${sql.join(FIELDS.map((_, i) => sql.raw(`f${i}`)), sql`, `)}, grouping(${sql.raw(FIELDS.map((_, i) => `f${i}`).join(', '))}) as g, count(*)::int as n
    from (select ${sql.join(cols, sql`, `)} from ${talents} where ${where}) s
    group by grouping sets (${sql.join(sets, sql`, `)}, ())`);
  return bucketsOf((res as unknown as { rows: Record<string, unknown>[] }).rows, FIELDS, (r) => Number(r.n), (r) => Number(r.n));
}

/**
 * The counties a user's registry scope is made of — null for the whole registry — or undefined
 * when the scope is more than whole counties (an outpost's referrals, a leader's assigned talents,
 * a talent's own record), which the per-county facet counts cannot answer.
 */
function wholeCountiesOf(ctx: Ctx): string[] | null | undefined {
  const s = scopeOf(ctx.user);
  if (s.all) return null;
  if (s.countyIds.length && !s.outpostIds.length && !s.leaderUserId && !s.selfUserId) return s.countyIds;
  return undefined;
}

/**
 * Facets and total of the registry as opened (no search word, no filter) from the counts the
 * triggers keep (talent_facet_deltas): a sum over a few hundred rows instead of an aggregate over
 * every record in scope. Same numbers as facetCounts (a test compares them).
 */
async function facetCountsFromDeltas(ctx: Ctx, countyIds: string[] | null) {
  // Each facet's values summed over the counties in scope; the total facet ('') per county, which
  // is the ownerCountyId facet.
  const res = await ctx.db.execute(sql`select facet, case when facet = '' then county_id::text else value end as value, sum(n)::int as n
    from talent_facet_deltas ${countyIds ? sql`where county_id = any(${sql.param(countyIds)}::uuid[])` : sql``}
    group by 1, 2 having sum(n) > 0`);
  const rows = (res as unknown as { rows: { facet: string; value: string; n: number }[] }).rows;
  const buckets: Record<string, { value: string; count: number }[]> = Object.fromEntries(FACET_FIELDS.map((f) => [f, []]));
  let total = 0;
  for (const r of rows) {
    const count = Number(r.n);
    if (r.facet === '') {
      total += count;
      buckets.ownerCountyId!.push({ value: r.value, count });
    } else if (r.value !== '') buckets[r.facet]?.push({ value: r.value, count });
  }
  return { total, buckets };
}

/**
 * Reads the rows of a GROUPING SETS facet aggregate (columns f0…, `g` = grouping(f0…)): the
 * per-value buckets of each facet and the total from the () set. `countOf(row, i)` is the count of
 * facet i's row, `totalOf` the total's; values with a zero count are left out.
 */
function bucketsOf(rows: Record<string, unknown>[], fields: readonly FacetField[], countOf: (r: Record<string, unknown>, i: number) => number, totalOf: (r: Record<string, unknown>) => number) {
  const n = fields.length;
  const buckets: Record<string, { value: string; count: number }[]> = Object.fromEntries(fields.map((f) => [f, []]));
  let total = 0;
  for (const r of rows) {
    // grouping(f0..fn) has bit (n-1-i) clear for the set that groups by fi; all bits set for ().
    const g = Number(r.g);
    const i = fields.findIndex((_, k) => (g & (1 << (n - 1 - k))) === 0);
    if (i < 0) {
      total = totalOf(r);
      continue;
    }
    const v = r[`f${i}`];
    const count = countOf(r, i);
    if (v !== null && v !== undefined && count > 0) buckets[fields[i]!]!.push({ value: String(v), count });
  }
  return { total, buckets };
}

/**
 * A search-box query with facets in one statement: the text matches (in scope) are taken once into
 * a materialized set with the filter and sort columns; from it, every facet is counted — each under
 * all filters but its own (so a selected facet keeps its other values), the total under all of them
 * — with one GROUPING SETS aggregate and a FILTER per facet, and the page's ids are sorted out. The
 * matches' heap rows are read once instead of once for the page and once for the facets.
 */
async function textPageAndFacets(ctx: Ctx, c: { scope: SQL; text: SQL; filters: Partial<Record<string, SQL>> }, q: z.infer<typeof TalentListQuerySchema>) {
  const all = andOf(Object.values(c.filters));
  const except = FACET_FIELDS.map((f) => andOf(Object.entries(c.filters).filter(([k]) => k !== f).map(([, v]) => v)));
  const exprs = FACET_FIELDS.map((f) => FACET_EXPR[f]);
  const res = await ctx.db.execute(sql`
    with m as materialized (select ${FILTER_COLUMNS} from ${talents} where ${c.scope} and ${c.text}),
    f as (
      select ${sql.join(exprs.map((e, i) => sql`${e} as ${sql.raw(`f${i}`)}`), sql`, `)},
        grouping(${sql.join(exprs, sql`, `)}) as g,
        count(*) filter (where ${all})::int as n_all,
        ${sql.join(except.map((w, i) => sql`count(*) filter (where ${w})::int as ${sql.raw(`n${i}`)}`), sql`, `)}
      from m as ${talents}
      group by grouping sets (${sql.join(exprs.map((e) => sql`(${e})`), sql`, `)}, ())),
    p as (
      select * from m as ${talents} where ${all}
      order by ${TEXT_SORTS[q.sort]!}, ${tieBreak(q.sort)} limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize})
    select (select coalesce(json_agg(f), '[]'::json) from f)::text as facets,
      (select coalesce(array_agg(${talents.id}::text order by ${TEXT_SORTS[q.sort]!}, ${tieBreak(q.sort)}), '{}') from p as ${talents}) as ids`);
  const [row] = (res as unknown as { rows: { facets: string; ids: string[] | string }[] }).rows;
  const counted = bucketsOf(JSON.parse(row!.facets) as Record<string, unknown>[], FACET_FIELDS, (r, i) => Number(r[`n${i}`]), (r) => Number(r.n_all));
  return { ...counted, ids: pgTextArray(row!.ids) };
}

/** A text[] as the drivers return it: an array (node-postgres, PGlite) or its literal. */
function pgTextArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  const inner = v.replace(/^\{|\}$/g, '');
  return inner ? inner.split(',').map((x) => x.replace(/^"|"$/g, '')) : [];
}

/**
 * Rows with equal sort keys are ordered by id, in the sort's direction: a descending page walks the
 * (updated_at, id) index backwards and stops after the page, even inside the 100,000 rows of one
 * import that share an updated_at.
 */
const tieBreak = (sort: string): SQL => (sort.startsWith('-') ? desc(talents.id) : asc(talents.id));

const SORTS: Record<string, SQL> = {
  updatedAt: asc(talents.updatedAt),
  '-updatedAt': desc(talents.updatedAt),
  name: asc(talents.namePinyin),
  '-name': desc(talents.namePinyin),
  birthDate: sql`${talents.birthDate} asc nulls last`,
  '-birthDate': sql`${talents.birthDate} desc nulls last`,
  createdAt: asc(talents.createdAt),
  '-createdAt': desc(talents.createdAt),
};

/** Only what a list row shows: never the ciphertexts, hashes or search grams of the wide row. */
const LIST_COLUMNS = {
  id: talents.id,
  version: talents.version,
  name: talents.name,
  gender: talents.gender,
  birthDate: talents.birthDate,
  phonesMasked: talents.phonesMasked,
  ownerCountyId: talents.ownerCountyId,
  employer: talents.employer,
  position: talents.position,
  locationCode: talents.locationCode,
  locationCountry: talents.locationCountry,
  degree: talents.degree,
  school: talents.school,
  titleLevel: talents.titleLevel,
  tier: talents.tier,
  category: talents.category,
  status: talents.status,
  honours: talents.honours,
  tags: talents.tags,
  specialty: talents.specialty,
  updatedAt: talents.updatedAt,
};

const TEXT_SORTS: Record<string, SQL> = {
  updatedAt: sql`(${talents.updatedAt} + interval '0') asc`,
  '-updatedAt': sql`(${talents.updatedAt} + interval '0') desc`,
  name: sql`(${talents.namePinyin} || '') asc`,
  '-name': sql`(${talents.namePinyin} || '') desc`,
  birthDate: sql`(${talents.birthDate} + 0) asc nulls last`,
  '-birthDate': sql`(${talents.birthDate} + 0) desc nulls last`,
  createdAt: sql`(${talents.createdAt} + interval '0') asc`,
  '-createdAt': sql`(${talents.createdAt} + interval '0') desc`,
};

/**
 * The page, id first: the ids of the page from the narrow indexes (an index-only scan of the
 * covering filter index, or the text indexes), then only those rows of the wide table. Selecting
 * the list columns directly makes the planner walk the updated_at index and fetch wide heap rows
 * until enough match (221 ms for a filter-only city search at 1M; 7 ms this way).
 */
async function pageRows(ctx: Ctx, where: SQL, q: z.infer<typeof TalentListQuerySchema>) {
  return rowsByIds(ctx, await pageIds(ctx, where, q));
}

async function pageIds(ctx: Ctx, where: SQL, q: z.infer<typeof TalentListQuerySchema>): Promise<string[]> {
  return (
    await ctx.db
      .select({ id: talents.id })
      .from(talents)
      .where(where)
      // With a search word the matches come from the text indexes; sorting by an expression keeps
      // the planner from walking the updated_at index past thousands of non-matching rows.
      .orderBy(q.q ? TEXT_SORTS[q.sort]! : SORTS[q.sort]!, tieBreak(q.sort))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
  ).map((r) => r.id);
}

/** The list rows of `ids`, in that order. */
async function rowsByIds(ctx: Ctx, ids: string[]) {
  if (!ids.length) return [];
  // The scope again: a record moved out of it between the two statements is left out, never shown.
  const rows = await ctx.db.select(LIST_COLUMNS).from(talents).where(and(sql`${talents.id} = any(${sql.param(ids)}::uuid[])`, talentScope(ctx.user)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is (typeof rows)[number] => !!r);
}

export async function listTalents(ctx: Ctx, q: z.infer<typeof TalentListQuerySchema>) {
  const c = await talentConditions(ctx, q);
  const where = andOf([c.scope, c.text, ...Object.values(c.filters)]);
  const withFacets = q.facets === 'true';
  // A facet with a selected value is counted without its own filter (so its other values stay
  // visible with their counts); every other facet under the full filter, in one scan.
  const selected = FACET_FIELDS.filter((f) => (q[f as keyof TalentFilter] as unknown[] | undefined)?.length);
  const text = c.text;
  let counts: { total: number; buckets: Record<string, { value: string; count: number }[]> } | null = null;
  // The registry as opened: no word, no filter, a scope of whole counties — counts the triggers keep.
  const counties = !text && !Object.keys(c.filters).length ? wholeCountiesOf(ctx) : undefined;
  const [rows, counted, names, tiers] = await Promise.all([
    withFacets && text ? textPageAndFacets(ctx, { ...c, text }, q).then(async (r) => ((counts = r), rowsByIds(ctx, r.ids))) : pageRows(ctx, where, q),
    withFacets && text
      ? null
      : counties !== undefined
        ? facetCountsFromDeltas(ctx, counties).then((r) => (withFacets ? r : { total: r.total, buckets: null }))
      : withFacets
        ? facetCounts(ctx, where).then(async (all) => {
            for (const f of selected) {
              const own = await facetCounts(ctx, await talentWhere(ctx, { ...q, [f]: undefined }), [f]);
              all.buckets[f] = own.buckets[f]!;
            }
            return all;
          })
        : ctx.db.select({ n: sql<number>`count(*)::int` }).from(talents).where(where).then((r) => ({ total: r[0]?.n ?? 0, buckets: null })),
    loadNameMaps(ctx.db),
    loadTiers(ctx.db),
  ]);
  const items = rows.map((r) => ({
    ...r,
    gender: r.gender as Talent['gender'],
    degree: r.degree as Talent['degree'],
    titleLevel: r.titleLevel as Talent['titleLevel'],
    category: r.category as Talent['category'],
    status: r.status as Talent['status'],
    ownerCountyName: names.counties.get(r.ownerCountyId) ?? null,
    locationName: locationNameOf(r),
    updatedAt: r.updatedAt.toISOString(),
  }));
  const result = counts ?? counted!;
  let facets: Record<string, { value: string; label: string; count: number }[]> | undefined;
  if (result.buckets) {
    const labels: Record<FacetField, (v: string) => string> = {
      ownerCountyId: (v) => names.counties.get(v) ?? v,
      category: (v) => CATEGORIES[v as keyof typeof CATEGORIES] ?? v,
      degree: (v) => DEGREES[v as keyof typeof DEGREES] ?? v,
      titleLevel: (v) => TITLE_LEVELS[v as keyof typeof TITLE_LEVELS] ?? v,
      tier: (v) => tiers.find((t) => t.code === v)?.name ?? v,
      status: (v) => STATUSES[v as keyof typeof STATUSES] ?? v,
      source: (v) => SOURCES[v as keyof typeof SOURCES] ?? v,
      industrySection: (v) => INDUSTRY_SECTIONS.find((s) => s.code === v)?.name ?? v,
    };
    facets = Object.fromEntries(
      FACET_FIELDS.map((f) => [
        f,
        result.buckets![f]!.map((b) => ({ ...b, label: labels[f](b.value) })).sort((a, b) => b.count - a.count),
      ]),
    );
  }
  return { items, total: result.total, page: q.page, pageSize: q.pageSize, facets };
}
