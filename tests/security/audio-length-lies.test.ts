import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { normalizeAudio } from '@dictum/core/capability/audio/normalize-audio';
import { probeAudio } from '@dictum/core/capability/audio/probe-audio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  createTestPatient,
  type SignedInUser,
  signedInUser,
  type TestApp,
  uploadAs,
} from '../support/api-harness';

// An uploader controls the container header. A FLAC holding 24 h of silence (164 KB: silence
// compresses to almost nothing) whose STREAMINFO says 10 s passed the header-only duration check
// and was decoded by the worker into a 2.76 GB WAV. The limit is now checked on decoded audio.

const run = promisify(execFile);
const work = path.join(tmpdir(), 'dictum-audio-lies');
const LIMIT_SEC = 4 * 60 * 60; // the default UPLOAD_MAX_DURATION_SEC

/** Rewrites FLAC STREAMINFO's total-samples field (36 bits) so the header claims `seconds`. */
function claimDuration(flac: Buffer, seconds: number, sampleRate: number): Buffer {
  const out = Buffer.from(flac);
  if (out.subarray(0, 4).toString('latin1') !== 'fLaC') throw new Error('not FLAC');
  const samples = seconds * sampleRate;
  const at = 8 + 13; // after "fLaC" and the block header: 10 bytes of sizes, then 20+3+5 bits
  out[at] = (out[at]! & 0xf0) | Math.floor(samples / 2 ** 32);
  out.writeUInt32BE(samples % 2 ** 32, at + 1);
  return out;
}

/** Silence as FLAC with the largest frames, cached across runs (encoding 24 h takes ~20 s). */
async function silenceFlac(seconds: number): Promise<Buffer> {
  const file = path.join(work, `silence-${seconds}s.flac`);
  if (!existsSync(file)) {
    const partial = `${file}.${process.pid}.partial`;
    await run('nice', [
      ...['-n', '10', 'ffmpeg', '-v', 'error', '-nostdin', '-f', 'lavfi'],
      ...['-i', 'anullsrc=r=8000:cl=mono', '-t', String(seconds), '-c:a', 'flac', '-frame_size', '65535'],
      ...['-f', 'flac', '-y', partial],
    ]);
    await rename(partial, file);
  }
  return readFile(file);
}

let dir: string;
let lying24h: Buffer;
beforeAll(async () => {
  await mkdir(work, { recursive: true });
  dir = await mkdtemp(path.join(tmpdir(), 'dictum-audio-lies-run-'));
  lying24h = claimDuration(await silenceFlac(24 * 3600), 10, 8000);
}, 120_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('recording length is measured on decoded audio', () => {
  it('the crafted file: 164 KB, header says 10 s', async () => {
    expect(lying24h.length).toBeLessThan(400_000);
    const file = path.join(dir, 'lying.flac');
    await writeFile(file, lying24h);
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration',
      '-of',
      'csv=p=0',
      file,
    ]);
    expect(Number(stdout)).toBe(10);
  });

  it('probe reports the decoded length (past the limit), decoding no more than the limit', async () => {
    const file = path.join(dir, 'lying.flac');
    await writeFile(file, lying24h);
    const started = Date.now();
    const probe = await probeAudio(file, 'ffprobe', { ffmpegBin: 'ffmpeg', maxDurationSec: LIMIT_SEC });
    expect(probe.durationSec).toBeGreaterThan(LIMIT_SEC);
    expect(probe.durationSec).toBeLessThanOrEqual(LIMIT_SEC + 1.5);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('a header that understates a legal length: the true length is used', async () => {
    const file = path.join(dir, 'short-lie.flac');
    await writeFile(file, claimDuration(await silenceFlac(90), 10, 8000));
    const probe = await probeAudio(file, 'ffprobe', { ffmpegBin: 'ffmpeg', maxDurationSec: LIMIT_SEC });
    expect(probe.durationSec).toBeCloseTo(90, 0);
  });

  it('an honest file keeps its header length', async () => {
    const file = path.join(dir, 'honest.flac');
    await writeFile(file, await silenceFlac(90));
    const probe = await probeAudio(file, 'ffprobe', { ffmpegBin: 'ffmpeg', maxDurationSec: LIMIT_SEC });
    expect(probe.durationSec).toBe(90);
  });

  it('normalisation stops at the limit, caps the output, and refuses what is longer', async () => {
    const input = path.join(dir, 'lying-normalize.flac');
    await writeFile(input, lying24h);
    const output = path.join(dir, 'normalized.wav');
    const started = Date.now();
    // A small limit keeps the test quick; the same flags apply at 4 h.
    await expect(
      normalizeAudio(input, output, 'ffmpeg', { durationSec: 10, maxDurationSec: 60 }),
    ).rejects.toMatchObject({ reason: 'TOO_LONG' });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(existsSync(output)).toBe(false);
    // Nothing left behind: no multi-gigabyte partial.
    const leftovers = (await readdir(dir)).filter((n) => n.includes('partial'));
    expect(leftovers).toEqual([]);
  });

  it('within the limit, normalisation still works and the output is the true length', async () => {
    const input = path.join(dir, 'short-normalize.flac');
    await writeFile(input, claimDuration(await silenceFlac(90), 10, 8000));
    const output = path.join(dir, 'short.wav');
    const result = await normalizeAudio(input, output, 'ffmpeg', { durationSec: 10, maxDurationSec: 120 });
    expect(result.durationSec).toBeCloseTo(90, 0);
    expect((await stat(output)).size).toBeLessThan(44 + 121 * 32_000);
  });
});

describe('POST /dictations with a FLAC that lies about its length', () => {
  let t: TestApp;
  let physician: SignedInUser;
  beforeAll(async () => {
    t = await createTestApp();
    physician = await signedInUser(t, 'PHYSICIAN');
  });
  afterAll(async () => t.close());

  it('is refused with 422 AUDIO_TOO_LONG and nothing is created', async () => {
    const patient = await createTestPatient(t);
    const res = await uploadAs(
      physician,
      { patientMrn: patient.mrn, workType: 'PROGRESS', priority: 'ROUTINE' },
      { data: lying24h, filename: 'dictation.flac', contentType: 'audio/flac' },
    );
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.code).toBe('AUDIO_TOO_LONG');
    const rows = await t.ctx.db.dictation.count({ where: { patient: { mrn: patient.mrn } } });
    expect(rows).toBe(0);
  });
});
