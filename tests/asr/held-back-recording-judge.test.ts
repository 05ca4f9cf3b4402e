import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { normalizeAudio } from '@dictum/core/capability/audio/normalize-audio';
import { wordErrorRate } from '@dictum/core/domain/transcript/word-error-rate';
import { loadConfig } from '@dictum/core/infra/config';
import { newObjectKey } from '@dictum/core/infra/storage/object-store';
import { describe, expect, it } from 'vitest';
import { heldBackRecordingJudge } from '../../worker/src/held-back-recording-judge';
import { createTestPatient, signedInUser } from '../support/api-harness';
import { draftReadyDictation } from '../support/dictation-fixtures';
import { synthesizeSpeech } from '../support/synthesize-speech';
import { useTestApp, useWorkerContext } from '../support/use-test-app';

// Issue 17, per-author promotion judged on drafts: the worker's judge reads the held-back notes'
// audio from storage (real S3/filesystem store, ffmpeg) and decodes it with the model under test
// (real pocketsphinx). Notes whose audio is purged, unreadable or over the budget are skipped.

const { t } = useTestApp();
const modelRoot = await mkdtemp(path.join(tmpdir(), 'dictum-judge-'));
const worker = useWorkerContext(() =>
  loadConfig({ ...process.env, ASR_ENGINE: 'local', ASR_MODEL_DIR: path.join(modelRoot, 'model') }),
);

const SPOKEN = 'the patient is a sixty year old man with chest pain and shortness of breath';

async function dictationWithAudio(authorId: string, mrn: string, audio: Buffer | null, durationSec = 1) {
  const id = await draftReadyDictation(t.ctx.db, { authorId, patientMrn: mrn });
  if (!audio) {
    await t.ctx.db.dictation.update({ where: { id }, data: { audioKey: null, audioPurgedAt: new Date() } });
    return id;
  }
  const audioKey = newObjectKey('audio');
  await t.ctx.store.put(audioKey, Readable.from([audio]));
  await t.ctx.db.dictation.update({ where: { id }, data: { audioKey, durationSec } });
  return id;
}

describe('held-back recording judge', () => {
  it('fetches the recordings that are there within the budget and decodes them with the model under test', async () => {
    const physician = await signedInUser(t, 'PHYSICIAN');
    const { mrn } = await createTestPatient(t);
    const speechFile = await synthesizeSpeech(SPOKEN, { format: 'mp3' });
    const speech = await readFile(speechFile);
    const { durationSec: seconds } = await normalizeAudio(
      speechFile,
      path.join(modelRoot, 'probe.wav'),
      'ffmpeg',
    );
    const kept = await dictationWithAudio(physician.id, mrn, speech, seconds);
    const purged = await dictationWithAudio(physician.id, mrn, null);
    const unreadable = await dictationWithAudio(physician.id, mrn, Buffer.from('RIFF not really audio'));
    const overBudget = await dictationWithAudio(physician.id, mrn, speech, 2 * seconds);
    // The row understates the length: the decoded audio's own length counts against the budget.
    const understated = await dictationWithAudio(physician.id, mrn, speech, 1);
    const workDir = await mkdtemp(path.join(tmpdir(), 'dictum-judge-work-'));
    const judge = heldBackRecordingJudge(worker, workDir);
    const finalText = 'The patient is a 60-year-old man with chest pain and shortness of breath.';
    const recordings = await judge.recordings(
      [
        { text: finalText, dictationId: kept },
        { text: 'purged', dictationId: purged },
        { text: 'unreadable', dictationId: unreadable },
        { text: 'typed without a dictation' },
        { text: 'an older version of the same note', dictationId: kept },
        { text: 'too long', dictationId: overBudget },
        { text: 'longer than its row says', dictationId: understated },
      ],
      // Room for one recording and a half: the second only fits by its row's word.
      seconds * 1.5,
    );
    expect(recordings).toHaveLength(1);
    expect(recordings[0]).toMatchObject({ finalText });
    expect(recordings[0]!.durationSec).toBeCloseTo(seconds, 1);
    expect(existsSync(recordings[0]!.wavPath)).toBe(true);
    // No model built in the configured folder: Debian's model decodes, through the same engine.
    const draft = await judge.draft(path.join(modelRoot, 'model'), recordings[0]!);
    expect(wordErrorRate(finalText, draft).wer).toBeLessThan(0.5);
    // The same model on the same recording is decoded once per refresh (an author's baseline is
    // often the global model the global refresh has just decoded with): with the audio gone, the
    // second call still answers.
    await rm(recordings[0]!.wavPath);
    expect(await judge.draft(path.join(modelRoot, 'model'), recordings[0]!)).toBe(draft);
  }, 120_000);
});
