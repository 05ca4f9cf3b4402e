import type { CalibrationPoint } from './confidence';
import { calibrateConfidence } from './confidence';

// Fitting and checking word-confidence calibration (issue 17): recognised words labelled right or
// wrong (against what was said in the evaluation, against the finalized note in a refresh) are
// binned by raw confidence, and the bins' shares of right words are made monotone (pool adjacent
// violators). The evaluation fits the shipped maps with it; the model refresh fits the
// organisation's own map on its drafts (model/refit-confidence.ts).

export interface LabelledWord {
  confidence: number;
  correct: boolean;
}

/**
 * Bins of about this many words (at least 10, at most 200): ten fixed bins put a tenth of the
 * words in the lowest one, and where few words are wrong (dev decodes since the recording's own
 * cepstral mean: 399 of 7,224) that bin was mostly right and the fit flagged nothing; finer bins
 * resolve the low end where the wrong words are, and pooling adjacent violators keeps the noise
 * out. Measured on held-out and unseen sets (docs/asr-quality.md, "Confidence flag").
 */
const WORDS_PER_BIN = 40;

/** Isotonic fit over (up to) `bins` equal-count bins of raw confidence. */
export function fitCalibration(
  words: readonly LabelledWord[],
  bins = Math.min(200, Math.max(10, Math.floor(words.length / WORDS_PER_BIN))),
): CalibrationPoint[] {
  if (words.length < bins * 5) return [];
  const sorted = [...words].sort((a, b) => a.confidence - b.confidence);
  let blocks: { raw: number; right: number; n: number }[] = [];
  for (let b = 0; b < bins; b++) {
    const slice = sorted.slice(
      Math.floor((b * sorted.length) / bins),
      Math.floor(((b + 1) * sorted.length) / bins),
    );
    if (!slice.length) continue;
    blocks.push({
      raw: slice.reduce((s, w) => s + w.confidence, 0) / slice.length,
      right: slice.filter((w) => w.correct).length,
      n: slice.length,
    });
  }
  // Pool adjacent violators: the share of right words must not fall as confidence rises.
  let changed = true;
  while (changed) {
    changed = false;
    const out: typeof blocks = [];
    for (const b of blocks) {
      const last = out.at(-1);
      if (last && last.right / last.n > b.right / b.n) {
        out[out.length - 1] = {
          raw: (last.raw * last.n + b.raw * b.n) / (last.n + b.n),
          right: last.right + b.right,
          n: last.n + b.n,
        };
        changed = true;
      } else out.push(b);
    }
    blocks = out;
  }
  // Blocks at the same (rounded) confidence — many words score exactly 1 — are one point.
  const merged: typeof blocks = [];
  const key = (raw: number) => Math.round(raw * 1000);
  for (const b of blocks) {
    const last = merged.at(-1);
    if (last && key(last.raw) === key(b.raw))
      merged[merged.length - 1] = { raw: last.raw, right: last.right + b.right, n: last.n + b.n };
    else merged.push(b);
  }
  return merged.map((b) => ({
    raw: key(b.raw) / 1000,
    p: Math.round((b.right / b.n) * 1000) / 1000,
  }));
}

export interface FlagStats {
  threshold: number;
  words: number;
  wrong: number;
  flagged: number;
  /** Share of flagged words that were wrong. */
  precision: number;
  /** Share of wrong words that were flagged. */
  recall: number;
}

/** Precision and recall of "low confidence" (calibrated confidence below `threshold`) for wrong words. */
export function flagStats(
  words: readonly LabelledWord[],
  threshold: number,
  points?: readonly CalibrationPoint[],
): FlagStats {
  let flagged = 0;
  let flaggedWrong = 0;
  let wrong = 0;
  for (const w of words) {
    const c = calibrateConfidence(w.confidence, points);
    const low = c < threshold;
    if (!w.correct) wrong++;
    if (low) {
      flagged++;
      if (!w.correct) flaggedWrong++;
    }
  }
  return {
    threshold,
    words: words.length,
    wrong,
    flagged,
    precision: flagged ? flaggedWrong / flagged : 0,
    recall: wrong ? flaggedWrong / wrong : 0,
  };
}

/** Mean squared difference between the calibrated confidence and the outcome (lower is better). */
export function brierScore(words: readonly LabelledWord[], points?: readonly CalibrationPoint[]): number {
  if (!words.length) return 0;
  let sum = 0;
  for (const w of words) sum += (calibrateConfidence(w.confidence, points) - (w.correct ? 1 : 0)) ** 2;
  return sum / words.length;
}
