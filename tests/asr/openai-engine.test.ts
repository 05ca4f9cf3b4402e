import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TranscriptionError } from '@dictum/core/capability/asr/engine';
import {
  buildPrompt,
  OpenAiEngine,
  type OpenAiEngineOptions,
  PROMPT_MAX_CHARS,
  retryAfterMs,
  segmentConfidence,
} from '@dictum/core/capability/asr/openai-engine';
import { normalizeAudio } from '@dictum/core/capability/audio/normalize-audio';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OpenAiStub, startOpenAiStub } from '../support/openai-stub-server';
import { synthesizeSpeech } from '../support/synthesize-speech';
import { wordOverlap } from './word-overlap';

const SENTENCE = 'the patient is a sixty year old man with chest pain';
const PARAGRAPH =
  'the patient is a sixty year old man with chest pain. he has a history of high blood pressure. ' +
  'the pain started two days ago after he walked up the stairs. there is no fever and no cough.';
const KEY = 'sk-test-dictum';

let dir: string;
let workDir: string;
let stub: OpenAiStub;
let sentence: { wav: string; durationSec: number };
let paragraph: { wav: string; durationSec: number };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dictum-openai-asr-'));
  workDir = path.join(dir, 'work');
  const normalise = async (text: string, name: string) => {
    const wav = path.join(dir, name);
    const { durationSec } = await normalizeAudio(
      await synthesizeSpeech(text, { format: 'm4a' }),
      wav,
      'ffmpeg',
    );
    return { wav, durationSec };
  };
  [sentence, paragraph] = await Promise.all([
    normalise(SENTENCE, 'sentence.wav'),
    normalise(PARAGRAPH, 'paragraph.wav'),
  ]);
  stub = await startOpenAiStub({ apiKey: KEY, maxFileBytes: 200_000 });
});
afterEach(() => {
  stub.requests.length = 0;
  stub.setBehaviour();
  stub.setTranscript(undefined);
});
afterAll(async () => {
  await stub?.close();
  await rm(dir, { recursive: true, force: true });
});

