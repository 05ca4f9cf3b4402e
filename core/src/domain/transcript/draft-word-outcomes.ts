import { LOW_CONFIDENCE } from '@dictum/contracts/confidence';
import { alignCorrect, MAX_ALIGNED_CELLS } from './align-correct';
import type { TimedWord } from './word';
import { normalizeForWer } from './word-error-rate';

// Which words of an engine draft survived into the signed-off note: what the editor's
// low-confidence flag is about. The confidence refit learns from it (refit-confidence.ts) and each
// finalized note records how the flag did (DraftQuality, GET /admin/quality).

/**
 * Per draft word: true when every token it normalises to is matched by the best word alignment
 * with the final text, false when the transcriptionist changed or removed it, undefined for a word
 * that normalises to nothing (a lone comma). Null when the two are too long to align in `maxCells`.
 */
export function draftWordsKept(
  words: readonly Pick<TimedWord, 'text'>[],
  finalText: string,
  maxCells = MAX_ALIGNED_CELLS,
): (boolean | undefined)[] | null {
  const tokens: string[] = [];
  const owner: number[] = [];
  words.forEach((w, i) => {
    for (const token of normalizeForWer(typeof w.text === 'string' ? w.text : '')) {
      tokens.push(token);
      owner.push(i);
    }
  });
  const reference = normalizeForWer(finalText);
  if (reference.length * Math.max(tokens.length, 1) > maxCells) return null;
  const kept = new Array<boolean | undefined>(words.length).fill(undefined);
  alignCorrect(reference, tokens).forEach((right, t) => {
    const i = owner[t]!;
    kept[i] = (kept[i] ?? true) && right;
  });
  return kept;
}

export interface FlagOutcome {
  /** Draft words the editor marked (confidence under LOW_CONFIDENCE, or heard over silence). */
  flaggedWords: number;
  /** Of those, the ones the transcriptionist changed. */
  flaggedChanged: number;
  /** Draft words the transcriptionist changed, flagged or not. */
  changedDraftWords: number;
}

/** How the editor's flag did on one draft against its final text; null when too long to align. */
export function flagOutcome(
  words: readonly (Pick<TimedWord, 'text' | 'confidence'> & { overSilence?: boolean })[],
  finalText: string,
  maxCells?: number,
): FlagOutcome | null {
  const kept = draftWordsKept(words, finalText, maxCells);
  if (!kept) return null;
  const outcome: FlagOutcome = { flaggedWords: 0, flaggedChanged: 0, changedDraftWords: 0 };
  words.forEach((w, i) => {
    if (kept[i] === undefined) return;
    const flagged = w.confidence < LOW_CONFIDENCE || w.overSilence === true;
    if (flagged) outcome.flaggedWords++;
    if (!kept[i]) {
      outcome.changedDraftWords++;
      if (flagged) outcome.flaggedChanged++;
    }
  });
  return outcome;
}
