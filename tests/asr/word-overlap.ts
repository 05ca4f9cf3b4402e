/** Share of the expected words (as a multiset, case- and punctuation-blind) found in `actual`. */
export function wordOverlap(expected: string, actual: string[]): number {
  const norm = (w: string) => w.toLowerCase().replace(/[^a-z0-9']/g, '');
  const pool = new Map<string, number>();
  for (const w of actual.map(norm).filter(Boolean)) pool.set(w, (pool.get(w) ?? 0) + 1);
  const wanted = expected.split(/\s+/).map(norm).filter(Boolean);
  let found = 0;
  for (const w of wanted) {
    const left = pool.get(w) ?? 0;
    if (left > 0) {
      found += 1;
      pool.set(w, left - 1);
    }
  }
  return wanted.length ? found / wanted.length : 1;
}
