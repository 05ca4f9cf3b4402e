import type { CalibrationMaps } from './confidence';

// Written by `npm run eval:asr -- --calibrate` from the development set (words per acoustic model: base 1940, noise 391, room 388; 2026-12-06); base is the pooled fit.
// The dev scripts were left out of the model that decoded them (--unseen-dev): the fit sees dictations new to the model.
export const POCKETSPHINX_CALIBRATION: CalibrationMaps = {
  base: [
    { raw: 0.102, p: 0.443 },
    { raw: 0.452, p: 0.773 },
    { raw: 0.71, p: 0.887 },
    { raw: 0.95, p: 0.946 },
    { raw: 0.999, p: 0.979 },
    { raw: 1, p: 1 },
  ],
  noise: [
    { raw: 0.054, p: 0.436 },
    { raw: 0.23, p: 0.667 },
    { raw: 0.437, p: 0.846 },
    { raw: 0.655, p: 0.846 },
    { raw: 0.817, p: 0.897 },
    { raw: 0.969, p: 0.949 },
    { raw: 0.998, p: 0.974 },
    { raw: 1, p: 1 },
  ],
  room: [
    { raw: 0.035, p: 0.263 },
    { raw: 0.206, p: 0.59 },
    { raw: 0.473, p: 0.718 },
    { raw: 0.781, p: 0.859 },
    { raw: 0.994, p: 0.961 },
    { raw: 1, p: 1 },
  ],
};
