import { describe, expect, it } from 'vitest';
import {
  activeFilters,
  clearFilters,
  continuesTyping,
  emptyQuery,
  fromViewQuery,
  isFiltered,
  parseQuery,
  removeFilter,
  setFilter,
  toApiQuery,
  toggleFacet,
  toSearchParams,
  toViewQuery,
  withoutFacet,
} from './query.ts';

const COUNTY = '0b6c3a52-3f0e-4c4e-9a51-2f7d3c1e9a10';
const parse = (s: string) => parseQuery(new URLSearchParams(s));

describe('list state ⇄ URL query string', () => {
  it('reads the default view from an empty query string and writes it back as nothing', () => {
    expect(parse('')).toEqual(emptyQuery());
    expect(toSearchParams(emptyQuery()).toString()).toBe('');
  });

  it('round-trips search text, comma-listed facets, extra filters, sort and paging', () => {
    const s = `q=${encodeURIComponent('王伟')}&ownerCountyId=${COUNTY}&status=abroad,intending&degree=doctor&abroad=true&honour=${encodeURIComponent('国家杰青')}&tag=vip&sort=name&page=3&pageSize=50`;
    const q = parse(s);
    expect(q).toMatchObject({
      q: '王伟',
      facets: { ownerCountyId: [COUNTY], status: ['abroad', 'intending'], degree: ['doctor'] },
      abroad: 'true',
      honour: '国家杰青',
      tag: 'vip',
      sort: 'name',
      page: 3,
      pageSize: 50,
    });
    expect(parseQuery(toSearchParams(q))).toEqual(q);
  });

  it('ignores what a hand-edited URL gets wrong instead of failing the request', () => {
    const q = parse('status=abroad,bogus,abroad&degree=&tier=AB,C&industrySection=Z,I&ownerCountyId=not-a-uuid&sort=evil&page=-2&pageSize=7&abroad=maybe');
    expect(q.facets).toEqual({ status: ['abroad'], tier: ['C'], industrySection: ['I'] });
    expect(q).toMatchObject({ sort: '-updatedAt', page: 1, pageSize: 20 });
    expect(q.abroad).toBeUndefined();
  });

  it('keeps page and size out of the URL at their defaults', () => {
    expect(toSearchParams({ ...emptyQuery(), q: 'wwf' }).toString()).toBe('q=wwf');
  });
});

describe('API query', () => {
  it('sends facets as comma lists and always names sort, page and page size', () => {
    const q = toggleFacet(toggleFacet(emptyQuery(), 'status', 'abroad'), 'status', 'returned');
    expect(toApiQuery({ ...q, q: ' 华为 ' })).toEqual({ q: '华为', status: 'abroad,returned', sort: '-updatedAt', page: 1, pageSize: 20 });
  });

  it('drops one facet to count its other values', () => {
    const q = toggleFacet(toggleFacet(emptyQuery(), 'status', 'abroad'), 'degree', 'doctor');
    expect(toApiQuery(withoutFacet(q, 'status'))).toEqual({ degree: 'doctor', sort: '-updatedAt', page: 1, pageSize: 20 });
  });
});

describe('changing filters', () => {
  it('toggles a facet value on and off and goes back to page 1', () => {
    const on = toggleFacet({ ...emptyQuery(), page: 4 }, 'category', 'expert');
    expect(on).toMatchObject({ facets: { category: ['expert'] }, page: 1 });
    expect(toggleFacet(on, 'category', 'expert').facets).toEqual({});
  });

  it('lists active filters in a stable order and removes each one', () => {
    let q = setFilter(setFilter(toggleFacet(emptyQuery(), 'tier', 'B'), 'abroad', 'false'), 'tag', ' 乡贤 ');
    expect(activeFilters(q)).toEqual([
      { kind: 'facet', field: 'tier', value: 'B' },
      { kind: 'abroad', value: 'false' },
      { kind: 'tag', value: '乡贤' },
    ]);
    for (const f of activeFilters(q)) q = removeFilter(q, f);
    expect(isFiltered(q)).toBe(false);
  });

  it('清除 drops filters and search text but keeps sort and page size', () => {
    const q = { ...toggleFacet(emptyQuery(), 'status', 'abroad'), q: 'x', sort: 'name' as const, pageSize: 50, page: 2 };
    expect(clearFilters(q)).toEqual({ ...emptyQuery(), sort: 'name', pageSize: 50 });
  });
});

describe('saved views', () => {
  it('store filters and sort without the page, and load back (also from arrays)', () => {
    const q = { ...toggleFacet(emptyQuery(), 'degree', 'master'), q: 'wangwei', sort: '-birthDate' as const, page: 9 };
    const stored = toViewQuery(q);
    expect(stored).toEqual({ q: 'wangwei', degree: 'master', sort: '-birthDate' });
    expect(fromViewQuery(stored)).toEqual({ ...q, page: 1 });
    expect(fromViewQuery({ status: ['abroad', 'returned'], page: '5', junk: 3 }).facets).toEqual({ status: ['abroad', 'returned'] });
  });
});

describe('search history', () => {
  it('replaces the URL entry while the same search is being typed, pushes a new one otherwise', () => {
    expect(continuesTyping('wang', 'wangw')).toBe(true);
    expect(continuesTyping('wangwei', 'wang')).toBe(true);
    expect(continuesTyping('', 'w')).toBe(false);
    expect(continuesTyping('wang', 'li')).toBe(false);
  });
});
