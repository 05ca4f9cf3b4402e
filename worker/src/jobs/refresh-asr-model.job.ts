import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { authorModelsDir } from '@dictum/core/capability/asr/create-engine';
import { refreshAuthorModels } from '@dictum/core/capability/asr/model/author-models';
import { rebuildModelFromCorrections } from '@dictum/core/capability/asr/model/learn-from-corrections';
import { done } from '@dictum/core/infra/queue/job-outcome';
import { heldBackRecordingJudge } from '../held-back-recording-judge';
import { defineJob } from './job-definition';

/**
 * Learning from corrections: every ASR_MODEL_REFRESH_HOURS the local engine's language model is
 * rebuilt from finalized notes and the organisation's vocabulary, and promoted only if it does at
 * least as well as the model in use on the most recent notes: on their recordings' drafts where
 * their audio is still there, else on their text (the previous model stays otherwise).
 * Then authors with enough finalized notes get their own model, promoted for that author only when
 * it is better for the author than what they get now, judged the same way on their newest notes
 * (author-models.ts).
 */
export const refreshAsrModelJob = defineJob({
  name: 'refresh-asr-model',
  async handler(ctx, _data, _job, log) {
    const { transcription } = ctx.config;
    if (transcription.engine !== 'local' || transcription.modelRefreshHours <= 0) return done(true);
    // Each build runs in a child process: it is CPU-bound for about 30 s. Held-back recordings are
    // fetched into workDir and decoded with both models (held-back-recording-judge.ts).
    const workDir = await mkdtemp(path.join(tmpdir(), 'dictum-model-refresh-'));
    const judge = heldBackRecordingJudge(ctx, workDir);
    try {
      const result = await rebuildModelFromCorrections(ctx.db, {
        modelDir: transcription.medicalModelDir,
        inChildProcess: true,
        judge,
      });
      log.info(
        {
          promoted: result.promoted,
          reason: result.reason,
          trainingDocuments: result.trainingDocuments,
          evaluationDocuments: result.evaluationDocuments,
          heldBackRecordings: result.recordings?.recordings ?? 0,
        },
        'speech model refresh',
      );
      const authors = await refreshAuthorModels(ctx.db, {
        modelDir: transcription.medicalModelDir,
        authorsDir: authorModelsDir(transcription.medicalModelDir),
        inChildProcess: true,
        judge,
      });
      // Counts and reasons only: ids of authors are not patient data, their notes are.
      for (const a of authors)
        log.info(
          {
            authorId: a.authorId,
            promoted: a.promoted,
            reason: a.reason,
            trainingDocuments: a.trainingDocuments,
            evaluationDocuments: a.evaluationDocuments,
            heldBackRecordings: a.recordings?.recordings ?? 0,
          },
          'author speech model refresh',
        );
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
    return done();
  },
});
