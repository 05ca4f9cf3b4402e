import type { CalibrationMaps } from './confidence';

// Written by `npm run eval:asr -- --calibrate` from the development set (words per acoustic model: base 1950, room 390; 2026-12-07); base is the pooled fit.
// The dev scripts were left out of the model that decoded them (--unseen-dev): the fit sees dictations new to the model.
export const POCKETSPHINX_CALIBRATION: CalibrationMaps = {
  base: [
    { raw: 0.136, p: 0.436 },
    { raw: 0.56, p: 0.846 },
    { raw: 0.799, p: 0.892 },
    { raw: 0.956, p: 0.944 },
    { raw: 0.997, p: 0.979 },
    { raw: 1, p: 0.999 },
  ],
  room: [
    { raw: 0.05, p: 0.282 },
    { raw: 0.23, p: 0.564 },
    { raw: 0.525, p: 0.821 },
    { raw: 0.771, p: 0.872 },
    { raw: 0.942, p: 0.872 },
    { raw: 0.996, p: 0.949 },
    { raw: 0.999, p: 1 },
    { raw: 1, p: 1 },
  ],
};
