import { fft, ifft } from './fft';

// Short-time spectra for the enhancement steps (dereverberation, denoising): 512-point periodic
// Hann frames, any hop up to half a frame; the resynthesis is weighted overlap-add divided by the
// windows' summed squares, so an unmodified spectrum gives the input back.

export const FRAME = 512;
export const BINS = FRAME / 2 + 1;

const WINDOW = Float64Array.from(
  { length: FRAME },
  (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / FRAME),
);

/** Spectra stored bin-major (one contiguous series of `frames` values per bin). */
export interface Spectra {
  re: Float64Array;
  im: Float64Array;
  frames: number;
  hop: number;
}

/** The short-time spectra of `samples`; frame t covers samples t·hop − FRAME … t·hop − 1. */
export function stft(samples: Float32Array, hop: number): Spectra {
  const frames = Math.ceil((samples.length + FRAME) / hop);
  const xRe = new Float64Array(BINS * frames);
  const xIm = new Float64Array(BINS * frames);
  const re = new Float64Array(FRAME);
  const im = new Float64Array(FRAME);
  for (let t = 0; t < frames; t++) {
    const start = t * hop - FRAME;
    for (let n = 0; n < FRAME; n++) {
      const i = start + n;
      re[n] = i >= 0 && i < samples.length ? samples[i]! * WINDOW[n]! : 0;
      im[n] = 0;
    }
    fft(re, im);
    for (let f = 0; f < BINS; f++) {
      xRe[f * frames + t] = re[f]!;
      xIm[f * frames + t] = im[f]!;
    }
  }
  return { re: xRe, im: xIm, frames, hop };
}

/** `length` samples resynthesised from `spectra`. */
export function istft(spectra: Spectra, length: number): Float32Array {
  const { frames, hop } = spectra;
  const re = new Float64Array(FRAME);
  const im = new Float64Array(FRAME);
  const out = new Float64Array(length);
  const norm = new Float64Array(length);
  for (let t = 0; t < frames; t++) {
    for (let f = 0; f < BINS; f++) {
      re[f] = spectra.re[f * frames + t]!;
      im[f] = spectra.im[f * frames + t]!;
    }
    for (let f = BINS; f < FRAME; f++) {
      re[f] = re[FRAME - f]!;
      im[f] = -im[FRAME - f]!;
    }
    ifft(re, im);
    const start = t * hop - FRAME;
    for (let n = 0; n < FRAME; n++) {
      const i = start + n;
      if (i < 0 || i >= length) continue;
      out[i] = out[i]! + re[n]! * WINDOW[n]!;
      norm[i] = norm[i]! + WINDOW[n]! * WINDOW[n]!;
    }
  }
  const result = new Float32Array(length);
  for (let i = 0; i < length; i++) result[i] = norm[i]! > 1e-9 ? out[i]! / norm[i]! : 0;
  return result;
}
