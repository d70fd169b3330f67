import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportStatus } from '../../../../../contracts/imports.ts';
import { showError } from '../../../api/errors.ts';
import { importApi } from './api.ts';

const POLL_MS = 800;

/**
 * One import's status, polled while its job runs. `missing` when the API says 404 (someone
 * else's import, or a wrong link).
 */
export function useImportJob(id: string | null) {
  const [status, setStatus] = useState<ImportStatus | null>(null);
  const [missing, setMissing] = useState(false);
  const [tick, setTick] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    setStatus(null);
    setMissing(false);
  }, [id]);

  useEffect(() => {
    if (!id) return;
    let live = true;
    const poll = () => {
      importApi
        .get(id)
        .then((s) => {
          if (!live) return;
          setStatus(s);
          if (s.status === 'running') timer.current = setTimeout(poll, POLL_MS);
        })
        .catch((e: unknown) => {
          if (!live) return;
          if ((e as { status?: number }).status === 404) setMissing(true);
          else showError(e);
        });
    };
    poll();
    return () => {
      live = false;
      clearTimeout(timer.current);
    };
  }, [id, tick]);

  /** Polls again (after asking for the commit). */
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  return { status, missing, refresh };
}
