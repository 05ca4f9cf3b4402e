import type { CalibrationMaps } from './confidence';

// Written by `npm run eval:asr -- --calibrate` from the development set (words per acoustic model: base 7224; 2026-12-07); base is the pooled fit.
// The dev scripts were left out of the model that decoded them (--unseen-dev): the fit sees dictations new to the model.
export const POCKETSPHINX_CALIBRATION: CalibrationMaps = {
  base: [
    { raw: 0.013, p: 0.4 },
    { raw: 0.049, p: 0.538 },
    { raw: 0.139, p: 0.607 },
    { raw: 0.274, p: 0.658 },
    { raw: 0.342, p: 0.7 },
    { raw: 0.408, p: 0.777 },
    { raw: 0.478, p: 0.8 },
    { raw: 0.533, p: 0.863 },
    { raw: 0.575, p: 0.875 },
    { raw: 0.632, p: 0.9 },
    { raw: 0.698, p: 0.914 },
    { raw: 0.789, p: 0.927 },
    { raw: 0.87, p: 0.938 },
    { raw: 0.891, p: 0.95 },
    { raw: 0.906, p: 0.95 },
    { raw: 0.961, p: 0.96 },
    { raw: 0.995, p: 0.98 },
    { raw: 0.998, p: 0.985 },
    { raw: 0.999, p: 0.988 },
    { raw: 1, p: 0.999 },
  ],
};
