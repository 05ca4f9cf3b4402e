import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { systemActor } from '@dictum/contracts/actor';
import { confidenceMapFile } from '@dictum/core/capability/asr/create-engine';
import { type Transcription, TranscriptionError } from '@dictum/core/capability/asr/engine';
import {
  applyOrganisationConfidence,
  CALIBRATED_ENGINE,
  decodingPathOf,
  readOrganisationConfidence,
} from '@dictum/core/capability/asr/organisation-confidence';
import { computePeaks } from '@dictum/core/capability/audio/compute-peaks';
import { normalizeAudio } from '@dictum/core/capability/audio/normalize-audio';
import { peaksObjectKey } from '@dictum/core/capability/audio/peaks-key';
import { AudioUndecodableError } from '@dictum/core/capability/audio/probe-audio';
import { formatDraft } from '@dictum/core/capability/formatting/format-draft';
import { transitionDictation } from '@dictum/core/domain/dictation/transition-dictation';
import { appendTranscriptVersion } from '@dictum/core/domain/transcript/append-transcript-version';
import { flagWordsOverSilence } from '@dictum/core/domain/transcript/flag-words-over-silence';
import { done, failed, type JobResult, retryAfter } from '@dictum/core/infra/queue/job-outcome';
import { ObjectNotFoundError } from '@dictum/core/infra/storage/object-store';
import type { Job } from 'bullmq';
import type { WorkerContext } from '../context';
import { defineJob } from './job-definition';

/** Exactly what the job needs from the row (a per-job read, not a generic findById). */
function getForTranscriptionJob(ctx: WorkerContext, dictationId: string) {
  return ctx.db.dictation.findUnique({
    where: { id: dictationId },
    select: {
      id: true,
      status: true,
      audioKey: true,
      audioVersion: true,
      transcriptionRun: true,
      durationSec: true,
      authorId: true,
    },
  });
}

