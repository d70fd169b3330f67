import { activeFilterLabel } from '../components/ActiveFilters.tsx';
import type { NameLookups } from '../labels.ts';
import { activeFilters, toViewQuery, type TalentQuery } from '../query.ts';

/** The list's filters as the export takes them (comma lists, no sort or paging). */
export function exportFilter(q: TalentQuery): Record<string, string> {
  const { sort: _sort, ...filter } = toViewQuery(q);
  return filter;
}

/** The filters in words, one per entry ("关键词：王伟", "人才类别：专家学者"); empty = the whole registry in scope. */
export function filterLabels(q: TalentQuery, l: NameLookups): string[] {
  const out = q.q.trim() ? [`关键词：${q.q.trim()}`] : [];
  return [...out, ...activeFilters(q).map((f) => activeFilterLabel(f, l))];
}
