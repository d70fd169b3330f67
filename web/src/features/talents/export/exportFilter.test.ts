import { describe, expect, it } from 'vitest';
import { emptyLookups } from '../labels.ts';
import { activeFilters, parseQuery, removeFilter, toApiQuery, toSearchParams } from '../query.ts';
import { exportFilter, filterLabels } from './exportFilter.ts';

const CAMPAIGN = '0b6e2c3a-1d2f-4a5b-8c7d-9e0f1a2b3c4d';

describe('registry filters for export and for a 信息统计 campaign', () => {
  it('keeps campaignId in the URL and the API query, and drops a malformed one', () => {
    const q = parseQuery(new URLSearchParams(`campaignId=${CAMPAIGN}&category=expert`));
    expect(q.campaignId).toBe(CAMPAIGN);
    expect(toApiQuery(q)).toMatchObject({ campaignId: CAMPAIGN, category: 'expert' });
    expect(toSearchParams(q).get('campaignId')).toBe(CAMPAIGN);
    expect(parseQuery(new URLSearchParams('campaignId=1;drop')).campaignId).toBeUndefined();
  });

  it('shows the campaign as a removable filter', () => {
    const q = parseQuery(new URLSearchParams(`campaignId=${CAMPAIGN}`));
    const f = activeFilters(q);
    expect(f).toEqual([{ kind: 'campaign', value: CAMPAIGN }]);
    expect(removeFilter(q, f[0]!).campaignId).toBeUndefined();
  });

  it('exports exactly the list filters, without sort or paging', () => {
    const q = parseQuery(new URLSearchParams(`q=王伟&category=expert,youth&sort=name&page=3&campaignId=${CAMPAIGN}`));
    expect(exportFilter(q)).toEqual({ q: '王伟', category: 'expert,youth', campaignId: CAMPAIGN });
  });

  it('says the filters in words', () => {
    const q = parseQuery(new URLSearchParams('q=王伟&category=expert&abroad=true'));
    expect(filterLabels(q, emptyLookups())).toEqual(['关键词：王伟', '人才类别：专家学者', '现居地：境外']);
    expect(filterLabels(parseQuery(new URLSearchParams('')), emptyLookups())).toEqual([]);
  });
});
