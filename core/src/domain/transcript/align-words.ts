import type { TimedWord } from './word';

/**
 * Gives every word of an edited text a time span, keeping the timings of words that survived the
 * edit: a longest-common-subsequence match on the word sequence keeps unchanged words' timings;
 * inserted or changed words get times interpolated between their timed neighbours.
 */
export function alignWordsToText(previous: readonly TimedWord[], text: string): TimedWord[] {
  const tokens = text.split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return [];
  const prevNorm = previous.map((w) => normalize(w.text));
  const nextNorm = tokens.map(normalize);
  const matches = lcsPairs(prevNorm, nextNorm);
  const out: (TimedWord | null)[] = tokens.map(() => null);
  for (const [i, j] of matches) {
    const p = previous[i]!;
    out[j] = { text: tokens[j]!, start: p.start, end: p.end, confidence: p.confidence };
  }
  // Fill runs of unmatched words between timed anchors.
  let j = 0;
  while (j < out.length) {
    if (out[j]) {
      j++;
      continue;
    }
    let k = j;
    while (k < out.length && !out[k]) k++;
    const before = j > 0 ? out[j - 1]!.end : 0;
    const after = k < out.length ? out[k]!.start : Math.max(before, previous.at(-1)?.end ?? before);
    const span = Math.max(0, after - before);
    const count = k - j;
    for (let n = 0; n < count; n++) {
      const start = before + (span * n) / count;
      out[j + n] = {
        text: tokens[j + n]!,
        start: round(start),
        end: round(before + (span * (n + 1)) / count),
        confidence: 1,
      };
    }
    j = k;
  }
  return out as TimedWord[];
}

const normalize = (w: string) => w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
const round = (s: number) => Math.round(s * 1000) / 1000;

/** Index pairs of a longest common subsequence. O(n·m) memory-bounded by banding long inputs. */
function lcsPairs(a: string[], b: string[]): [number, number][] {
  // Trim the common prefix and suffix first: edits are local, so this usually leaves little.
  let lo = 0;
  while (lo < a.length && lo < b.length && a[lo] === b[lo]) lo++;
  let ha = a.length;
  let hb = b.length;
  while (ha > lo && hb > lo && a[ha - 1] === b[hb - 1]) {
    ha--;
    hb--;
  }
  const pairs: [number, number][] = [];
  for (let i = 0; i < lo; i++) pairs.push([i, i]);
  const midA = a.slice(lo, ha);
  const midB = b.slice(lo, hb);
  if (midA.length && midB.length && midA.length * midB.length <= 4_000_000) {
    const n = midA.length;
    const m = midB.length;
    const table = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        table[i * (m + 1) + j] =
          midA[i] === midB[j]
            ? table[(i + 1) * (m + 1) + j + 1]! + 1
            : Math.max(table[(i + 1) * (m + 1) + j]!, table[i * (m + 1) + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (midA[i] === midB[j]) {
        pairs.push([lo + i, lo + j]);
        i++;
        j++;
      } else if (table[(i + 1) * (m + 1) + j]! >= table[i * (m + 1) + j + 1]!) i++;
      else j++;
    }
  }
  for (let k = 0; k < a.length - ha; k++) pairs.push([ha + k, hb + k]);
  return pairs;
}