export const transcribeDictationJob = defineJob({
  name: 'transcribe-dictation',
  async handler(ctx, data, job, log) {
    const d = await getForTranscriptionJob(ctx, data.dictationId);
    if (!d || !d.audioKey) return done(true);
    const audioKey = d.audioKey;
    if (d.status !== 'QUEUED' && d.status !== 'TRANSCRIBING') return done(true);
    if (d.audioVersion !== data.audioVersion || d.transcriptionRun !== data.run) return done(true);
    const actor = systemActor('transcription', data.requestId);

    if (d.status === 'QUEUED') {
      await ctx.db.$transaction((tx) =>
        transitionDictation(tx, {
          dictationId: d.id,
          event: { type: 'startTranscription' },
          actor,
          details: { attempt: job.attemptsMade + 1 },
        }),
      );
    }

    const workDir = await mkdtemp(path.join(tmpdir(), 'dictum-transcribe-'));
    try {
      let transcription: Transcription;
      let peaks: number[] = [];
      try {
        const normalized = await fetchAndNormalize(ctx, { ...d, audioKey }, workDir);
        const wavPath = normalized.wav;
        peaks = normalized.peaks;
        if (!ctx.engine || !(await ctx.engine.available())) {
          throw new TranscriptionError('permanent', 'ENGINE_UNAVAILABLE', 'no speech engine is available');
        }
        transcription = await ctx.engine.transcribe(wavPath, {
          durationSec: d.durationSec ?? 0,
          // The local engine uses the author's own model when one was promoted (issue 17).
          authorId: d.authorId,
        });
      } catch (error) {
        return await handleFailure(ctx, job, d.id, error, actor, log);
      }

      const draft = formatDraft(transcription.words);
      const calibrated = await withOrganisationConfidence(ctx, transcription, draft.words);
      // Words over silence are likely invented: flagged (and their confidence capped) for the editor.
      const formatted = { ...draft, words: flagWordsOverSilence(calibrated.words, peaks) };
      const stored = await storeEngineDraft(
        ctx,
        d.id,
        data.run,
        { ...transcription, model: calibrated.model },
        { ...formatted, draftConfidences: draft.words.map((w) => w.confidence) },
        actor,
      );
      if (d.durationSec)
        ctx.metrics.realTimeFactor.observe(
          { engine: transcription.engine },
          transcription.engineSeconds / d.durationSec,
        );
      log.info(
        {
          dictationId: d.id,
          engine: transcription.engine,
          words: formatted.words.length,
          engineSeconds: transcription.engineSeconds,
          realTimeFactor: d.durationSec ? transcription.engineSeconds / d.durationSec : null,
          stored,
        },
        'draft stored',
      );
      return done(!stored);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  },
});

async function fetchAndNormalize(
  ctx: WorkerContext,
  d: { id: string; audioKey: string; audioVersion: number; durationSec: number | null },
  workDir: string,
) {
  const original = path.join(workDir, 'original');
  const wav = path.join(workDir, 'normalized.wav');
  await pipeline(await ctx.store.get(d.audioKey), createWriteStream(original));
  // The timeout scales with the recording's length, capped by the upload limit (never the header's word).
  await normalizeAudio(original, wav, ctx.config.audio.ffmpegBin, {
    durationSec: d.durationSec ?? undefined,
    maxDurationSec: ctx.config.upload.maxDurationSec,
  });
  // The editor's waveform: computed once here so browsers never decode long audio.
  const peaks = await computePeaks(wav);
  await ctx.store.put(
    peaksObjectKey(d.id, d.audioVersion),
    Readable.from([Buffer.from(JSON.stringify(peaks))]),
    {
      contentType: 'application/json',
    },
  );
  return { wav, peaks: peaks.peaks };
}

/**
 * The draft's confidences through the organisation's own map, when the model refresh kept one for
 * the local engine (organisation-confidence.ts); its id joins the model name, so each draft says
 * which map it was given.
 */
async function withOrganisationConfidence(
  ctx: WorkerContext,
  transcription: Transcription,
  words: ReturnType<typeof formatDraft>['words'],
) {
  const { transcription: config } = ctx.config;
  if (transcription.engine !== CALIBRATED_ENGINE || config.engine !== 'local')
    return { words, model: transcription.model };
  const map = await readOrganisationConfidence(confidenceMapFile(config.medicalModelDir));
  if (!map) return { words, model: transcription.model };
  return {
    words: applyOrganisationConfidence(words, map, decodingPathOf(transcription.model)),
    model: `${transcription.model}+confidence@${map.id.slice(0, 12)}`,
  };
}

/**
 * One engine draft per transcription run: the unique (dictation, engineRun) index turns a retried
 * or duplicated job into a no-op, and the draft and the DRAFT_READY transition commit together.
 */
async function storeEngineDraft(
  ctx: WorkerContext,
  dictationId: string,
  run: number,
  transcription: Transcription,
  formatted: ReturnType<typeof formatDraft> & { draftConfidences: number[] },
  actor: ReturnType<typeof systemActor>,
): Promise<boolean> {
  try {
    await ctx.db.$transaction(async (tx) => {
      await appendTranscriptVersion(tx, {
        dictationId,
        source: 'engine',
        text: formatted.text,
        words: formatted.words,
        rawText: transcription.text,
        engine: transcription.engine,
        model: transcription.model,
        engineRun: run,
        draftConfidences: formatted.draftConfidences,
      });
      await transitionDictation(tx, {
        dictationId,
        event: { type: 'draftReady' },
        actor,
        data: { statusReason: null },
        details: { engine: transcription.engine, words: formatted.words.length },
      });
    });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return false;
    throw error;
  }
}

/**
 * Transient failures (storage or engine outages) are retried with backoff (a `retry` result: the
 * same job runs again later); permanent ones — and transient ones that used up every attempt —
 * route the dictation to manual transcription with a reason code (a `failed` result). The audio is
 * never touched. Attempts are counted by BullMQ's attemptsStarted (every run, retried or crashed).
 */
async function handleFailure(
  ctx: WorkerContext,
  job: Job,
  dictationId: string,
  error: unknown,
  actor: ReturnType<typeof systemActor>,
  log: WorkerContext['log'],
): Promise<JobResult> {
  const classified = classify(error);
  const attempt = Math.max(job.attemptsStarted ?? 0, job.attemptsMade + 1);
  const lastAttempt = attempt >= (job.opts.attempts ?? 1);
  log.warn(
    { dictationId, reason: classified.reason, kind: classified.kind, attempt },
    'transcription failed',
  );
  const final = classified.kind === 'permanent' || lastAttempt;
  ctx.metrics.transcriptionFailures.inc({
    reason: classified.reason,
    kind: classified.kind,
    final: String(final),
  });
  // The reason travels with the job as a value, for the sweep should the job end unrecorded.
  await job.updateProgress({ reason: classified.reason }).catch(() => undefined);
  if (!final) {
    // Honour a provider's Retry-After; otherwise exponential backoff with jitter (capped at a minute).
    const base = Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
    return retryAfter(
      classified.reason,
      classified.retryAfterMs ?? Math.round(base * (0.5 + Math.random() * 0.5)),
    );
  }
  await ctx.db
    .$transaction((tx) =>
      transitionDictation(tx, {
        dictationId,
        event: { type: 'transcriptionFailed' },
        actor,
        data: { statusReason: classified.reason },
        details: { reason: classified.reason },
      }),
    )
    .catch((e: unknown) => {
      // Someone else moved it (cancelled meanwhile): nothing left to record.
      if ((e as { code?: string }).code !== 'CONFLICT' && (e as { code?: string }).code !== 'INVALID_STATE')
        throw e;
    });
  return failed(classified.reason);
}

function classify(error: unknown): {
  kind: 'transient' | 'permanent';
  reason: string;
  retryAfterMs?: number;
} {
  if (error instanceof TranscriptionError)
    return { kind: error.kind, reason: error.reason, retryAfterMs: error.retryAfterMs };
  if (error instanceof AudioUndecodableError) return { kind: 'permanent', reason: 'AUDIO_UNDECODABLE' };
  if (error instanceof ObjectNotFoundError) return { kind: 'permanent', reason: 'AUDIO_MISSING' };
  return {
    kind: 'transient',
    reason:
      (error as { name?: string })?.name === 'StorageUnavailableError'
        ? 'STORAGE_UNAVAILABLE'
        : 'UNEXPECTED_ERROR',
  };
}
