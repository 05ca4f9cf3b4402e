import { execFile } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { AudioUndecodableError, probeAudio, siblingFfmpeg } from '@dictum/core/capability/audio/probe-audio';
import { ProcessStartError } from '@dictum/core/capability/audio/run-process';
import { readWavInfo } from '@dictum/core/capability/audio/wav-header';
import { beforeAll, describe, expect, it } from 'vitest';
import { lavfiFile, redPng } from '../support/media-files';
import { type SpeechFormat, synthesizeSpeech } from '../support/synthesize-speech';
import { tempDirForFile } from '../support/temp-dir';

const run = promisify(execFile);
const SENTENCE = 'the patient is a sixty year old man with chest pain';

const dir = tempDirForFile('dictum-probe');
let expectedSec: number;
beforeAll(async () => {
  expectedSec = (await readWavInfo(await synthesizeSpeech(SENTENCE, { format: 'wav' }))).durationSec;
});

async function reason(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AudioUndecodableError);
  expect((error as AudioUndecodableError).code).toBe('AUDIO_UNDECODABLE');
  return (error as AudioUndecodableError).reason;
}

describe('probeAudio', () => {
  const cases: Array<[SpeechFormat, string, string]> = [
    ['wav', 'pcm_s16le', 'wav'],
    ['mp3', 'mp3', 'mp3'],
    ['m4a', 'aac', 'mov,mp4,m4a,3gp,3g2,mj2'],
    ['ogg', 'opus', 'ogg'],
    ['webm', 'opus', 'matroska,webm'],
    ['flac', 'flac', 'flac'],
  ];
  it.each(cases)('measures %s', async (format, codec, formatName) => {
    const probe = await probeAudio(await synthesizeSpeech(SENTENCE, { format }), 'ffprobe');
    expect(probe.durationSec).toBeGreaterThan(expectedSec - 0.2);
    expect(probe.durationSec).toBeLessThan(expectedSec + 0.2);
    expect(probe).toMatchObject({ codec, formatName, channels: 1 });
    expect(probe.sampleRate).toBeGreaterThan(0);
  });

  it('measures MediaRecorder-style webm whose container has no duration by decoding it', async () => {
    const file = await synthesizeSpeech(SENTENCE, { format: 'webm', streamed: true });
    // The fixture really lacks the duration, so this exercises the decode path.
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_format', '-of', 'json', file]);
    expect(JSON.parse(stdout).format.duration).toBeUndefined();
    const probe = await probeAudio(file, '/usr/bin/ffprobe');
    expect(Math.abs(probe.durationSec - expectedSec)).toBeLessThan(0.2);
    expect(probe.codec).toBe('opus');
  });

  it('rejects a text file, an image, a missing file and an empty WAV with a reason', async () => {
    const text = path.join(dir, 'note.wav');
    await writeFile(text, 'not audio at all\n'.repeat(50));
    expect(await reason(probeAudio(text, 'ffprobe'))).toBe('NOT_MEDIA');

    const png = await redPng(path.join(dir, 'x.png'));
    expect(await reason(probeAudio(png, 'ffprobe'))).toBe('NO_AUDIO_STREAM');

    expect(await reason(probeAudio(path.join(dir, 'absent.wav'), 'ffprobe'))).toBe('NOT_READABLE');

    const empty = await lavfiFile(path.join(dir, 'empty.wav'), 'anullsrc=r=16000:cl=mono', ['-t', '0']);
    expect(await reason(probeAudio(empty, 'ffprobe'))).toBe('NO_DURATION');
  });

  it('gives up on a prober that hangs, and reports a missing prober as an ops problem', async () => {
    const slow = path.join(dir, 'slow-ffprobe');
    await writeFile(slow, '#!/bin/sh\nexec sleep 10\n');
    await chmod(slow, 0o755);
    const wav = await synthesizeSpeech(SENTENCE, { format: 'wav' });
    const started = Date.now();
    expect(await reason(probeAudio(wav, slow, { timeoutMs: 300 }))).toBe('PROBE_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(3000);
    await expect(probeAudio(wav, path.join(dir, 'no-such-ffprobe'))).rejects.toBeInstanceOf(
      ProcessStartError,
    );
  });

  it('finds ffmpeg beside ffprobe', () => {
    expect(siblingFfmpeg('ffprobe')).toBe('ffmpeg');
    expect(siblingFfmpeg('/opt/ff/bin/ffprobe')).toBe('/opt/ff/bin/ffmpeg');
  });
});
