import { execFile } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { computePeaks } from '@dictum/core/capability/audio/compute-peaks';
import { normalizeAudio, splitWav } from '@dictum/core/capability/audio/normalize-audio';
import { AudioUndecodableError } from '@dictum/core/capability/audio/probe-audio';
import { readWavInfo, wavHeader } from '@dictum/core/capability/audio/wav-header';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SpeechFormat, synthesizeSpeech } from '../support/synthesize-speech';
import { tempDirForFile } from '../support/temp-dir';

const run = promisify(execFile);
const SENTENCE = 'the patient is a sixty year old man with chest pain';
const PARAGRAPH =
  'the patient is a sixty year old man with chest pain. he has a history of high blood pressure. ' +
  'the pain started two days ago after he walked up the stairs. there is no fever and no cough.';

const dir = tempDirForFile('dictum-normalize');
let expectedSec: number;
beforeAll(async () => {
  expectedSec = (await readWavInfo(await synthesizeSpeech(SENTENCE, { format: 'wav' }))).durationSec;
});

describe('normalizeAudio', () => {
  it.each<SpeechFormat>(['wav', 'mp3', 'm4a', 'ogg', 'flac'])(
    'turns %s into 16 kHz mono 16-bit WAV',
    async (format) => {
      const out = path.join(dir, `${format}.wav`);
      const result = await normalizeAudio(await synthesizeSpeech(SENTENCE, { format }), out, 'ffmpeg');
      const info = await readWavInfo(out);
      expect(info).toMatchObject({
        sampleRate: 16000,
        channels: 1,
        bitsPerSample: 16,
        formatTag: 1,
        dataOffset: 44,
      });
      expect(Math.abs(info.durationSec - expectedSec)).toBeLessThan(0.2);
      expect(result).toEqual({ durationSec: info.durationSec, bytes: (await stat(out)).size });
      // ffprobe agrees, and no metadata survived into the file.
      const { stdout } = await run('ffprobe', [
        '-v',
        'error',
        '-show_streams',
        '-show_format',
        '-of',
        'json',
        out,
      ]);
      const probed = JSON.parse(stdout);
      expect(probed.streams[0]).toMatchObject({ codec_name: 'pcm_s16le', sample_rate: '16000', channels: 1 });
      expect(probed.format.tags).toBeUndefined();
    },
  );

  it('normalises MediaRecorder-style webm', async () => {
    const out = path.join(dir, 'streamed.wav');
    const { durationSec } = await normalizeAudio(
      await synthesizeSpeech(SENTENCE, { format: 'webm', streamed: true }),
      out,
      'ffmpeg',
    );
    expect(Math.abs(durationSec - expectedSec)).toBeLessThan(0.2);
  });

  it('fails undecodable input with a reason and leaves no output behind', async () => {
    const text = path.join(dir, 'note.mp3');
    await writeFile(text, 'definitely not audio\n'.repeat(100));
    const out = path.join(dir, 'never.wav');
    const error = await normalizeAudio(text, out, 'ffmpeg').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AudioUndecodableError);
    expect((error as AudioUndecodableError).reason).toBe('DECODE_FAILED');
    expect((await readdir(dir)).filter((f) => f.startsWith('never'))).toEqual([]);
  });
});

