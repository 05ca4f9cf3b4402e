import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { enhanceWav } from '@dictum/core/capability/asr/enhance';
import { seededRandom } from '@dictum/core/capability/asr/model/training-text';
import { expint, spectralDenoise } from '@dictum/core/capability/audio/spectral-denoise';
import { readWavInfo, wavHeader } from '@dictum/core/capability/audio/wav-header';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Issue 17: the denoiser in front of the noise model. "Phrases" (a chord of tones, as voiced
// speech has harmonics) alternate with pauses under a steady noise floor, so what it takes out can
// be measured: the floor in the pauses, and nothing of the phrases.

const RATE = 16_000;
const PHRASE = 0.4 * RATE;
const PERIOD = RATE;
const LENGTH = 5 * RATE;

function phrases(): Float32Array {
  const x = new Float32Array(LENGTH);
  for (let i = 0; i < LENGTH; i++)
    if (i % PERIOD < PHRASE)
      for (const hz of [220, 440, 660, 880, 1320])
        x[i] = x[i]! + 0.06 * Math.sin((2 * Math.PI * hz * i) / RATE);
  return x;
}

/** White noise scaled to `rms`, the same every run. */
function noise(rms: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: LENGTH }, () => (random() * 2 - 1) * rms * Math.sqrt(3));
}

function mix(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((v, i) => v + b[i]!);
}

/** Mean power (dB) in the phrases and in the pauses, 50 ms at each edge of a phrase left out. */
function levels(y: Float32Array): { phrases: number; pauses: number } {
  const edge = 0.05 * RATE;
  let phrase = 0;
  let phraseN = 0;
  let pause = 0;
  let pauseN = 0;
  for (let i = 0; i < y.length; i++) {
    const at = i % PERIOD;
    if (at >= edge && at < PHRASE - edge) {
      phrase += y[i]! ** 2;
      phraseN++;
    } else if (at >= PHRASE + edge && at < PERIOD - edge) {
      pause += y[i]! ** 2;
      pauseN++;
    }
  }
  return { phrases: 10 * Math.log10(phrase / phraseN), pauses: 10 * Math.log10(pause / pauseN) };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dictum-denoise-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('denoising (log-spectral amplitude estimator)', () => {
  it('computes the exponential integral the gain rests on', () => {
    // Reference values of E1 (Abramowitz & Stegun, table 5.1).
    expect(expint(0.1)).toBeCloseTo(1.822924, 5);
    expect(expint(1)).toBeCloseTo(0.219384, 5);
    expect(expint(5)).toBeCloseTo(0.001148296, 6);
  });

  it('lowers a steady noise floor in the pauses by up to its cap and keeps the phrases', () => {
    const clean = phrases();
    const noisy = mix(clean, noise(0.02, 3));
    const before = levels(noisy);
    const after = levels(spectralDenoise(noisy));
    // The floor goes down by most of the 18 dB cap; a weaker cap takes less.
    expect(after.pauses).toBeLessThan(before.pauses - 14);
    expect(after.pauses).toBeGreaterThan(before.pauses - 19);
    expect(levels(spectralDenoise(noisy, { maxReductionDb: 12 })).pauses).toBeGreaterThan(after.pauses + 4);
    expect(Math.abs(after.phrases - before.phrases)).toBeLessThan(1);
  });

  it('leaves audio without a noise floor alone', () => {
    const clean = phrases();
    const out = spectralDenoise(clean);
    let error = 0;
    let power = 0;
    for (let i = 0; i < clean.length; i++) {
      error += (out[i]! - clean[i]!) ** 2;
      power += clean[i]! ** 2;
    }
    expect(10 * Math.log10(power / error)).toBeGreaterThan(40);
  });

  it('writes a 16 kHz WAV copy of the same length in a child process, and fails as a retry', async () => {
    const noisy = mix(phrases(), noise(0.02, 4));
    const input = path.join(dir, 'noisy.wav');
    const output = path.join(dir, 'noisy.denoised.wav');
    const pcm = Int16Array.from(noisy, (v) => Math.round(Math.max(-1, Math.min(1, v)) * 32767));
    await writeFile(input, Buffer.concat([wavHeader(pcm.byteLength, RATE, 1), Buffer.from(pcm.buffer)]));
    await enhanceWav(input, output, { step: 'denoising' }, { timeoutMs: 60_000 });
    const [a, b] = await Promise.all([readWavInfo(input), readWavInfo(output)]);
    expect(b).toMatchObject({ sampleRate: RATE, channels: 1, dataOffset: 44, dataBytes: a.dataBytes });
    const bytes = await readFile(output);
    const out = Float32Array.from(
      new Int16Array(bytes.buffer, bytes.byteOffset + 44, LENGTH),
      (v) => v / 32768,
    );
    expect(levels(out).pauses).toBeLessThan(levels(noisy).pauses - 14);
    await writeFile(path.join(dir, 'bad.wav'), 'not audio');
    await expect(
      enhanceWav(
        path.join(dir, 'bad.wav'),
        path.join(dir, 'bad.out.wav'),
        { step: 'denoising' },
        { timeoutMs: 60_000 },
      ),
    ).rejects.toMatchObject({ kind: 'transient', reason: 'ENGINE_CRASHED' });
  });

  it('streams a long recording block by block: every block denoised, the copy as long, chunks before the data skipped', async () => {
    // 65 s: three blocks of audio/pcm-blocks.ts (30 s, 30 s and 5 s, each with its lead-in), in a
    // WAV whose data chunk follows a LIST chunk, as some encoders write it.
    const repeats = 13;
    const noisy = mix(phrases(), noise(0.02, 5));
    const pcm = new Int16Array(LENGTH * repeats);
    for (let r = 0; r < repeats; r++)
      for (let i = 0; i < LENGTH; i++)
        pcm[r * LENGTH + i] = Math.round(Math.max(-1, Math.min(1, noisy[i]!)) * 32767);
    const canonical = wavHeader(pcm.byteLength, RATE, 1);
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([8, 0, 0, 0]), Buffer.from('INFOabcd')]);
    const header = Buffer.concat([canonical.subarray(0, 36), list, canonical.subarray(36)]);
    header.writeUInt32LE(header.length - 8 + pcm.byteLength, 4);
    const input = path.join(dir, 'long.wav');
    const output = path.join(dir, 'long.denoised.wav');
    await writeFile(input, Buffer.concat([header, Buffer.from(pcm.buffer)]));
    await enhanceWav(input, output, { step: 'denoising' }, { timeoutMs: 60_000 });
    const info = await readWavInfo(output);
    expect(info).toMatchObject({ sampleRate: RATE, dataOffset: 44, dataBytes: pcm.byteLength });
    const bytes = await readFile(output);
    expect(bytes.length).toBe(44 + pcm.byteLength);
    const out = new Int16Array(bytes.buffer, bytes.byteOffset + 44, pcm.length);
    // Each block's own stretch (first, middle, last): the floor is down there, the phrases kept.
    for (const second of [5, 35, 60]) {
      const stretch = Float32Array.from(out.subarray(second * RATE, (second + 5) * RATE), (v) => v / 32768);
      expect(levels(stretch).pauses).toBeLessThan(levels(noisy).pauses - 14);
      expect(Math.abs(levels(stretch).phrases - levels(noisy).phrases)).toBeLessThan(1);
    }
  });
});
