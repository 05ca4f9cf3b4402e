import { BINS, FRAME, istft, stft } from './stft';

// Steady-noise suppression for speech recognition: the log-spectral amplitude estimator of Ephraim
// and Malah (1985) with the decision-directed a priori SNR, on 512-point frames at hop 128. The
// noise spectrum is that of the recording's quietest frames, averaged bin by bin — the engine only
// calls this for audio its detector classed as steady noise (channel.ts), whose floor does not
// move, so one estimate per block is better than a tracker that has to guess when speech stops.
// The attenuation is capped: removing more than the noise takes speech with it (docs/asr-quality.md).

export interface SpectralDenoiseOptions {
  /** Largest attenuation of any bin, dB. */
  maxReductionDb?: number;
  /** The share of frames, quietest first, whose spectra make the noise estimate. */
  quietShare?: number;
  /** Weight of the previous frame's clean estimate in the a priori SNR (decision-directed). */
  smoothing?: number;
  hop?: number;
}

/** Denoised copy of `samples` (mono, any scale). */
export function spectralDenoise(samples: Float32Array, options: SpectralDenoiseOptions = {}): Float32Array {
  const minGain = 10 ** (-(options.maxReductionDb ?? 18) / 20);
  const alpha = options.smoothing ?? 0.98;
  const x = stft(samples, options.hop ?? 128);
  const noise = noiseSpectrum(x.re, x.im, x.frames, options.quietShare ?? 0.15, x.hop);
  const { frames } = x;
  for (let f = 0; f < BINS; f++) {
    const lambda = Math.max(1e-20, noise[f]!);
    let previousClean = 0; // |Â|² of the frame before, over λ
    for (let t = 0; t < frames; t++) {
      const i = f * frames + t;
      const power = x.re[i]! ** 2 + x.im[i]! ** 2;
      const posterior = power / lambda;
      const prior = Math.max(1e-3, alpha * previousClean + (1 - alpha) * Math.max(0, posterior - 1));
      const v = (prior / (1 + prior)) * posterior;
      const lsa = (prior / (1 + prior)) * Math.exp(0.5 * expint(v));
      const gain = Math.min(1, Math.max(minGain, lsa));
      x.re[i] = x.re[i]! * gain;
      x.im[i] = x.im[i]! * gain;
      previousClean = gain * gain * posterior;
    }
  }
  return istft(x, samples.length);
}

/** Mean power per bin over the quietest frames (those only partly inside the audio left out). */
function noiseSpectrum(
  re: Float64Array,
  im: Float64Array,
  frames: number,
  share: number,
  hop: number,
): Float64Array {
  const edge = Math.ceil(FRAME / hop);
  const inside: number[] = [];
  for (let t = edge; t < frames - edge; t++) inside.push(t);
  if (inside.length === 0) for (let t = 0; t < frames; t++) inside.push(t);
  const energy = new Float64Array(frames);
  for (let f = 0; f < BINS; f++)
    for (let t = 0; t < frames; t++)
      energy[t] = energy[t]! + re[f * frames + t]! ** 2 + im[f * frames + t]! ** 2;
  inside.sort((a, b) => energy[a]! - energy[b]!);
  const quiet = inside.slice(0, Math.max(1, Math.round(inside.length * share)));
  const spectrum = new Float64Array(BINS);
  for (let f = 0; f < BINS; f++) {
    let sum = 0;
    for (const t of quiet) sum += re[f * frames + t]! ** 2 + im[f * frames + t]! ** 2;
    spectrum[f] = sum / quiet.length;
  }
  return spectrum;
}

/** The exponential integral E1(x), x > 0 (series below 1, Abramowitz & Stegun 5.1.56 above). */
export function expint(x: number): number {
  if (x <= 0) return Number.POSITIVE_INFINITY;
  if (x < 1) {
    let sum = 0;
    let term = 1;
    for (let k = 1; k <= 30; k++) {
      term *= -x / k;
      sum -= term / k;
    }
    return -0.5772156649015329 - Math.log(x) + sum;
  }
  const num = x * x + 2.334733 * x + 0.250621;
  const den = x * x + 3.330657 * x + 1.681534;
  return (Math.exp(-x) / x) * (num / den);
}
