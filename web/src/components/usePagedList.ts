import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../api/types';
import { useSession } from '../auth/session';
import { pollWhileVisible } from './useAsync';

export interface PagedListOptions<T> {
  /** How often to poll, possibly by what is shown (sooner while something is on its way). */
  pollMs?: number | ((items: T[]) => number);
  /**
   * When the query changes, the previous rows stay on screen (`stale` until the new answer) instead
   * of blinking empty: for lists whose filters change as someone types.
   */
  keepPrevious?: boolean;
}

/**
 * A list read a page at a time ("Load more" follows nextCursor). When the query (deps) changes, or
 * after a re-sign-in, the first page again. Polling and `reload` read again as many pages as are
 * shown, so rows loaded with "Load more" stay, and a row that changed or left the list on any of
 * them (filed, claimed, cancelled) shows that rather than what it was.
 */
export function usePagedList<T>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  deps: unknown[],
  options: PagedListOptions<T> | number | ((items: T[]) => number) = {},
) {
  const { pollMs, keepPrevious } = typeof options === 'object' ? options : { pollMs: options };
  const { epoch } = useSession();
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [stale, setStale] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  // Only the latest request may fill the list: a slow earlier search must not overwrite a newer one.
  const latest = useRef(0);
  /** Pages on screen: what a reload reads again. */
  const pages = useRef(1);
  // A poll must not overtake a "Load more" on its way (the click would come to nothing).
  const loadingMore = useRef(false);

  const settle = useCallback((seq: number, update: () => void) => {
    if (seq !== latest.current) return;
    update();
    setError(null);
    setStale(false);
  }, []);

  const reload = useCallback(async () => {
    const seq = ++latest.current;
    try {
      const rows: T[] = [];
      let next: string | null = null;
      let read = 0;
      do {
        const page: Page<T> = await fetchRef.current(next);
        rows.push(...page.items);
        next = page.nextCursor;
        read++;
      } while (next && read < pages.current && seq === latest.current);
      settle(seq, () => {
        setItems(withoutRepeats(rows));
        setCursor(next);
      });
    } catch (e) {
      if (seq === latest.current) setError(e);
    } finally {
      if (seq === latest.current) setLoading(false);
    }
  }, [settle]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: deps are the caller's query
  useEffect(() => {
    pages.current = 1;
    if (keepPrevious) setStale(true);
    else {
      // A new query: no rows of the previous one may pass for its results.
      setItems([]);
      setCursor(null);
    }
    setLoading(true);
    void reload();
  }, [...deps, epoch, reload]);

  const every = typeof pollMs === 'function' ? pollMs(items) : pollMs;
  useEffect(() => {
    if (every) return pollWhileVisible(() => loadingMore.current || reload(), every);
  }, [reload, every]);

  const loadMore = useCallback(async () => {
    // While a new query loads, the cursor is still the previous query's.
    if (!cursor || stale) return;
    const seq = ++latest.current;
    loadingMore.current = true;
    setLoading(true);
    try {
      const page = await fetchRef.current(cursor);
      settle(seq, () => {
        pages.current++;
        setItems((prev) => withoutRepeats([...prev, ...page.items]));
        setCursor(page.nextCursor);
      });
    } catch (e) {
      if (seq === latest.current) setError(e);
    } finally {
      loadingMore.current = false;
      if (seq === latest.current) setLoading(false);
    }
  }, [cursor, stale, settle]);

  return { items, setItems, cursor, loading, stale, error, reload, loadMore };
}

/** A row that moved between pages while they were read shows once (rows with an id). */
function withoutRepeats<T>(rows: T[]): T[] {
  const seen = new Set<unknown>();
  return rows.filter((row) => {
    const id = (row as { id?: unknown }).id;
    if (id === undefined) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
