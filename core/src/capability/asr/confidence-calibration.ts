import type { CalibrationMaps } from './confidence';

// Written by `npm run eval:asr -- --calibrate` from the development set (words per acoustic model: base 1941, room 384; 2026-12-06); base is the pooled fit.
// The dev scripts were left out of the model that decoded them (--unseen-dev): the fit sees dictations new to the model.
export const POCKETSPHINX_CALIBRATION: CalibrationMaps = {
  base: [
    { raw: 0.12, p: 0.464 },
    { raw: 0.513, p: 0.778 },
    { raw: 0.778, p: 0.918 },
    { raw: 0.948, p: 0.948 },
    { raw: 0.997, p: 0.948 },
    { raw: 1, p: 0.999 },
  ],
  room: [
    { raw: 0.043, p: 0.395 },
    { raw: 0.199, p: 0.605 },
    { raw: 0.464, p: 0.667 },
    { raw: 0.683, p: 0.737 },
    { raw: 0.885, p: 0.897 },
    { raw: 0.99, p: 0.974 },
    { raw: 0.999, p: 1 },
    { raw: 1, p: 1 },
  ],
};
