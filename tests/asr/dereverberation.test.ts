import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { enhanceWav } from '@dictum/core/capability/asr/enhance';
import { seededRandom } from '@dictum/core/capability/asr/model/training-text';
import { runProcess } from '@dictum/core/capability/audio/run-process';
import { readWavInfo, wavHeader } from '@dictum/core/capability/audio/wav-header';
import { wpeDereverberate } from '@dictum/core/capability/audio/wpe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Issue 17: the dereverberation in front of the room model. Bursts of noise (phrases) with silences
// between them go through sox's room, so what WPE takes out can be measured: the tail in the
// silences, and nothing of the phrases themselves.

const RATE = 16_000;
const BURST = 0.3 * RATE;
const PERIOD = 0.8 * RATE;
const LENGTH = 4 * RATE;

function bursts(seed: number): Float32Array {
  const random = seededRandom(seed);
  const x = new Float32Array(LENGTH);
  for (let i = 0; i < LENGTH; i++) x[i] = i % PERIOD < BURST ? (random() * 2 - 1) * 0.3 : 0;
  return x;
}

/** The bursts through sox's room (reverberance 60 %, damping 50 %, room scale 70 %, 20 ms pre-delay). */
async function reverberate(x: Float32Array, dir: string, name: string): Promise<Float32Array> {
  const dry = path.join(dir, `${name}.dry.wav`);
  const wet = path.join(dir, `${name}.wav`);
  await writeFile(dry, wavBytes(x));
  const sox = await runProcess(
    'sox',
    ['-q', '-R', dry, '-b', '16', wet, 'reverb', '60', '50', '70', '100', '20'],
    {
      timeoutMs: 30_000,
      captureStdout: false,
    },
  );
  expect(sox.code).toBe(0);
  return readSamples(wet, x.length);
}

function wavBytes(x: Float32Array): Buffer {
  const pcm = Int16Array.from(x, (v) => Math.round(Math.max(-1, Math.min(1, v)) * 32767));
  return Buffer.concat([wavHeader(pcm.byteLength, RATE, 1), Buffer.from(pcm.buffer)]);
}

async function readSamples(file: string, length: number): Promise<Float32Array> {
  const info = await readWavInfo(file);
  const bytes = await readFile(file);
  const samples = new Int16Array(bytes.buffer, bytes.byteOffset + info.dataOffset, length);
  return Float32Array.from(samples, (v) => v / 32768);
}

/** Mean power (dB) in the phrases and in the silences between them, the first 60 ms after each phrase left out. */
function levels(y: Float32Array): { phrases: number; silences: number } {
  let phrase = 0;
  let phraseN = 0;
  let silence = 0;
  let silenceN = 0;
  for (let i = 0; i < y.length; i++) {
    const at = i % PERIOD;
    if (at < BURST) {
      phrase += y[i]! ** 2;
      phraseN++;
    } else if (at > BURST + 0.06 * RATE) {
      silence += y[i]! ** 2;
      silenceN++;
    }
  }
  return { phrases: 10 * Math.log10(phrase / phraseN), silences: 10 * Math.log10(silence / silenceN) };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dictum-dereverb-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dereverberation (weighted prediction error)', () => {
  it('takes the tail of the room out of the pauses and leaves the phrases', async () => {
    const wet = await reverberate(bursts(11), dir, 'room');
    const before = levels(wet);
    const after = levels(wpeDereverberate(wet));
    // The room fills the pauses: its tail sits some 20 dB under the phrases.
    expect(before.phrases - before.silences).toBeLessThan(25);
    // Measured: 4.9 dB less tail in the pauses (10 taps: 1.0 dB), the phrases within 0.2 dB.
    expect(after.silences).toBeLessThan(before.silences - 3);
    expect(Math.abs(after.phrases - before.phrases)).toBeLessThan(1);
  });

  it('leaves audio without a room alone', () => {
    const dry = bursts(12);
    const out = wpeDereverberate(dry);
    let error = 0;
    let power = 0;
    for (let i = 0; i < dry.length; i++) {
      error += (out[i]! - dry[i]!) ** 2;
      power += dry[i]! ** 2;
    }
    // Less than 5 % of the signal's energy changed (13 dB).
    expect(10 * Math.log10(power / error)).toBeGreaterThan(13);
  });

  it('writes a 16 kHz WAV copy of the same length in a child process, and fails as a retry', async () => {
    const wet = await reverberate(bursts(13), dir, 'file');
    const input = path.join(dir, 'file.wav');
    const output = path.join(dir, 'file.dereverberated.wav');
    await enhanceWav(input, output, { step: 'dereverberation' }, { timeoutMs: 60_000 });
    const [a, b] = await Promise.all([readWavInfo(input), readWavInfo(output)]);
    expect(b).toMatchObject({ sampleRate: RATE, channels: 1, dataOffset: 44, dataBytes: a.dataBytes });
    const after = levels(await readSamples(output, wet.length));
    expect(after.silences).toBeLessThan(levels(wet).silences - 3);
    // A file that is not a WAV fails the way the engine retries, never silently.
    await writeFile(path.join(dir, 'bad.wav'), 'not audio');
    await expect(
      enhanceWav(
        path.join(dir, 'bad.wav'),
        path.join(dir, 'bad.out.wav'),
        { step: 'dereverberation' },
        { timeoutMs: 60_000 },
      ),
    ).rejects.toMatchObject({ kind: 'transient', reason: 'ENGINE_CRASHED' });
  });
});
