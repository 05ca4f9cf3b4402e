// Which words of a hypothesis a minimum word-edit alignment with the reference matches exactly:
// the confidence calibration labels recognised words right or wrong with it (bench/src/asr-eval),
// and a model refresh counts the words one model gets right and the other wrong (swap the
// arguments for the reference's words). Full matrix: for texts of a few thousand words at most.

/**
 * Reference × hypothesis words aligned at most (300 s of speech against its note: ~1 M cells): a
 * finalized note far longer than its draft (text pasted in, not dictated) is no reference for it.
 */
export const MAX_ALIGNED_CELLS = 4_000_000;

/** For each hypothesis token, whether the best alignment with the reference matches it exactly. */
export function alignCorrect(reference: readonly string[], hypothesis: readonly string[]): boolean[] {
  const n = reference.length;
  const m = hypothesis.length;
  const d: number[][] = Array.from({ length: n + 1 }, (_, i) => {
    const row = new Array<number>(m + 1).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j <= m; j++) d[0]![j] = j;
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++)
      d[i]![j] = Math.min(
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + 1,
        d[i - 1]![j - 1]! + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1),
      );
  const correct = new Array<boolean>(m).fill(false);
  let i = n;
  let j = m;
  // Backtrace preferring matches, then insertions and deletions, then substitutions: among equally
  // cheap alignments, the one that keeps the most words right.
  while (i > 0 && j > 0) {
    const same = reference[i - 1] === hypothesis[j - 1];
    if (same && d[i]![j] === d[i - 1]![j - 1]) {
      correct[j - 1] = true;
      i--;
      j--;
    } else if (d[i]![j] === d[i]![j - 1]! + 1) j--;
    else if (d[i]![j] === d[i - 1]![j]! + 1) i--;
    else {
      i--;
      j--;
    }
  }
  return correct;
}
