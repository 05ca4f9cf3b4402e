import type { CalibrationPoint } from './confidence';

// Written by `npm run eval:asr -- --calibrate` from the development set (792 words, 2026-12-06); empty = not calibrated.
export const POCKETSPHINX_CALIBRATION: CalibrationPoint[] = [
  { raw: 0.238, p: 0.582 },
  { raw: 0.669, p: 0.886 },
  { raw: 0.893, p: 0.899 },
  { raw: 0.988, p: 0.937 },
  { raw: 1, p: 0.992 },
  { raw: 1, p: 1 },
  { raw: 1, p: 1 },
  { raw: 1, p: 1 },
];
