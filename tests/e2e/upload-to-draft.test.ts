import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeSpeech } from '../support/synthesize-speech';
import { type Stack, startStack, wordsOf } from './e2e-context';

// The whole pipeline with real parts: HTTP upload → storage → BullMQ → worker → ffmpeg →
// pocketsphinx → transcript in PostgreSQL → read back over HTTP.

const SPOKEN = 'the patient has a history of high blood pressure and chest pain';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ ASR_ENGINE: 'local' });
});
afterAll(async () => stack?.stop());

describe('upload to draft, end to end', () => {
  it.each(['wav', 'mp3', 'm4a', 'ogg', 'webm'] as const)(
    'a %s dictation reaches DRAFT_READY with the spoken words, timed inside the audio',
    async (format) => {
      const physician = await stack.user('PHYSICIAN');
      const file = await synthesizeSpeech(SPOKEN, { format });
      const { id, dictation } = await stack.dictateToDraft(physician, file);

      const { body: transcript } = await physician.json(`/api/v1/dictations/${id}/transcript`);
      expect(transcript.source).toBe('engine');
      const heard = new Set(wordsOf(transcript.text));
      const expected = wordsOf(SPOKEN);
      const found = expected.filter((w) => heard.has(w)).length;
      expect(found / expected.length).toBeGreaterThanOrEqual(0.6);

      const words = transcript.words as { start: number; end: number }[];
      expect(words.length).toBeGreaterThan(3);
      for (let i = 0; i < words.length; i++) {
        expect(words[i]!.end).toBeGreaterThanOrEqual(words[i]!.start);
        if (i > 0) expect(words[i]!.start).toBeGreaterThanOrEqual(words[i - 1]!.start);
        expect(words[i]!.end).toBeLessThanOrEqual(dictation.durationSec + 0.05);
      }
      const { body: versions } = await physician.json(`/api/v1/dictations/${id}/transcript/versions`);
      expect(versions).toEqual([expect.objectContaining({ version: 1, source: 'engine' })]);
    },
  );
});
