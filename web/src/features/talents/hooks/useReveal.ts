import { useCallback, useEffect, useState } from 'react';
import { showError } from '../../../api/errors.ts';
import { talentsApi } from '../api.ts';

export const REVEAL_SECONDS = 60;

export interface Revealed {
  idNumber: string | null;
  phones: string[];
}

/**
 * The unmasked ID number and phones of one talent, fetched on demand (the server audits each
 * fetch) and forgotten again after 60 seconds, on `hide()`, or when the page changes.
 */
export function useReveal(id: string | undefined) {
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [left, setLeft] = useState(0);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    setRevealed(null);
    setLeft(0);
  }, [id]);

  useEffect(() => {
    if (!revealed) return;
    const timer = setInterval(() => {
      setLeft((s) => {
        if (s <= 1) {
          setRevealed(null);
          return 0;
        }
        return s - 1;
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [revealed]);

  const reveal = useCallback(async () => {
    if (!id) return;
    setLoading(true);
    try {
      setRevealed(await talentsApi.reveal(id));
      setLeft(REVEAL_SECONDS);
    } catch (e) {
      showError(e);
    } finally {
      setLoading(false);
    }
  }, [id]);

  const hide = useCallback(() => {
    setRevealed(null);
    setLeft(0);
  }, []);

  return { revealed, secondsLeft: left, loading, reveal, hide };
}
