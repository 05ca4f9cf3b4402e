import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { calibrateConfidence } from '@dictum/core/capability/asr/confidence';
import { confidenceMapFile } from '@dictum/core/capability/asr/create-engine';
import { SHIPPED_CALIBRATION_ID } from '@dictum/core/capability/asr/organisation-confidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeSpeech } from '../support/synthesize-speech';
import { type Stack, startStack } from './e2e-context';

// Issue 17, deliverable 5: the organisation's own confidence map (kept by the model refresh) is
// what the editor's flag reads. Real upload, worker, ffmpeg and pocketsphinx; the map is written
// where the refresh writes it.

const SPOKEN = 'the patient has a history of high blood pressure and chest pain';
const MAP = {
  id: 'c0ffee00-0000-4000-8000-000000000001',
  shippedCalibration: SHIPPED_CALIBRATION_ID,
  maps: {
    base: [
      { raw: 0, p: 0.05 },
      { raw: 1, p: 0.3 },
    ],
  },
};

let stack: Stack;
let mapFile: string;
beforeAll(async () => {
  const modelDir = path.join(await mkdtemp(path.join(tmpdir(), 'dictum-org-confidence-')), 'model');
  mapFile = confidenceMapFile(modelDir);
  stack = await startStack({ ASR_ENGINE: 'local', ASR_MODEL_DIR: modelDir });
});
afterAll(async () => stack?.stop());

async function draftOf(file: string) {
  const physician = await stack.user('PHYSICIAN');
  const { id } = await stack.dictateToDraft(physician, file);
  const { body } = await physician.json(`/api/v1/dictations/${id}/transcript`);
  const stored = await stack.db.transcriptVersion.findFirstOrThrow({
    where: { dictationId: id, source: 'engine' },
  });
  return {
    model: body.model as string,
    words: body.words as { confidence: number; overSilence?: boolean }[],
    before: stored.draftConfidences,
  };
}

describe("the organisation's confidence map", () => {
  it('is applied to every local draft it is kept for, and a malformed one is ignored', async () => {
    const file = await synthesizeSpeech(SPOKEN, { format: 'wav' });
    await writeFile(mapFile, JSON.stringify(MAP));
    const mapped = await draftOf(file);
    expect(mapped.model).toContain(`+confidence@${MAP.id.slice(0, 12)}`);
    expect(mapped.words.length).toBeGreaterThan(3);
    // The shipped confidence of each word is kept beside it for the next refit.
    expect(mapped.before).toHaveLength(mapped.words.length);
    mapped.words.forEach((w, i) => {
      expect(w.confidence).toBeLessThan(0.6);
      if (!w.overSilence)
        expect(w.confidence).toBeCloseTo(calibrateConfidence(mapped.before[i]!, MAP.maps.base), 3);
    });

    await writeFile(mapFile, '{"id": "half-written", "maps": {"base": [{"raw": 0.5');
    const plain = await draftOf(file);
    expect(plain.model).not.toContain('+confidence@');
    expect(plain.before).toHaveLength(plain.words.length);
    plain.words.forEach((w, i) => {
      if (!w.overSilence) expect(w.confidence).toBe(plain.before[i]);
    });
    // The same audio, the same engine: only the map differs.
    expect(plain.before).toEqual(mapped.before);
  }, 180_000);
});