describe('splitWav', () => {
  it('returns a file within the limit as it is', async () => {
    const wav = path.join(dir, 'small.wav');
    await normalizeAudio(await synthesizeSpeech(SENTENCE, { format: 'wav' }), wav, 'ffmpeg');
    const chunks = await splitWav(wav, 25 * 1024 * 1024, path.join(dir, 'unused'));
    expect(chunks).toEqual([{ path: wav, offsetSec: 0, durationSec: (await readWavInfo(wav)).durationSec }]);
  });

  it('splits at quiet moments into contiguous chunks no larger than the limit', async () => {
    const wav = path.join(dir, 'paragraph.wav');
    const { durationSec } = await normalizeAudio(
      await synthesizeSpeech(PARAGRAPH, { format: 'wav' }),
      wav,
      'ffmpeg',
    );
    const maxBytes = 100_000; // about 3.1 s of 16 kHz audio
    const chunks = await splitWav(wav, maxBytes, path.join(dir, 'chunks'));
    expect(chunks.length).toBeGreaterThanOrEqual(Math.ceil(durationSec / 3.1));

    const original = await readFile(wav);
    const samples = original.subarray(44);
    let offset = 0;
    for (const chunk of chunks) {
      const info = await readWavInfo(chunk.path);
      expect((await stat(chunk.path)).size).toBeLessThanOrEqual(maxBytes);
      expect(info).toMatchObject({ sampleRate: 16000, channels: 1 });
      expect(chunk.offsetSec).toBeCloseTo(offset, 6);
      expect(chunk.durationSec).toBeCloseTo(info.durationSec, 6);
      // Byte-exact copies of the original's samples.
      const start = Math.round(chunk.offsetSec * 32000);
      expect(
        (await readFile(chunk.path)).subarray(44).equals(samples.subarray(start, start + info.dataBytes)),
      ).toBe(true);
      offset += chunk.durationSec;
    }
    expect(offset).toBeCloseTo(durationSec, 6);

    // Each cut sits where the audio is much quieter than the speech on average.
    const rms = (from: number, to: number) => {
      let sum = 0;
      for (let i = from; i < to; i += 2) sum += samples.readInt16LE(i) ** 2;
      return Math.sqrt(sum / ((to - from) / 2));
    };
    const overall = rms(0, samples.length);
    for (const chunk of chunks.slice(1)) {
      const at = Math.round(chunk.offsetSec * 32000);
      expect(rms(at - 320, at + 320)).toBeLessThan(overall / 4);
    }
  });
});

describe('computePeaks', () => {
  it('gives one point per bucket over the whole duration', async () => {
    const wav = path.join(dir, 'peaks.wav');
    const { durationSec } = await normalizeAudio(
      await synthesizeSpeech(SENTENCE, { format: 'mp3' }),
      wav,
      'ffmpeg',
    );
    const result = await computePeaks(wav);
    expect(result.durationSec).toBeCloseTo(durationSec, 6);
    expect(result.peaks).toHaveLength(Math.ceil(durationSec * 50));
    expect(result.peaks.every((p) => p >= 0 && p <= 1 && Math.round(p * 1000) === p * 1000)).toBe(true);
    expect(Math.max(...result.peaks)).toBeGreaterThan(0.05);
    expect((await computePeaks(wav, 10)).peaks).toHaveLength(Math.ceil(durationSec * 10));
  });

  it('reports the largest absolute sample of each bucket', async () => {
    // 1.01 s: 0.5 s at +0.5, 0.5 s of silence with one -0.25 sample, then 10 ms at full scale.
    const frames = 16160;
    const data = Buffer.alloc(frames * 2);
    for (let i = 0; i < 8000; i++) data.writeInt16LE(16384, i * 2);
    data.writeInt16LE(-8192, 12000 * 2);
    for (let i = 16000; i < frames; i++) data.writeInt16LE(-32768, i * 2);
    const wav = path.join(dir, 'pattern.wav');
    await writeFile(wav, Buffer.concat([wavHeader(data.length, 16000, 1), data]));
    const { peaks, durationSec } = await computePeaks(wav, 50);
    expect(durationSec).toBeCloseTo(1.01, 6);
    expect(peaks).toHaveLength(51);
    expect(peaks.slice(0, 25)).toEqual(Array(25).fill(0.5));
    expect(peaks[37]).toBe(0.25);
    expect(peaks.slice(25, 50).filter((p) => p !== 0)).toEqual([0.25]);
    expect(peaks[50]).toBe(1);
  });
});
