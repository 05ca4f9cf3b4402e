import { useCallback, useEffect, useRef, useState } from 'react';
import { useSession } from '../auth/session';

/** Load data once (and again after a re-sign-in), with an optional polling interval. */
export function useAsync<T>(fn: () => Promise<T>, deps: unknown[], pollMs?: number) {
  const { epoch } = useSession();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  // Only the latest call may set the result: an earlier one answering late (deps changed meanwhile)
  // must not overwrite it.
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const seq = ++latest.current;
    try {
      const d = await fnRef.current();
      if (seq !== latest.current) return;
      setData(d);
      setError(null);
    } catch (e) {
      if (seq === latest.current) setError(e);
    } finally {
      if (seq === latest.current) setLoading(false);
    }
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: deps are the caller's
  useEffect(() => {
    setLoading(true);
    void reload();
    if (pollMs) return pollWhileVisible(reload, pollMs);
  }, [...deps, epoch, pollMs, reload]);
  return { data, error, loading, reload, setData };
}

/** Call fn every ms while the tab is visible (a hidden tab asks nothing); returns the stop. */
export function pollWhileVisible(fn: () => unknown, ms: number): () => void {
  const t = window.setInterval(() => {
    if (document.visibilityState === 'visible') void fn();
  }, ms);
  return () => clearInterval(t);
}
