import {
  CATEGORIES,
  DEGREES,
  FACET_FIELDS,
  SOURCES,
  STATUSES,
  TALENT_SORTS,
  TITLE_LEVELS,
  type FacetField,
} from '../../../../contracts/talents.ts';

/**
 * The state of the registry list as it lives in the URL query string, so a view can be
 * bookmarked, shared and saved, and Back works. Pure: no React, no fetch.
 *
 *   /talents?q=王伟&status=abroad,intending&abroad=true&sort=name&page=2
 */
export type TalentSort = (typeof TALENT_SORTS)[number];
export type AbroadFilter = 'true' | 'false';

export interface TalentQuery {
  q: string;
  /** Facet selections: several values of one facet are OR-ed, facets are AND-ed. */
  facets: Partial<Record<FacetField, string[]>>;
  abroad?: AbroadFilter;
  honour?: string;
  tag?: string;
  /** Records that arrived through one 信息统计 campaign (its import), e.g. from the campaign page. */
  campaignId?: string;
  sort: TalentSort;
  page: number;
  pageSize: number;
}

export const DEFAULT_SORT: TalentSort = '-updatedAt';
export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

export const SORT_LABELS: Record<TalentSort, string> = {
  '-updatedAt': '最近更新',
  updatedAt: '最早更新',
  name: '姓名拼音 A→Z',
  '-name': '姓名拼音 Z→A',
  '-birthDate': '出生日期（年轻在前）',
  birthDate: '出生日期（年长在前）',
  '-createdAt': '最近登记',
  createdAt: '最早登记',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What a value of each facet may look like; anything else in a hand-edited URL is dropped. */
const VALID: Record<FacetField, (v: string) => boolean> = {
  ownerCountyId: (v) => UUID.test(v),
  category: (v) => v in CATEGORIES,
  degree: (v) => v in DEGREES,
  titleLevel: (v) => v in TITLE_LEVELS,
  tier: (v) => /^[A-Z]$/.test(v),
  status: (v) => v in STATUSES,
  source: (v) => v in SOURCES,
  industrySection: (v) => /^[A-T]$/.test(v),
};

export const emptyQuery = (): TalentQuery => ({ q: '', facets: {}, sort: DEFAULT_SORT, page: 1, pageSize: DEFAULT_PAGE_SIZE });

const text = (v: string | null, max: number) => (v ?? '').trim().slice(0, max) || undefined;
const positiveInt = (v: string | null) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
};

/** URL query string → list state (unknown or malformed values are ignored, never an error). */
export function parseQuery(params: URLSearchParams): TalentQuery {
  const out = emptyQuery();
  out.q = (params.get('q') ?? '').slice(0, 50);
  for (const f of FACET_FIELDS) {
    const values = [...new Set((params.get(f) ?? '').split(',').map((s) => s.trim()).filter((s) => s && VALID[f](s)))];
    if (values.length) out.facets[f] = values;
  }
  const abroad = params.get('abroad');
  if (abroad === 'true' || abroad === 'false') out.abroad = abroad;
  out.honour = text(params.get('honour'), 30);
  out.tag = text(params.get('tag'), 20);
  const campaign = params.get('campaignId');
  if (campaign && UUID.test(campaign)) out.campaignId = campaign;
  const sort = params.get('sort');
  if (sort && (TALENT_SORTS as readonly string[]).includes(sort)) out.sort = sort as TalentSort;
  out.page = Math.min(positiveInt(params.get('page')) ?? 1, 10_000);
  const size = positiveInt(params.get('pageSize'));
  if (size && (PAGE_SIZES as readonly number[]).includes(size)) out.pageSize = size;
  return out;
}

/** The filters and sort as flat string entries (comma lists), defaults left out. */
function entries(q: TalentQuery, withPaging: boolean): [string, string][] {
  const out: [string, string][] = [];
  if (q.q.trim()) out.push(['q', q.q.trim()]);
  for (const f of FACET_FIELDS) {
    const v = q.facets[f];
    if (v?.length) out.push([f, v.join(',')]);
  }
  if (q.abroad) out.push(['abroad', q.abroad]);
  if (q.honour) out.push(['honour', q.honour]);
  if (q.tag) out.push(['tag', q.tag]);
  if (q.campaignId) out.push(['campaignId', q.campaignId]);
  if (q.sort !== DEFAULT_SORT) out.push(['sort', q.sort]);
  if (withPaging && q.page > 1) out.push(['page', String(q.page)]);
  if (withPaging && q.pageSize !== DEFAULT_PAGE_SIZE) out.push(['pageSize', String(q.pageSize)]);
  return out;
}

