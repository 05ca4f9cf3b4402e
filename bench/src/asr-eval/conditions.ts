import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { seededRandom } from '@dictum/core/capability/asr/model/training-text';
import { normalizeAudio } from '@dictum/core/capability/audio/normalize-audio';
import { runProcess } from '@dictum/core/capability/audio/run-process';
import { readWavInfo, wavHeader } from '@dictum/core/capability/audio/wav-header';
import { babble } from './wide-conditions';

// Recording conditions for the ASR evaluation (issue 17): degraded copies of the clean 16 kHz
// corpus audio, made the same way every run (ffmpeg and sox with fixed settings, noise from a seeded
// generator), then normalised by the service's own ffmpeg step exactly as an upload would be.
//
//   phone   call-in dictation: 8 kHz, band-pass 300–3400 Hz, G.711 μ-law WAV
//   noisy   a noisy room: pink noise at 12 dB SNR (speech RMS over noise RMS), AAC 48 kbit/s
//   fast    a fast talker: tempo 1.2 (pitch kept), Opus 24 kbit/s
//   reverb  a reverberant office: sox reverb (reverberance 60 %, room scale 70 %, 30 ms pre-delay), MP3 32 kbit/s
//   babble  (extra) a noisy room of talkers: three other dictations summed, 12 dB SNR, AAC 48 kbit/s

export const CONDITIONS = ['clean', 'phone', 'noisy', 'fast', 'reverb'] as const;
/**
 * Run only when asked (`--conditions ...,babble`) and not pooled into "degraded overall", which is
 * the four: the noisy room with other talkers instead of pink noise.
 */
export const EXTRA_CONDITIONS = ['babble'] as const;
export type Condition = (typeof CONDITIONS)[number] | (typeof EXTRA_CONDITIONS)[number];

export const CONDITION_LABELS: Record<Condition, string> = {
  clean: 'clean (16 kHz, as synthesised)',
  phone: 'phone line (8 kHz, 300–3400 Hz, μ-law)',
  noisy: 'noisy room (pink noise 12 dB SNR, AAC 48k)',
  fast: 'fast talker (tempo 1.2, Opus 24k)',
  reverb: 'reverberant office (reverb, MP3 32k)',
  babble: 'babble (three other talkers at 12 dB SNR, AAC 48k)',
};

/** Bumped when a chain changes, so cached copies are remade. */
const CHAIN_VERSION = 2; // 2: the reverberant copy without random dither (sox -R)
export const NOISE_SNR_DB = 12;

/** Runs a tool of the degradation chains (also wide-conditions.ts), failing on a non-zero exit. */
export async function run(bin: string, args: string[]): Promise<void> {
  const r = await runProcess(bin, args, { timeoutMs: 300_000, captureStdout: false, stderrTailBytes: 2048 });
  if (r.code !== 0) throw new Error(`${bin} failed (${r.code}): ${r.stderrTail}`);
}

export const ffmpeg = (args: string[]) =>
  run('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args]);

/** 16-bit PCM samples of a mono WAV. */
export async function readPcm(wav: string): Promise<{ samples: Int16Array; sampleRate: number }> {
  const info = await readWavInfo(wav);
  const buf = await readFile(wav);
  const data = buf.subarray(info.dataOffset, info.dataOffset + info.dataBytes);
  const samples = new Int16Array(data.length / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(i * 2);
  return { samples, sampleRate: info.sampleRate };
}

export async function writePcm(wav: string, samples: Int16Array, sampleRate: number): Promise<void> {
  const header = wavHeader(samples.length * 2, sampleRate, 1);
  const body = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) body.writeInt16LE(samples[i]!, i * 2);
  await writeFile(wav, Buffer.concat([header, body]));
}

/** Pink noise (Paul Kellet's filter over white noise), unit RMS. */
export function pinkNoise(length: number, seed: number): Float64Array {
  const rand = seededRandom(seed);
  const out = new Float64Array(length);
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  let b4 = 0;
  let b5 = 0;
  let b6 = 0;
  for (let i = 0; i < length; i++) {
    const white = rand() * 2 - 1;
    b0 = 0.99886 * b0 + white * 0.0555179;
    b1 = 0.99332 * b1 + white * 0.0750759;
    b2 = 0.969 * b2 + white * 0.153852;
    b3 = 0.8665 * b3 + white * 0.3104856;
    b4 = 0.55 * b4 + white * 0.5329522;
    b5 = -0.7616 * b5 - white * 0.016898;
    out[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + white * 0.5362;
    b6 = white * 0.115926;
  }
  let energy = 0;
  for (const x of out) energy += x * x;
  const rms = Math.sqrt(energy / Math.max(1, length)) || 1;
  for (let i = 0; i < length; i++) out[i]! /= rms;
  return out;
}

/**
 * Speech plus noise at `snrDb` (RMS of the whole clip against RMS of the noise): seeded pink noise,
 * or `noise` (unit RMS, at least as long as the speech) when given.
 */
export function addNoise(
  samples: Int16Array,
  snrDb: number,
  seed: number,
  noise: Float64Array = pinkNoise(samples.length, seed),
): Int16Array {
  let energy = 0;
  for (const x of samples) energy += x * x;
  const speechRms = Math.sqrt(energy / Math.max(1, samples.length));
  const gain = speechRms / 10 ** (snrDb / 20);
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++)
    out[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i]! + noise[i]! * gain)));
  return out;
}

