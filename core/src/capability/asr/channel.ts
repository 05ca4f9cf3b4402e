import { fft } from '../audio/fft';
import { readWavHead, readWavInfo, type WavInfo } from '../audio/wav-header';

// Which channel a recording came through (issue 17). Every upload is normalised to 16 kHz, so the
// original sample rate is gone by the time the engine sees it; the spectrum is not: telephone
// audio (8 kHz G.711, 300–3400 Hz) has next to no energy above 4 kHz, wide-band speech always has
// some (fricatives, breath, room noise). The engine decodes narrow-band audio with an acoustic
// model adapted to the telephone channel (channel-model.ts).
//
// The levels of the frames tell the room: clean dictation has near silence between phrases;
// steady noise (a fan, a ventilation system, the evaluation's pink noise) fills the pauses with a
// floor that barely moves; reverberation fills them with a tail that dies away. Measured on the
// evaluation's copies (38 files per condition, 32 ms frames, docs/asr-quality.md): clean, fast and
// phone audio 31–68 dB between loud and quiet frames; steady noise 16–19 dB, its quietest frames
// within 1.5–3.0 dB of each other; reverberant rooms 14–22 dB, quietest frames 6.2–42 dB apart;
// babble of three talkers 3.1–7.9 dB apart, between the two. A reverberant room heard through a
// long dictation with short pauses lands there too (4.5 dB over 55 s of speech): the engine decodes
// what lies between as a room (local-engine.ts).

/**
 * What the engine decodes differently: phone-line audio; audio under a steady noise floor (denoised,
 * then the noise model); audio whose pauses hold a decaying tail (the room model); pauses filled
 * with something in between (`fluctuating`: babble, or a room through a long dictation with short
 * pauses); and clean audio.
 */
export type RecordingCondition = 'narrow-band' | 'steady-noise' | 'reverberant' | 'fluctuating' | 'clean';

export interface ChannelAnalysis {
  /** Upper edge of the highest 250 Hz band within 50 dB of the loudest band (speech frames). */
  effectiveBandwidthHz: number;
  /** Energy of 4.5–7 kHz relative to 300–3400 Hz, in dB (speech frames only). */
  highBandDb: number;
  narrowBand: boolean;
  /** Level of the 90th-percentile frame over the 10th, in dB: how much quieter the pauses are. */
  dynamicRangeDb: number;
  /** Level of the 20th-percentile frame over the 5th, in dB: how steady the quietest frames are. */
  floorSpreadDb: number;
  /** Level of the 10th-percentile frame, dB below full scale: the noise floor, if there is one. */
  noiseFloorDbfs: number;
  condition: RecordingCondition;
}

const FRAME = 512;
/** Narrow band below this: measured on the corpus, wide-band speech (also MP3 32k, AAC 48k, Opus 24k) sits at -40 dB or above, 8 kHz μ-law at about -70 dB. */
export const NARROW_BAND_HIGH_DB = -55;
/** Less range than this between loud and quiet frames: the pauses are filled (noise or a room). Measured: 22.3 dB at most degraded, 31.4 dB at least clean (fast speech). */
export const FILLED_PAUSES_RANGE_DB = 27;
/** Quiet frames steadier than this: a steady noise floor. Measured: noise 3.0 dB at most, babble 3.1 at least. */
export const STEADY_FLOOR_SPREAD_DB = 3.5;
/** Quiet frames further apart than this: a reverberant room. Measured: rooms 6.2 dB at least. */
export const ROOM_FLOOR_SPREAD_DB = 6;