/** List state → URL query string (what goes after `?`, empty for the default view). */
export function toSearchParams(q: TalentQuery): URLSearchParams {
  return new URLSearchParams(entries(q, true));
}

/** List state → the query of `GET /api/talents` (always explicit about page, size and sort). */
export function toApiQuery(q: TalentQuery): Record<string, string | number> {
  return { ...Object.fromEntries(entries(q, false)), sort: q.sort, page: q.page, pageSize: q.pageSize };
}

/** What a saved view stores: filters and sort, not the page. */
export function toViewQuery(q: TalentQuery): Record<string, string> {
  return Object.fromEntries(entries(q, false));
}

/** A saved view's stored query → list state (accepts arrays as well as comma lists). */
export function fromViewQuery(stored: Record<string, unknown>): TalentQuery {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(stored)) {
    if (typeof v === 'string') p.set(k, v);
    else if (Array.isArray(v)) p.set(k, v.filter((x): x is string => typeof x === 'string').join(','));
  }
  p.delete('page');
  return parseQuery(p);
}

/** Adds or removes one facet value; any change of filters goes back to page 1. */
export function toggleFacet(q: TalentQuery, field: FacetField, value: string): TalentQuery {
  const current = q.facets[field] ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  const facets = { ...q.facets };
  if (next.length) facets[field] = next;
  else delete facets[field];
  return { ...q, facets, page: 1 };
}

/** Sets (or clears with undefined/'') one of the non-facet filters. */
export function setFilter(q: TalentQuery, key: 'q' | 'abroad' | 'honour' | 'tag', value: string | undefined): TalentQuery {
  const v = value?.trim() || undefined;
  if (key === 'q') return { ...q, q: v ?? '', page: 1 };
  if (key === 'abroad') return { ...q, abroad: v === 'true' || v === 'false' ? v : undefined, page: 1 };
  return { ...q, [key]: v, page: 1 };
}

/** One active filter, for the closable tags above the list. */
export type ActiveFilter =
  | { kind: 'facet'; field: FacetField; value: string }
  | { kind: 'abroad' | 'honour' | 'tag' | 'campaign'; value: string };

export function activeFilters(q: TalentQuery): ActiveFilter[] {
  const out: ActiveFilter[] = [];
  for (const f of FACET_FIELDS) for (const value of q.facets[f] ?? []) out.push({ kind: 'facet', field: f, value });
  if (q.abroad) out.push({ kind: 'abroad', value: q.abroad });
  if (q.honour) out.push({ kind: 'honour', value: q.honour });
  if (q.tag) out.push({ kind: 'tag', value: q.tag });
  if (q.campaignId) out.push({ kind: 'campaign', value: q.campaignId });
  return out;
}

export function removeFilter(q: TalentQuery, f: ActiveFilter): TalentQuery {
  if (f.kind === 'campaign') return { ...q, campaignId: undefined, page: 1 };
  return f.kind === 'facet' ? toggleFacet(q, f.field, f.value) : setFilter(q, f.kind, undefined);
}

/** 清除: drops every filter and the search text, keeps sort and page size. */
export function clearFilters(q: TalentQuery): TalentQuery {
  return { ...emptyQuery(), sort: q.sort, pageSize: q.pageSize };
}

export const isFiltered = (q: TalentQuery) => !!q.q.trim() || activeFilters(q).length > 0;

/** The same query without one facet's selection (to count that facet's other values). */
export function withoutFacet(q: TalentQuery, field: FacetField): TalentQuery {
  const facets = { ...q.facets };
  delete facets[field];
  return { ...q, facets };
}

/**
 * Whether a new search text continues the previous one (typing or deleting characters): the URL
 * entry is then replaced rather than pushed, so Back skips the keystrokes and returns to the
 * previous search.
 */
export function continuesTyping(prev: string, next: string): boolean {
  const a = prev.trim();
  const b = next.trim();
  return !!a && !!b && (a.startsWith(b) || b.startsWith(a));
}
