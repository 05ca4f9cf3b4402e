import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemActor } from '@dictum/contracts/actor';
import { authorModelsDir, confidenceMapFile } from '@dictum/core/capability/asr/create-engine';
import { refreshAuthorModels } from '@dictum/core/capability/asr/model/author-models';
import type { RecordingComparison } from '@dictum/core/capability/asr/model/held-back-recordings';
import { rebuildModelFromCorrections } from '@dictum/core/capability/asr/model/learn-from-corrections';
import { refitConfidenceFromCorrections } from '@dictum/core/capability/asr/model/refit-confidence';
import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import type { Logger } from '@dictum/core/infra/logger';
import { done } from '@dictum/core/infra/queue/job-outcome';
import type { WorkerContext } from '../context';
import { heldBackRecordingJudge } from '../held-back-recording-judge';
import { defineJob } from './job-definition';

/**
 * Learning from corrections: every ASR_MODEL_REFRESH_HOURS the local engine's language model is
 * rebuilt from finalized notes and the organisation's vocabulary, and promoted only if it does at
 * least as well as the model in use on the most recent notes: on their recordings' drafts where
 * their audio is still there, else on their text (the previous model stays otherwise).
 * Then authors with enough finalized notes get their own model, promoted for that author only when
 * it is better for the author than what they get now, judged the same way on their newest notes
 * (author-models.ts). Last, the organisation's confidence map is refitted on its drafts against the
 * signed-off notes and kept when it scores the newest drafts better (refit-confidence.ts).
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
      const globalOutcome = outcomeOf(result);
      log.info(globalOutcome, 'speech model refresh');
      // The model that drafts every note changed, or was judged and kept: on the audit trail, where
      // an admin can see when and why (GET /admin/audit?action=speech_model.refreshed).
      if (result.candidate)
        await auditRefresh(ctx, {
          action: 'speech_model.refreshed',
          objectType: 'speech_model',
          objectId: result.candidate.id,
          details: globalOutcome,
        });
      const authors = await refreshAuthorModels(ctx.db, {
        modelDir: transcription.medicalModelDir,
        authorsDir: authorModelsDir(transcription.medicalModelDir),
        inChildProcess: true,
        judge,
      });
      // Counts and reasons only: ids of authors are not patient data, their notes are.
      for (const a of authors) {
        const outcome = outcomeOf(a);
        log.info({ authorId: a.authorId, ...outcome }, 'author speech model refresh');
        await auditRefresh(ctx, {
          action: 'speech_model.author_refreshed',
          objectType: 'user',
          objectId: a.authorId,
          details: { ...outcome, documentWeight: a.documentWeight },
        });
      }
      await refitConfidenceMap(ctx, log);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
    return done();
  },
});

/**
 * The editor's low-confidence flag follows the map: on the audit trail whether it was kept, with
 * the scores that decided (GET /admin/audit?action=speech_model.confidence_refitted).
 */
export async function refitConfidenceMap(ctx: WorkerContext, log: Logger) {
  const refit = await refitConfidenceFromCorrections(ctx.db, {
    file: confidenceMapFile(ctx.config.transcription.medicalModelDir),
  });
  log.info({ ...refit }, 'confidence map refit');
  if (refit.reason === 'too-few-words') return;
  await auditRefresh(ctx, {
    action: 'speech_model.confidence_refitted',
    objectType: 'speech_model',
    objectId: refit.id ?? 'confidence-map',
    details: { ...refit },
  });
}

/** A refresh's decision for the log and the audit row, global or per author: counts and reasons only. */
function outcomeOf(r: {
  promoted: boolean;
  reason: string;
  trainingDocuments: number;
  evaluationDocuments: number;
  recordings?: RecordingComparison;
}) {
  const c = r.recordings;
  return {
    promoted: r.promoted,
    reason: r.reason,
    trainingDocuments: r.trainingDocuments,
    evaluationDocuments: r.evaluationDocuments,
    heldBackRecordings: c?.recordings ?? 0,
    ...(c && {
      skippedRecordings: c.skipped,
      judgedWords: c.words,
      baselineErrors: c.baselineErrors,
      candidateErrors: c.candidateErrors,
      fixedWords: c.fixed,
      brokenWords: c.broken,
    }),
  };
}

function auditRefresh(
  ctx: WorkerContext,
  input: { action: string; objectType: string; objectId: string; details: Record<string, unknown> },
) {
  return ctx.db.$transaction((tx) => recordAuditEvent(tx, systemActor('speech-model-refresh'), input));
}
