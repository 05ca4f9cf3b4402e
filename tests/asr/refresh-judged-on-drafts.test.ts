import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { systemActor } from '@dictum/core/actor';
import { normalizeAudio } from '@dictum/core/capability/audio/normalize-audio';
import { loadConfig } from '@dictum/core/infra/config';
import { createLogger } from '@dictum/core/infra/logger';
import { newObjectKey } from '@dictum/core/infra/storage/object-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../api/src/services/admin/manage-users';
import { generateNotes, loadAuthors } from '../../bench/src/asr-eval/authors-corpus';
import { closeWorkerContext, createWorkerContext, type WorkerContext } from '../../worker/src/context';
import { refreshAsrModelJob } from '../../worker/src/jobs/refresh-asr-model.job';
import { draftReadyDictation } from '../support/dictation-fixtures';
import { createPrivateDatabase } from '../support/private-database';
import { synthesizeSpeech } from '../support/synthesize-speech';

// Issue 17, the refresh as the worker runs it: finalized notes in a database of this file's own
// (the held-back notes are the newest of the whole database), the newest note's dictation audio in
// storage, real model builds, real decoding. The second refresh, with a model in use, judges the
// candidate on that recording's drafts and leaves its decision on the audit trail.

// About 70 words: enough for the drafts to decide (50 at least), short enough to decode twice.
const NEWEST_NOTE =
  'The patient is a pleasant woman seen today for follow up of high blood pressure and diabetes. ' +
  'She reports no chest pain, no shortness of breath and no swelling of the legs. She is taking ' +
  'her medicines as prescribed and checks her sugar every morning. On examination she is ' +
  'comfortable. The heart sounds are regular and the lungs are clear. We will continue the ' +
  'current plan and see her again in three months.';

let database: Awaited<ReturnType<typeof createPrivateDatabase>>;
let ctx: WorkerContext;
beforeAll(async () => {
  database = await createPrivateDatabase();
  const modelDir = path.join(await mkdtemp(path.join(tmpdir(), 'dictum-judged-')), 'model');
  ctx = createWorkerContext(
    loadConfig({ ...process.env, DATABASE_URL: database.url, ASR_ENGINE: 'local', ASR_MODEL_DIR: modelDir }),
  );
});
afterAll(async () => {
  await closeWorkerContext(ctx);
  await database.drop();
});

async function fileNote(p: {
  authorId: string;
  patientMrn: string;
  text: string;
  finalizedAt: Date;
  audioFile?: string;
}) {
  const dictationId = await draftReadyDictation(ctx.db, { authorId: p.authorId, patientMrn: p.patientMrn });
  if (p.audioFile) {
    const audioKey = newObjectKey('audio');
    await ctx.store.put(audioKey, Readable.from([await readFile(p.audioFile)]));
    const probe = path.join(await mkdtemp(path.join(tmpdir(), 'dictum-judged-audio-')), 'probe.wav');
    const { durationSec } = await normalizeAudio(p.audioFile, probe, 'ffmpeg');
    await ctx.db.dictation.update({ where: { id: dictationId }, data: { audioKey, durationSec } });
  }
  const d = await ctx.db.dictation.findUniqueOrThrow({ where: { id: dictationId } });
  await ctx.db.document.create({
    data: {
      number: `JDG-${dictationId.slice(0, 8)}`,
      dictationId,
      patientId: d.patientId,
      workTypeId: d.workTypeId,
      status: 'FINALIZED',
      text: p.text,
      authorId: p.authorId,
      finalizedById: p.authorId,
      finalizedAt: p.finalizedAt,
      linesWithSpaces: 1,
      linesVisible: 1,
    },
  });
}

describe('refresh-asr-model judged on drafts', () => {
  it("decodes the newest note's recording with the model in use and the candidate, and audits the decision", async () => {
    const author = await createUser(ctx.db, systemActor('test'), {
      username: `judged-${Date.now()}`,
      role: 'PHYSICIAN',
      password: 'correct-horse-battery-staple',
    });
    const mrn = `JDG${Date.now()}`;
    await ctx.db.patient.create({
      data: { mrn, name: 'Judged Patient', birthDate: new Date('1960-01-01'), sex: 'female' },
    });
    const [cardiology] = loadAuthors();
    const older = generateNotes(cardiology!, 9, 11, []).written;
    for (const [i, text] of older.entries())
      await fileNote({
        authorId: author.id,
        patientMrn: mrn,
        text,
        finalizedAt: new Date(Date.UTC(2026, 0, 1 + i)),
      });
    await fileNote({
      authorId: author.id,
      patientMrn: mrn,
      text: NEWEST_NOTE,
      finalizedAt: new Date(Date.UTC(2026, 1, 1)),
      audioFile: await synthesizeSpeech(NEWEST_NOTE, { format: 'mp3' }),
    });

    const log = createLogger('silent');
    // No model in use: the first refresh builds one and promotes it unjudged.
    expect(await refreshAsrModelJob.handler(ctx, {}, undefined as never, log)).toEqual({ done: true });
    const first = await ctx.db.auditEvent.findFirstOrThrow({ where: { action: 'speech_model.refreshed' } });
    expect(first.details).toMatchObject({ promoted: true, reason: 'no model in use', heldBackRecordings: 0 });

    // With a model in use the candidate is judged on the held-back note's recording.
    expect(await refreshAsrModelJob.handler(ctx, {}, undefined as never, log)).toEqual({ done: true });
    const second = await ctx.db.auditEvent.findFirstOrThrow({
      where: { action: 'speech_model.refreshed' },
      orderBy: { id: 'desc' },
    });
    expect(second.id).not.toBe(first.id);
    const details = second.details as Record<string, unknown>;
    expect(details).toMatchObject({
      heldBackRecordings: 1,
      skippedRecordings: 0,
      evaluationDocuments: 1,
      trainingDocuments: 9,
    });
    expect(details.judgedWords).toBeGreaterThanOrEqual(50);
    // Both drafts of real speech: few errors, and the decision follows the rule on them.
    expect(details.baselineErrors as number).toBeLessThan((details.judgedWords as number) / 2);
    expect(details.promoted).toBe((details.candidateErrors as number) <= (details.baselineErrors as number));
    expect(details.reason).toMatch(/^\d+ word errors (≤|>) \d+ in \d+ words of 1 held-back recording/);
    // Counts and reasons only: no word of the note on the audit trail.
    expect(JSON.stringify(second.details)).not.toMatch(/pleasant|swelling/);
  }, 300_000);
});
