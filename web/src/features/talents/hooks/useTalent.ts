import { useCallback, useEffect, useState } from 'react';
import type { Talent } from '../../../../../contracts/talents.ts';
import { ApiError } from '../../../api/client.ts';
import { showError } from '../../../api/errors.ts';
import { talentsApi } from '../api.ts';

export type LoadState = 'loading' | 'ok' | 'missing' | 'failed';

/** One talent record. A 404 (missing or out of scope: the server does not say which) is `missing`. */
export function useTalent(id: string | undefined) {
  const [talent, setTalent] = useState<Talent | null>(null);
  const [state, setState] = useState<LoadState>('loading');

  const load = useCallback(async () => {
    if (!id) return null;
    try {
      const t = await talentsApi.get(id);
      setTalent(t);
      setState('ok');
      return t;
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'NOT_FOUND' || e.code === 'VALIDATION_FAILED')) setState('missing');
      else {
        setState('failed');
        showError(e);
      }
      return null;
    }
  }, [id]);

  useEffect(() => {
    setState('loading');
    setTalent(null);
    void load();
  }, [load]);

  return { talent, state, reload: load, setTalent };
}
