import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { parseQuery, toSearchParams, type TalentQuery } from '../query.ts';

/** The list state, read from and written to the URL query string (so Back and bookmarks work). */
export function useTalentQuery() {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseQuery(params), [params]);
  const setQuery = useCallback(
    (next: TalentQuery, opts: { replace?: boolean } = {}) => setParams(toSearchParams(next), { replace: opts.replace }),
    [setParams],
  );
  return { query, setQuery };
}
