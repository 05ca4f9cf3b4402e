import type { CalibrationMaps } from './confidence';

// Written by `npm run eval:asr -- --calibrate` from the development set (words per acoustic model: base 1947, room 390; 2026-12-07); base is the pooled fit.
// The dev scripts were left out of the model that decoded them (--unseen-dev): the fit sees dictations new to the model.
export const POCKETSPHINX_CALIBRATION: CalibrationMaps = {
  base: [
    { raw: 0.15, p: 0.448 },
    { raw: 0.569, p: 0.831 },
    { raw: 0.804, p: 0.913 },
    { raw: 0.958, p: 0.943 },
    { raw: 0.997, p: 0.974 },
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
