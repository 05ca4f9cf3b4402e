import type { ChannelTag } from './channel-files';
import { POCKETSPHINX_CALIBRATION } from './confidence-calibration';

// Calibrated word confidences (issue 17). pocketsphinx's word posteriors are not probabilities of
// being right (on the evaluation corpus most wrong words still score near 1). The evaluation fits a
// monotone map from posterior to the observed share of correct words on the development set
// (bench/src/asr-eval/calibration.ts, `npm run eval:asr -- --calibrate`), written to
// confidence-calibration.ts; the engine reports confidences through it, so a word at 0.4 is wrong
// about six times in ten. The fit is made on dictations the language model has not seen (the dev
// set decoded with a model built without it): a fit on text the model was trained on is
// over-confident for every new dictation.

export interface CalibrationPoint {
  /** Raw engine confidence (bin mean). */
  raw: number;
  /** Share of words that were right at that confidence. */
  p: number;
}

/**
 * One map per decoding path: the same posterior means different odds through the noise or room
 * model (denoised or dereverberated audio) than through the wide-band one. A path gets its own map
 * only when the development set gave it enough wrong words to fit one; the others read `base`,
 * the pooled fit, which also serves Debian's model.
 */
export type CalibrationMaps = { base: CalibrationPoint[] } & Partial<Record<ChannelTag, CalibrationPoint[]>>;

/** The map for the acoustic model a word was decoded with (none: Debian's). */
export function calibrationFor(maps: CalibrationMaps, tag: ChannelTag | undefined): CalibrationPoint[] {
  return (tag && maps[tag]?.length ? maps[tag] : undefined) ?? maps.base;
}

/** Piecewise-linear through the points, flat beyond them; identity with no points. */
export function calibrateConfidence(
  raw: number,
  points: readonly CalibrationPoint[] = POCKETSPHINX_CALIBRATION.base,
): number {
  if (!points.length) return raw;
  if (raw <= points[0]!.raw) return points[0]!.p;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (raw <= b.raw) {
      const t = b.raw === a.raw ? 1 : (raw - a.raw) / (b.raw - a.raw);
      return Math.round((a.p + t * (b.p - a.p)) * 1000) / 1000;
    }
  }
  return points.at(-1)!.p;
}
