import type { CalibrationPoint } from './confidence';

// Written by `npm run eval:asr -- --calibrate` from the development set; empty = not calibrated
// (confidences pass through unchanged).
export const POCKETSPHINX_CALIBRATION: CalibrationPoint[] = [];