/** Channel analysis of 16-bit mono PCM samples. */
export function analyzeChannel(samples: Int16Array, sampleRate: number): ChannelAnalysis {
  const frames: Float64Array[] = [];
  const energies: number[] = [];
  const window = new Float64Array(FRAME);
  for (let i = 0; i < FRAME; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (FRAME - 1));
  for (let start = 0; start + FRAME <= samples.length; start += FRAME) {
    const re = new Float64Array(FRAME);
    const im = new Float64Array(FRAME);
    let e = 0;
    for (let i = 0; i < FRAME; i++) {
      const x = samples[start + i]!;
      e += x * x;
      re[i] = x * window[i]!;
    }
    fft(re, im);
    const power = new Float64Array(FRAME / 2);
    for (let k = 0; k < FRAME / 2; k++) power[k] = re[k]! * re[k]! + im[k]! * im[k]!;
    frames.push(power);
    energies.push(e);
  }
  const nyquist = sampleRate / 2;
  if (!frames.length)
    return {
      effectiveBandwidthHz: nyquist,
      highBandDb: 0,
      narrowBand: false,
      dynamicRangeDb: 0,
      floorSpreadDb: 0,
      noiseFloorDbfs: -120,
      condition: 'clean',
    };
  // Speech frames: the loudest 40 % (silence says nothing about the channel but its noise floor).
  const cut = [...energies].sort((a, b) => b - a)[Math.floor(energies.length * 0.4)]!;
  const spectrum = new Float64Array(FRAME / 2);
  for (const [i, p] of frames.entries()) {
    if (energies[i]! < cut) continue;
    for (let k = 0; k < p.length; k++) spectrum[k]! += p[k]!;
  }
  const hzPerBin = sampleRate / FRAME;
  const band = (lo: number, hi: number) => {
    let s = 0;
    for (let k = Math.ceil(lo / hzPerBin); k <= Math.min(FRAME / 2 - 1, Math.floor(hi / hzPerBin)); k++)
      s += spectrum[k]!;
    return s;
  };
  const tiny = 1e-9;
  const highBandDb =
    nyquist >= 7000 ? 10 * Math.log10((band(4500, 7000) + tiny) / (band(300, 3400) + tiny)) : -Infinity;
  const bands: number[] = [];
  for (let lo = 0; lo + 250 <= nyquist; lo += 250) bands.push(10 * Math.log10(band(lo, lo + 250) + tiny));
  const peak = Math.max(...bands);
  let edge = 0;
  for (const [i, db] of bands.entries()) if (db >= peak - 50) edge = (i + 1) * 250;
  const narrowBand = sampleRate <= 8000 || highBandDb < NARROW_BAND_HIGH_DB;
  const levels = frameLevels(energies);
  const condition: RecordingCondition = narrowBand
    ? 'narrow-band'
    : levels.dynamicRangeDb >= FILLED_PAUSES_RANGE_DB
      ? 'clean'
      : levels.floorSpreadDb < STEADY_FLOOR_SPREAD_DB
        ? 'steady-noise'
        : levels.floorSpreadDb > ROOM_FLOOR_SPREAD_DB
          ? 'reverberant'
          : 'fluctuating';
  return {
    effectiveBandwidthHz: edge,
    highBandDb: Math.round(highBandDb * 10) / 10,
    narrowBand,
    ...levels,
    condition,
  };
}

/** Percentile levels of the frames (energies of FRAME samples each), in dB. */
function frameLevels(energies: number[]) {
  const dbfs = energies.map((e) => 10 * Math.log10(e / FRAME / 32768 ** 2 + 1e-12)).sort((a, b) => a - b);
  const at = (p: number) => dbfs[Math.floor(p * (dbfs.length - 1))]!;
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    dynamicRangeDb: round(at(0.9) - at(0.1)),
    floorSpreadDb: round(at(0.2) - at(0.05)),
    noiseFloorDbfs: round(at(0.1)),
  };
}

/**
 * Channel analysis of (at most the first 60 s of) a 16-bit mono WAV file; `info` is its header when
 * the caller has read it already (the engine has, per transcription).
 */
export async function analyzeWavChannel(
  wavPath: string,
  maxSec = 60,
  info?: WavInfo,
): Promise<ChannelAnalysis> {
  info ??= await readWavInfo(wavPath);
  const buf = await readWavHead(wavPath, info, maxSec);
  const samples = new Int16Array(buf.buffer, buf.byteOffset, Math.floor(buf.length / 2));
  return analyzeChannel(samples, info.sampleRate);
}
