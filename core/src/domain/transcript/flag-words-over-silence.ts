import type { TimedWord } from './word';

export interface SilenceOptions {
  /** Peaks per second of the waveform (compute-peaks.ts uses 50). */
  pointsPerSecond?: number;
  /** A word whose loudest point stays below this (0..1 full scale) lies over silence. */
  threshold?: number;
  /** The confidence such a word is given at most, so editors already marking low confidence show it. */
  confidenceCap?: number;
}

export type FlaggedWord = TimedWord & { overSilence?: true };

/**
 * Flags draft words whose whole time span is (near) silent in the audio: recognisers sometimes
 * invent text over silence or noise, and a transcriptionist should look at those words first.
 * Flagged words keep their text and timing; their confidence is capped.
 */
export function flagWordsOverSilence(
  words: readonly TimedWord[],
  peaks: readonly number[],
  options: SilenceOptions = {},
): FlaggedWord[] {
  const pps = options.pointsPerSecond ?? 50;
  const threshold = options.threshold ?? 0.02;
  const cap = options.confidenceCap ?? 0.2;
  if (peaks.length === 0) return words.map((w) => ({ ...w }));
  return words.map((w) => {
    const from = Math.max(0, Math.floor(w.start * pps));
    const to = Math.min(peaks.length - 1, Math.max(from, Math.ceil(w.end * pps) - 1));
    if (from > peaks.length - 1) return { ...w };
    let loudest = 0;
    for (let i = from; i <= to; i++) loudest = Math.max(loudest, peaks[i] ?? 0);
    return loudest < threshold
      ? { ...w, confidence: Math.min(w.confidence, cap), overSilence: true as const }
      : { ...w };
  });
}
