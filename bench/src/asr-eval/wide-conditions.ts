import { rm } from 'node:fs/promises';
import { seededRandom } from '@dictum/core/capability/asr/model/training-text';
import { addNoise, ffmpeg, readPcm, run, writePcm } from './conditions';

// Training copies for the wide-band acoustic model (issue 17): the same families of degradation as
// the evaluation's noisy, fast and reverberant conditions, but never its chains — several SNRs,
// pink and babble noise, several rooms, several tempi and codecs — so the model adapts to the
// condition family, not to the test's exact settings.

/** `codec`: the clean utterance through a codec only (every family ends with one). */
export type WideFamily = 'pink' | 'babble' | 'reverb' | 'tempo' | 'codec';
export const WIDE_FAMILIES: WideFamily[] = ['pink', 'babble', 'reverb', 'tempo'];

/** The evaluation uses 12 dB pink noise, sox reverb 60 50 70 100 30 and tempo 1.2: none of these. */
const SNRS_DB = [8, 10, 11, 14, 16, 18];
const ROOMS = [
  ['40', '50', '50', '100', '10'],
  ['75', '40', '90', '100', '20'],
  ['50', '70', '60', '50', '0'],
  ['85', '30', '80', '100', '40'],
  ['65', '60', '100', '80', '15'],
];
const TEMPI = [1.1, 1.15, 1.18, 1.25];
const CODECS: string[][] = [
  ['-c:a', 'aac', '-b:a', '64k', '-f', 'ipod'],
  ['-c:a', 'libopus', '-b:a', '32k', '-f', 'ogg'],
  ['-c:a', 'libmp3lame', '-b:a', '40k', '-f', 'mp3'],
  ['-c:a', 'aac', '-b:a', '32k', '-f', 'ipod'],
  ['-c:a', 'libopus', '-b:a', '16k', '-f', 'ogg'],
  ['-c:a', 'libmp3lame', '-b:a', '24k', '-f', 'mp3'],
];

/** Several other utterances summed (each at unit RMS), looped to `length`: a room of talkers. */
export function babble(talkers: Int16Array[], length: number, seed: number): Float64Array {
  const rand = seededRandom(seed);
  const out = new Float64Array(length);
  for (const t of talkers) {
    let e = 0;
    for (const x of t) e += x * x;
    const rms = Math.sqrt(e / Math.max(1, t.length)) || 1;
    const offset = Math.floor(rand() * t.length);
    for (let i = 0; i < length; i++) out[i]! += t[(offset + i) % t.length]! / rms;
  }
  let e = 0;
  for (const x of out) e += x * x;
  const rms = Math.sqrt(e / Math.max(1, length)) || 1;
  for (let i = 0; i < length; i++) out[i]! /= rms;
  return out;
}

/**
 * Writes the `family` copy of the clean 16 kHz WAV `clean` (utterance `i`) as an encoded file at
 * `${base}.<ext>` and returns its path; `talkers` are other clean utterances, for babble.
 */
export async function wideCopy(
  family: WideFamily,
  clean: string,
  base: string,
  i: number,
  talkers: string[],
): Promise<string> {
  const codec = CODECS[i % CODECS.length]!;
  const out = `${base}.${codec.at(-1) === 'ipod' ? 'm4a' : codec.at(-1)}`;
  const snr = SNRS_DB[i % SNRS_DB.length]!;
  const scratch = `${base}.mix.wav`;
  try {
    switch (family) {
      case 'pink': {
        const { samples, sampleRate } = await readPcm(clean);
        await writePcm(scratch, addNoise(samples, snr, 7000 + i), sampleRate);
        break;
      }
      case 'babble': {
        const { samples, sampleRate } = await readPcm(clean);
        const others = await Promise.all(talkers.map(async (t) => (await readPcm(t)).samples));
        const noise = babble(others, samples.length, 9000 + i);
        await writePcm(scratch, addNoise(samples, snr, 0, noise), sampleRate);
        break;
      }
      case 'reverb':
        // -R: sox dithers its output with a fixed seed, so the copies (and what is built from them) are
        // the same on every machine; without it each build differed.
        await run('sox', ['-q', '-R', clean, scratch, 'reverb', ...ROOMS[i % ROOMS.length]!]);
        break;
      case 'tempo':
        await ffmpeg(['-i', clean, '-af', `atempo=${TEMPI[i % TEMPI.length]}`, scratch]);
        break;
      case 'codec':
        await ffmpeg(['-i', clean, scratch]);
        break;
    }
    await ffmpeg(['-i', scratch, '-ac', '1', '-ar', '48000', '-map_metadata', '-1', ...codec, out]);
    return out;
  } finally {
    await rm(scratch, { force: true });
  }
}
