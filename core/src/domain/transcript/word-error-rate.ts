/** Lowercase, strip punctuation, split on whitespace: the normalisation for draft-vs-final WER. */
export function normalizeForWer(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s'/.-]/gu, ' ')
      // A point is kept only inside a number ("98.6"); after one it ends the sentence ("rate 72.").
      .replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
      .split(/\s+/)
      .filter(Boolean)
  );
}

/**
 * The most DP cells computed (~100 ms). Finalizing a note computes the draft's WER in the
 * request; two 30,000-word texts would be 900 million cells (seconds of blocked event loop).
 */
const MAX_CELLS = 10_000_000;

/**
 * Word-level edit distance (substitutions + insertions + deletions). The shared prefix and suffix
 * are stripped first (exact, and most of a corrected draft). When what remains is still too large,
 * the distance is computed within a band around the diagonal: exact whenever the best alignment
 * stays inside it, an upper bound otherwise, and bounded time either way.
 */
export function wordEditDistance(reference: readonly string[], hypothesis: readonly string[]): number {
  let start = 0;
  let refEnd = reference.length;
  let hypEnd = hypothesis.length;
  while (start < refEnd && start < hypEnd && reference[start] === hypothesis[start]) start++;
  while (refEnd > start && hypEnd > start && reference[refEnd - 1] === hypothesis[hypEnd - 1]) {
    refEnd--;
    hypEnd--;
  }
  // Words as small integers: comparing numbers in the inner loop, not strings.
  const ids = new Map<string, number>();
  const intern = (word: string) => {
    let id = ids.get(word);
    if (id === undefined) {
      id = ids.size;
      ids.set(word, id);
    }
    return id;
  };
  const ref = Int32Array.from(reference.slice(start, refEnd), intern);
  const hyp = Int32Array.from(hypothesis.slice(start, hypEnd), intern);
  const n = ref.length;
  const m = hyp.length;
  if (n === 0 || m === 0) return n + m;
  const band = n * m <= MAX_CELLS ? Math.max(n, m) : Math.floor(MAX_CELLS / (2 * Math.max(n, m)));
  // The corner must be inside the band for any alignment to exist within it.
  if (Math.abs(n - m) > band) return Math.max(n, m);
  const FAR = 0xffffffff;
  let prev = new Uint32Array(m + 1).map((_, j) => (j <= band ? j : FAR));
  // Cells never written stay FAR (outside the band); each row writes only its band and the cell left
  // of it, so a row costs its band's width, not the whole row.
  let curr = new Uint32Array(m + 1).fill(FAR);
  for (let i = 1; i <= n; i++) {
    const from = Math.max(1, i - band);
    const to = Math.min(m, i + band);
    curr[from - 1] = from === 1 ? i : FAR;
    for (let j = from; j <= to; j++) {
      const cost = ref[i - 1]! === hyp[j - 1]! ? 0 : 1;
      curr[j] = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, curr] = [curr, prev];
  }
  return Math.min(prev[m]!, Math.max(n, m));
}

export function wordErrorRate(reference: string, hypothesis: string) {
  const ref = normalizeForWer(reference);
  const hyp = normalizeForWer(hypothesis);
  const errors = wordEditDistance(ref, hyp);
  return {
    errors,
    referenceWords: ref.length,
    hypothesisWords: hyp.length,
    wer: ref.length ? errors / ref.length : hyp.length ? 1 : 0,
  };
}
