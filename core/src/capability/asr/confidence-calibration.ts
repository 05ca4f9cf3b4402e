import type { CalibrationPoint } from './confidence';

// Written by `npm run eval:asr -- --calibrate` from the development set (789 words, 2026-12-06); empty = not calibrated.
// That run decoded dev (first 12 scripts, clean + phone) with a model built without the dev scripts
// (as --unseen-dev builds it, passed with --model-dir), so the fit sees dictations new to the model.
export const POCKETSPHINX_CALIBRATION: CalibrationPoint[] = [
  { raw: 0.132, p: 0.321 },
  { raw: 0.576, p: 0.797 },
  { raw: 0.888, p: 0.861 },
  { raw: 0.997, p: 0.975 },
  { raw: 1, p: 0.987 },
  { raw: 1, p: 0.987 },
  { raw: 1, p: 1 },
  { raw: 1, p: 1 },
];
