/** Lowercase, strip punctuation, split on whitespace: the normalisation for draft-vs-final WER. */
export function normalizeForWer(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'/.-]/gu, ' ')
    .replace(/(?<!\d)[.](?!\d)/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** Word-level edit distance (substitutions + insertions + deletions). */
export function wordEditDistance(reference: readonly string[], hypothesis: readonly string[]): number {
  const m = hypothesis.length;
  let prev = new Uint32Array(m + 1).map((_, j) => j);
  let curr = new Uint32Array(m + 1);
  for (let i = 1; i <= reference.length; i++) {
    curr[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = reference[i - 1] === hypothesis[j - 1] ? 0 : 1;
      curr[j] = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[m]!;
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
