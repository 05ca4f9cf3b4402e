import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../api/types';
import { useSession } from '../auth/session';
import { pollWhileVisible } from './useAsync';

/**
 * A list read a page at a time ("Load more" follows nextCursor): the first page again when the
 * query (deps) changes or after a re-sign-in, and optionally every pollMs while the tab is visible.
 */
export function usePagedList<T>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  deps: unknown[],
  /** How often to poll, possibly by what is shown (sooner while something is on its way). */
  pollMs?: number | ((items: T[]) => number),
) {
  const { epoch } = useSession();
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  // Only the latest request may fill the list: a slow earlier search must not overwrite a newer one.
  const latest = useRef(0);

  const load = useCallback(async (after: string | null) => {
    const seq = ++latest.current;
    try {
      const page = await fetchRef.current(after);
      if (seq !== latest.current) return;
      setItems((prev) => (after ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setError(null);
    } catch (e) {
      if (seq === latest.current) setError(e);
    } finally {
      if (seq === latest.current) setLoading(false);
    }
  }, []);

  /** The first page again (after a change, or polling): rows stay until it answers. */
  const reload = useCallback(() => load(null), [load]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: deps are the caller's query
  useEffect(() => {
    // A new query: no rows of the previous one may pass for its results.
    setItems([]);
    setCursor(null);
    setLoading(true);
    void load(null);
  }, [...deps, epoch, load]);

  const every = typeof pollMs === 'function' ? pollMs(items) : pollMs;
  useEffect(() => {
    if (every) return pollWhileVisible(reload, every);
  }, [reload, every]);

  const loadMore = useCallback(async () => {
    if (!cursor) return;
    setLoading(true);
    await load(cursor);
  }, [cursor, load]);

  return { items, setItems, cursor, loading, error, reload, loadMore };
}
