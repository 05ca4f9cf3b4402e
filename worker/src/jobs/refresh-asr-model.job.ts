import { authorModelsDir } from '@dictum/core/capability/asr/create-engine';
import { refreshAuthorModels } from '@dictum/core/capability/asr/model/author-models';
import { rebuildModelFromCorrections } from '@dictum/core/capability/asr/model/learn-from-corrections';
import { done } from '@dictum/core/infra/queue/job-outcome';
import { defineJob } from './job-definition';

/**
 * Learning from corrections: every ASR_MODEL_REFRESH_HOURS the local engine's language model is
 * rebuilt from finalized notes and the organisation's vocabulary, and promoted only if it predicts
 * the most recent notes at least as well as the model in use (the previous model stays otherwise).
 * Then authors with enough finalized notes get their own model, promoted for that author only when
 * it predicts the author's newest notes better than what the author gets now (author-models.ts).
 */
export const refreshAsrModelJob = defineJob({
  name: 'refresh-asr-model',
  async handler(ctx, _data, _job, log) {
    const { transcription } = ctx.config;
    if (transcription.engine !== 'local' || transcription.modelRefreshHours <= 0) return done(true);
    // Each build runs in a child process: it is CPU-bound for about 30 s.
    const result = await rebuildModelFromCorrections(ctx.db, {
      modelDir: transcription.medicalModelDir,
      inChildProcess: true,
    });
    log.info(
      {
        promoted: result.promoted,
        reason: result.reason,
        trainingDocuments: result.trainingDocuments,
        evaluationDocuments: result.evaluationDocuments,
      },
      'speech model refresh',
    );
    const authors = await refreshAuthorModels(ctx.db, {
      modelDir: transcription.medicalModelDir,
      authorsDir: authorModelsDir(transcription.medicalModelDir),
      inChildProcess: true,
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
        },
        'author speech model refresh',
      );
    return done();
  },
});