/** A telephone channel: the band edges (two-pole filters twice over), then G.711 μ-law at 8 kHz. */
export async function phoneLine(input: string, outWav: string): Promise<void> {
  await ffmpeg([
    ...['-i', input, '-af', 'highpass=f=300,highpass=f=300,lowpass=f=3400,lowpass=f=3400'],
    ...['-ar', '8000', '-ac', '1', '-c:a', 'pcm_mulaw', outWav],
  ]);
}

/** The encoded degraded file for `condition`, made from the clean 16 kHz WAV. */
async function encode(
  condition: Exclude<Condition, 'clean'>,
  clean: string,
  base: string,
  seed: number,
  talkers: string[],
) {
  switch (condition) {
    case 'babble': {
      const { samples, sampleRate } = await readPcm(clean);
      const others = await Promise.all(talkers.map(async (t) => (await readPcm(t)).samples));
      const mixed = `${base}.babble-mix.wav`;
      await writePcm(
        mixed,
        addNoise(samples, NOISE_SNR_DB, 0, babble(others, samples.length, seed)),
        sampleRate,
      );
      const out = `${base}.babble.m4a`;
      await ffmpeg(['-i', mixed, '-c:a', 'aac', '-b:a', '48k', out]);
      await rm(mixed, { force: true });
      return out;
    }
    case 'phone': {
      const out = `${base}.phone.wav`;
      await phoneLine(clean, out);
      return out;
    }
    case 'noisy': {
      const { samples, sampleRate } = await readPcm(clean);
      const mixed = `${base}.noisy-mix.wav`;
      await writePcm(mixed, addNoise(samples, NOISE_SNR_DB, seed), sampleRate);
      const out = `${base}.noisy.m4a`;
      await ffmpeg(['-i', mixed, '-c:a', 'aac', '-b:a', '48k', out]);
      await rm(mixed, { force: true });
      return out;
    }
    case 'fast': {
      const out = `${base}.fast.ogg`;
      await ffmpeg(['-i', clean, '-af', 'atempo=1.2', '-c:a', 'libopus', '-b:a', '24k', out]);
      return out;
    }
    case 'reverb': {
      const wet = `${base}.reverb-wet.wav`;
      // reverberance 60 %, HF damping 50 %, room scale 70 %, stereo depth 100 %, pre-delay 30 ms.
      // -R: sox dithers its output with a fixed seed, so the copies (and what is built from them) are
      // the same on every machine; without it each build differed.
      await run('sox', ['-q', '-R', clean, wet, 'reverb', '60', '50', '70', '100', '30']);
      const out = `${base}.reverb.mp3`;
      await ffmpeg(['-i', wet, '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '32k', out]);
      await rm(wet, { force: true });
      return out;
    }
  }
}

/**
 * The normalised 16 kHz WAV of `cleanWav` under `condition` (cached in `dir`), and its duration.
 * The condition's encoded file is decoded by the same normalisation an upload goes through.
 */
export async function degradedCopy(
  cleanWav: string,
  condition: Condition,
  dir: string,
  /** Clean WAVs of other talkers, for babble. */
  talkers: string[] = [],
): Promise<{ wav: string; durationSec: number }> {
  if (condition === 'clean') return { wav: cleanWav, durationSec: (await readWavInfo(cleanWav)).durationSec };
  const key = createHash('sha256')
    .update(
      JSON.stringify([
        path.basename(cleanWav),
        condition,
        CHAIN_VERSION,
        ...(condition === 'babble' ? talkers.map((t) => path.basename(t)) : []),
      ]),
    )
    .digest('hex')
    .slice(0, 20);
  const wav = path.join(dir, `${key}.wav`);
  if (existsSync(wav)) return { wav, durationSec: (await readWavInfo(wav)).durationSec };
  await mkdir(dir, { recursive: true });
  const base = path.join(dir, `${key}.tmp`);
  // The seed comes from the file name, so each utterance gets its own, repeatable noise.
  const seed = Number.parseInt(key.slice(0, 8), 16);
  const encoded = await encode(condition as Exclude<Condition, 'clean'>, cleanWav, base, seed, talkers);
  try {
    const { durationSec } = await normalizeAudio(encoded, wav, 'ffmpeg');
    return { wav, durationSec };
  } finally {
    await rm(encoded, { force: true });
  }
}
