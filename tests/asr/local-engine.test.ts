import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TranscriptionError } from '@dictum/core/capability/asr/engine';
import { LocalPocketsphinxEngine, parsePocketsphinxOutput } from '@dictum/core/capability/asr/local-engine';
import { normalizeAudio } from '@dictum/core/capability/audio/normalize-audio';
import { runProcess } from '@dictum/core/capability/audio/run-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeSpeech } from '../support/synthesize-speech';
import { wordOverlap } from './word-overlap';

const SENTENCE = 'the patient is a sixty year old man with chest pain';

let dir: string;
let wav: string;
let durationSec: number;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dictum-local-asr-'));
  wav = path.join(dir, 'sentence.wav');
  ({ durationSec } = await normalizeAudio(
    await synthesizeSpeech(SENTENCE, { format: 'mp3' }),
    wav,
    'ffmpeg',
  ));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<TranscriptionError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TranscriptionError);
  return error as TranscriptionError;
}

describe('LocalPocketsphinxEngine', () => {
  it('is available with Debian’s pocketsphinx and model, and not without them', async () => {
    expect(await new LocalPocketsphinxEngine().available()).toBe(true);
    expect(await new LocalPocketsphinxEngine({ bin: 'no-such-pocketsphinx' }).available()).toBe(false);
    expect(await new LocalPocketsphinxEngine({ modelDir: path.join(dir, 'nowhere') }).available()).toBe(
      false,
    );
  });

  it('recognises a synthesized sentence with word timings inside the audio', async () => {
    const engine = new LocalPocketsphinxEngine({ bin: 'pocketsphinx_continuous' });
    const result = await engine.transcribe(wav, { durationSec });
    expect(result).toMatchObject({ engine: 'pocketsphinx', model: 'en-us' });
    expect(
      wordOverlap(
        SENTENCE,
        result.words.map((w) => w.text),
      ),
    ).toBeGreaterThanOrEqual(0.6);
    expect(result.text).toBe(result.words.map((w) => w.text).join(' '));
    let previousEnd = 0;
    for (const word of result.words) {
      expect(word.text).toMatch(/^[a-z']+$/); // no <s>, <sil>, [NOISE] or "(2)" left
      expect(word.start).toBeGreaterThanOrEqual(previousEnd);
      expect(word.end).toBeGreaterThan(word.start);
      expect(word.end).toBeLessThanOrEqual(durationSec);
      expect(word.confidence).toBeGreaterThanOrEqual(0);
      expect(word.confidence).toBeLessThanOrEqual(1);
      previousEnd = word.end;
    }
    expect(result.engineSeconds).toBeGreaterThan(0);
    console.info(
      `pocketsphinx real-time factor ${(result.engineSeconds / durationSec).toFixed(2)} (incl. model load)`,
    );
  });

  it('refuses input that is not the normalised WAV, permanently', async () => {
    const engine = new LocalPocketsphinxEngine();
    const missing = await failure(engine.transcribe(path.join(dir, 'absent.wav'), { durationSec: 1 }));
    expect(missing).toMatchObject({ kind: 'permanent', reason: 'AUDIO_UNDECODABLE' });
    const festival = await synthesizeSpeech(SENTENCE, { format: 'wav' }); // 32 kHz
    const wrongRate = await failure(engine.transcribe(festival, { durationSec }));
    expect(wrongRate).toMatchObject({ kind: 'permanent', reason: 'AUDIO_UNDECODABLE' });
  });

  it('classifies a crash, a timeout and a missing binary as transient', async () => {
    const crashed = await failure(
      new LocalPocketsphinxEngine({ lm: path.join(dir, 'missing.lm') }).transcribe(wav, { durationSec }),
    );
    expect(crashed).toMatchObject({ kind: 'transient', reason: 'ENGINE_CRASHED' });

    const slow = new LocalPocketsphinxEngine({ timeoutFactor: 0, minTimeoutMs: 50 });
    expect(await failure(slow.transcribe(wav, { durationSec }))).toMatchObject({
      kind: 'transient',
      reason: 'ENGINE_TIMEOUT',
    });

    const absent = new LocalPocketsphinxEngine({ bin: path.join(dir, 'pocketsphinx_continuous') });
    expect(await failure(absent.transcribe(wav, { durationSec }))).toMatchObject({
      kind: 'transient',
      reason: 'ENGINE_UNAVAILABLE',
    });
  });

  it('stops when the job is aborted', async () => {
    const controller = new AbortController();
    const pending = new LocalPocketsphinxEngine().transcribe(wav, { durationSec, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow();
  });
});

describe('speaker adaptation (two passes)', () => {
  const PASSAGE =
    'the patient is a sixty year old man with chest pain that started two days ago ' +
    'he has a history of high blood pressure and takes his medicine every morning ' +
    'we will check his heart and see him again next week';

  it('adapts the model to the recording between two passes and keeps nothing of it', async () => {
    const passage = path.join(dir, 'passage.wav');
    const { durationSec: seconds } = await normalizeAudio(
      await synthesizeSpeech(PASSAGE, { format: 'wav' }),
      passage,
      'ffmpeg',
    );
    const engine = new LocalPocketsphinxEngine({ speakerAdaptation: true, minTimeoutMs: 120_000 });
    const adapted = await engine.transcribe(passage, { durationSec: seconds });
    expect(adapted.model).toBe('en-us+mllr');
    expect(
      wordOverlap(
        PASSAGE,
        adapted.words.map((w) => w.text),
      ),
    ).toBeGreaterThan(0.5);
    // Too few words for a transform: the first pass is the draft.
    expect((await engine.transcribe(wav, { durationSec })).model).toBe('en-us');
    // The features, statistics and transform (derived from patient audio) are gone.
    expect((await readdir(dir)).filter((f) => f.includes('.adaptation'))).toEqual([]);
  }, 300_000);
});

describe('the recording’s own cepstral mean', () => {
  const PASSAGE =
    'the patient is a sixty year old man with chest pain that started two days ago ' +
    'he has a history of high blood pressure';

  it('decodes a muffled microphone from its first word, keeps nothing of it, and falls back without sphinx_fe', async () => {
    // A microphone that loses everything above 2.5 kHz: its cepstral mean is far from the model's.
    const muffledSource = path.join(dir, 'muffled-source.wav');
    const shaped = await runProcess(
      'ffmpeg',
      [
        '-nostdin',
        '-loglevel',
        'error',
        '-y',
        '-i',
        await synthesizeSpeech(PASSAGE, { format: 'wav' }),
      ].concat(['-af', 'lowpass=f=2500,lowpass=f=2500', muffledSource]),
      { timeoutMs: 30_000, captureStdout: false },
    );
    expect(shaped.code).toBe(0);
    const muffled = path.join(dir, 'muffled.wav');
    const { durationSec: seconds } = await normalizeAudio(muffledSource, muffled, 'ffmpeg');
    const overlap = (text: string) => wordOverlap(PASSAGE, text.split(' '));

    const own = await new LocalPocketsphinxEngine().transcribe(muffled, { durationSec: seconds });
    const modelMean = await new LocalPocketsphinxEngine({ recordingCmn: false }).transcribe(muffled, {
      durationSec: seconds,
    });
    // From the model's mean the first stretch of speech is lost (seen: "the patient advocate here on
    // on with it at all that started to do"); from the recording's own, the passage is there.
    expect(overlap(own.text)).toBeGreaterThanOrEqual(0.8);
    expect(overlap(own.text)).toBeGreaterThan(overlap(modelMean.text) + 0.2);
    expect(own.model).toBe(modelMean.model);
    expect(await new LocalPocketsphinxEngine().shortcomings()).toEqual([]);
    // The features and parameters (derived from patient audio) are gone.
    expect((await readdir(dir)).filter((f) => /\.(feat\.params|mfc)$/.test(f))).toEqual([]);

    // Without sphinx_fe the draft is still made, from the model's mean.
    const path0 = process.env.PATH;
    process.env.PATH = dir;
    try {
      const withoutTool = new LocalPocketsphinxEngine({ bin: '/usr/bin/pocketsphinx_continuous' });
      const fallback = await withoutTool.transcribe(muffled, { durationSec: seconds });
      expect(fallback.text).toBe(modelMean.text);
      // Not silently: the draft's model name and the worker's start-up warning say so.
      expect(fallback.model).toBe(`${modelMean.model}+model-cmn`);
      expect(await withoutTool.shortcomings()).toEqual([expect.stringContaining('sphinx_fe')]);
    } finally {
      process.env.PATH = path0;
    }
  }, 300_000);
});

describe('parsePocketsphinxOutput', () => {
  it('keeps words, drops fillers and alternate-pronunciation marks, clamps confidence', () => {
    const stdout = [
      'the patient is with chest pain',
      '<s> 0.090 0.140 1.000100',
      'the 0.150 0.250 0.999800',
      'patient 0.260 0.770 0.921355',
      '<sil> 2.520 2.590 0.665546',
      '[NOISE] 2.590 2.600 0.5',
      'with(2) 2.600 2.790 0.607042',
      'chest 2.800 3.150 1.000100',
      'pain 3.160 3.600 -0.000001',
      '</s> 3.610 3.730 1.000000',
      '',
    ].join('\n');
    expect(parsePocketsphinxOutput(stdout, 3.5)).toEqual([
      { text: 'the', start: 0.15, end: 0.25, confidence: 1 },
      { text: 'patient', start: 0.26, end: 0.77, confidence: 0.921 },
      { text: 'with', start: 2.6, end: 2.79, confidence: 0.607 },
      { text: 'chest', start: 2.8, end: 3.15, confidence: 1 },
      { text: 'pain', start: 3.16, end: 3.5, confidence: 0 },
    ]);
  });
});