function engine(overrides: Partial<OpenAiEngineOptions> = {}) {
  return new OpenAiEngine({
    apiKey: KEY,
    baseUrl: stub.url,
    model: 'whisper-1',
    timeoutMs: 10_000,
    maxUploadBytes: 24 * 1024 * 1024,
    workDir,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<TranscriptionError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TranscriptionError);
  return error as TranscriptionError;
}

function expectTimeline(
  words: Array<{ start: number; end: number; confidence: number }>,
  durationSec: number,
) {
  let previousStart = 0;
  for (const word of words) {
    expect(word.start).toBeGreaterThanOrEqual(previousStart);
    expect(word.end).toBeGreaterThanOrEqual(word.start);
    expect(word.end).toBeLessThanOrEqual(durationSec);
    expect(word.confidence).toBeGreaterThan(0);
    expect(word.confidence).toBeLessThanOrEqual(1);
    previousStart = word.start;
  }
}

describe('OpenAiEngine against the stub API', () => {
  it('transcribes with word timings and sends the documented request', async () => {
    const result = await engine().transcribe(sentence.wav, {
      durationSec: sentence.durationSec,
      vocabulary: ['troponin', 'metoprolol'],
    });
    expect(result).toMatchObject({ engine: 'openai', model: 'whisper-1' });
    expect(
      wordOverlap(
        SENTENCE,
        result.words.map((w) => w.text),
      ),
    ).toBeGreaterThanOrEqual(0.6);
    expect(result.text.split(' ').length).toBe(result.words.length);
    expectTimeline(result.words, sentence.durationSec);
    expect(result.engineSeconds).toBeGreaterThan(0);

    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]).toMatchObject({
      model: 'whisper-1',
      responseFormat: 'verbose_json',
      timestampGranularities: ['word', 'segment'],
      prompt: 'troponin, metoprolol.',
      fileType: 'audio/wav',
      authorization: `Bearer ${KEY}`,
      status: 200,
    });
    expect(stub.requests[0]!.durationSec).toBeCloseTo(sentence.durationSec, 2);
  });

  it('splits audio over maxUploadBytes and stitches the timings back onto one timeline', async () => {
    const result = await engine({ maxUploadBytes: 100_000 }).transcribe(paragraph.wav, {
      durationSec: paragraph.durationSec,
    });
    expect(stub.requests.length).toBeGreaterThanOrEqual(Math.ceil(paragraph.durationSec / 3.1));
    expect(stub.requests.every((r) => r.status === 200 && r.bytes <= 100_000)).toBe(true);
    const seen = stub.requests.reduce((sum, r) => sum + r.durationSec!, 0);
    expect(seen).toBeCloseTo(paragraph.durationSec, 2);
    // Later chunks carry the end of the previous chunk's text as context.
    expect(stub.requests[1]!.prompt).toBeTruthy();

    expectTimeline(result.words, paragraph.durationSec);
    expect(result.words.at(-1)!.start).toBeGreaterThan(paragraph.durationSec / 2);
    expect(
      wordOverlap(
        PARAGRAPH,
        result.words.map((w) => w.text),
      ),
    ).toBeGreaterThanOrEqual(0.6);
    expect(await readdir(workDir).catch(() => [])).toEqual([]); // chunks cleaned up
  });

  it('spreads a configured transcript over the real duration', async () => {
    stub.setTranscript('Patient denies chest pain');
    const result = await engine().transcribe(sentence.wav, { durationSec: sentence.durationSec });
    expect(result.words.map((w) => w.text)).toEqual(['Patient', 'denies', 'chest', 'pain']);
    expect(result.words.at(-1)!.end).toBeGreaterThan(sentence.durationSec * 0.8);
    expectTimeline(result.words, sentence.durationSec);
  });

  it('429 with Retry-After is transient and says how long to wait', async () => {
    stub.setBehaviour({ status: 429, retryAfter: 1 });
    const error = await failure(engine().transcribe(sentence.wav, { durationSec: sentence.durationSec }));
    expect(error).toMatchObject({ kind: 'transient', reason: 'ENGINE_RATE_LIMITED', retryAfterMs: 1000 });
    expect(stub.requests).toHaveLength(1); // the SDK does not retry; the queue does
  });

  it('5xx and unreachable servers are transient', async () => {
    stub.setBehaviour({ status: 500 }, { status: 503 });
    for (let i = 0; i < 2; i++) {
      const error = await failure(engine().transcribe(sentence.wav, { durationSec: sentence.durationSec }));
      expect(error).toMatchObject({ kind: 'transient', reason: 'ENGINE_UNAVAILABLE' });
    }
    const closed = await startOpenAiStub();
    await closed.close();
    const unreachable = await failure(
      engine({ baseUrl: closed.url }).transcribe(sentence.wav, { durationSec: sentence.durationSec }),
    );
    expect(unreachable).toMatchObject({ kind: 'transient', reason: 'ENGINE_UNAVAILABLE' });
  });

  it('a server that never answers times out as transient ENGINE_TIMEOUT', async () => {
    stub.setBehaviour({ hang: true });
    const started = Date.now();
    const error = await failure(
      engine({ timeoutMs: 500 }).transcribe(sentence.wav, { durationSec: sentence.durationSec }),
    );
    expect(error).toMatchObject({ kind: 'transient', reason: 'ENGINE_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a bad key is transient ENGINE_AUTH; rejected audio is permanent', async () => {
    const auth = await failure(
      engine({ apiKey: 'sk-wrong' }).transcribe(sentence.wav, { durationSec: sentence.durationSec }),
    );
    expect(auth).toMatchObject({ kind: 'transient', reason: 'ENGINE_AUTH' });
    expect(stub.requests[0]!.status).toBe(401);

    for (const status of [400, 413, 415]) {
      stub.setBehaviour({ status });
      const rejected = await failure(
        engine().transcribe(sentence.wav, { durationSec: sentence.durationSec }),
      );
      expect(rejected).toMatchObject({ kind: 'permanent', reason: 'ENGINE_REJECTED_AUDIO' });
    }
    // The stub's own size check answers 413 like the API when a file is over its limit.
    const tooBig = await failure(
      engine({ maxUploadBytes: 300_000 }).transcribe(paragraph.wav, { durationSec: paragraph.durationSec }),
    );
    expect(tooBig).toMatchObject({ kind: 'permanent', reason: 'ENGINE_REJECTED_AUDIO' });
  });

  it('is unavailable without a key', async () => {
    const keyless = engine({ apiKey: undefined });
    expect(await keyless.available()).toBe(false);
    expect(await engine().available()).toBe(true);
    const error = await failure(keyless.transcribe(sentence.wav, { durationSec: sentence.durationSec }));
    expect(error).toMatchObject({ kind: 'transient', reason: 'ENGINE_AUTH' });
  });
});

describe('the stub checks requests like the API', () => {
  it('rejects a non-WAV file and a missing model with the API error body', async () => {
    const form = new FormData();
    form.append('model', 'whisper-1');
    form.append('file', new Blob(['hello']), 'note.wav');
    const bad = await fetch(`${stub.url}/audio/transcriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: form,
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: {
        message: expect.stringContaining('Invalid file format'),
        type: 'invalid_request_error',
        param: 'file',
        code: null,
      },
    });

    const noModel = new FormData();
    noModel.append('file', new Blob([Buffer.from('RIFF\0\0\0\0WAVE')]), 'a.wav');
    const missing = await fetch(`${stub.url}/audio/transcriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: noModel,
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { param: string } }).error.param).toBe('model');
  });
});

describe('helpers', () => {
  it('caps the prompt and keeps whole terms', () => {
    const terms = Array.from({ length: 200 }, (_, i) => `term${i}`);
    const prompt = buildPrompt(terms)!;
    expect(prompt.length).toBeLessThanOrEqual(PROMPT_MAX_CHARS);
    expect(prompt.startsWith('term0, term1,')).toBe(true);
    expect(prompt.endsWith('.')).toBe(true);
    expect(buildPrompt([])).toBeUndefined();
    const withContext = buildPrompt(['troponin'], `${'x '.repeat(1000)}the last words`)!;
    expect(withContext.length).toBeLessThanOrEqual(PROMPT_MAX_CHARS);
    expect(withContext.startsWith('troponin.')).toBe(true);
    expect(withContext.endsWith('the last words')).toBe(true);
  });

  it('reads Retry-After in seconds, as a date and as retry-after-ms', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }))).toBe(1500);
    const inFive = retryAfterMs(new Headers({ 'retry-after': new Date(Date.now() + 5000).toUTCString() }))!;
    expect(inFive).toBeGreaterThan(3000);
    expect(inFive).toBeLessThanOrEqual(5000);
    expect(retryAfterMs(new Headers())).toBeUndefined();
  });

  it('derives confidence from the segment’s log probability and no-speech probability', () => {
    expect(segmentConfidence({ avg_logprob: 0, no_speech_prob: 0 })).toBe(1);
    expect(segmentConfidence({ avg_logprob: Math.log(0.8), no_speech_prob: 0.5 })).toBe(0.4);
    expect(segmentConfidence({ avg_logprob: -20, no_speech_prob: 0 })).toBe(0);
  });
});
