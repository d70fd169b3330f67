import { useCallback, useEffect, useState } from 'react';
import { FACET_FIELDS, type FacetField } from '../../../../../contracts/talents.ts';
import { showError } from '../../../api/errors.ts';
import { talentsApi, type Facets, type TalentList } from '../api.ts';
import { toApiQuery, withoutFacet, type TalentQuery } from '../query.ts';

/**
 * Runs the list query. The server counts facets under all filters, so once a value of a facet is
 * picked its siblings would vanish; for each facet with a selection we also ask for its counts
 * without its own selection (pageSize 1), so the user can add a second value (OR within a facet).
 */
export function useTalentSearch(query: TalentQuery) {
  const [data, setData] = useState<TalentList | null>(null);
  const [facets, setFacets] = useState<Facets>({});
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState(false);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(toApiQuery(query));

  useEffect(() => {
    let live = true;
    setLoading(true);
    const q = JSON.parse(key) as Record<string, string | number>;
    const picked = FACET_FIELDS.filter((f) => typeof q[f] === 'string');
    const main = talentsApi.list(q);
    const others = Promise.allSettled(
      picked.map((f) =>
        talentsApi.list({ ...toApiQuery(withoutFacet(query, f)), page: 1, pageSize: 1 }).then((r) => [f, r.facets?.[f] ?? []] as [FacetField, Facets[string]]),
      ),
    );
    Promise.all([main, others])
      .then(([d, rest]) => {
        if (!live) return;
        const own = rest.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        setData(d);
        setFacets({ ...(d.facets ?? {}), ...Object.fromEntries(own) });
        setFailed(false);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setFailed(true);
        showError(e);
      })
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // `key` stands for the query: `query` itself is a new object on every render.
  }, [key, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { items: data?.items ?? [], total: data?.total ?? 0, facets, loading, failed, loaded: data !== null, reload };
}
