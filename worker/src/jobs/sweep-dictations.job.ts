import { systemActor } from '@dictum/contracts/actor';
import { enqueueTranscription } from '@dictum/core/domain/dictation/enqueue-transcription';
import type { DictationEvent } from '@dictum/core/domain/dictation/state-machine';
import { transitionDictation } from '@dictum/core/domain/dictation/transition-dictation';
import { jobContracts } from '@dictum/core/infra/queue/job-contracts';
import { done } from '@dictum/core/infra/queue/job-outcome';
import type { WorkerContext } from '../context';
import { defineJob } from './job-definition';

/** Extra attempts the sweep gives a job that failed without recording why. */
const SWEEP_RETRIES = 3;

/** The last reason code the transcription job recorded on itself (its progress value), else a generic one. */
function failureReason(progress: unknown): string {
  const reason = (progress as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' && /^[A-Z_]{1,60}$/.test(reason) ? reason : 'TRANSCRIPTION_INTERRUPTED';
}

/** The sweep's own transitions; one that lost a race (the dictation moved meanwhile) is not an error. */
function sweepTransition(
  ctx: WorkerContext,
  dictationId: string,
  event: DictationEvent,
  statusReason?: string,
) {
  return ctx.db
    .$transaction((tx) =>
      transitionDictation(tx, {
        dictationId,
        event,
        actor: systemActor('sweep'),
        ...(statusReason ? { data: { statusReason } } : {}),
      }),
    )
    .catch(() => {});
}

/**
 * PostgreSQL is the source of truth; Redis holds only work in flight. This re-enqueues every
 * dictation whose state says transcription is due but which has no live job — after a Redis flush
 * or restart, a lost enqueue, or a job that died with its worker. Deterministic job ids make it
 * safe to run any number of times, from any number of workers.
 */
export const sweepDictationsJob = defineJob({
  name: 'sweep-dictations',
  async handler(ctx, _data, _job, log) {
    const due = await ctx.db.dictation.findMany({
      where: { status: { in: ['UPLOADED', 'QUEUED', 'TRANSCRIBING'] } },
      select: { id: true, status: true, audioVersion: true, transcriptionRun: true },
      orderBy: { createdAt: 'asc' },
      take: 5000,
    });
    const queue = ctx.queues[jobContracts['transcribe-dictation'].queue];
    let requeued = 0;
    let failed = 0;
    // Jobs Redis did not take in time (enqueueTranscription answers false): the next sweep tries again.
    let unqueued = 0;
    for (const d of due) {
      const payload = { dictationId: d.id, audioVersion: d.audioVersion, run: d.transcriptionRun };
      const job = await queue.getJob(jobContracts['transcribe-dictation'].jobId(payload));
      const state = job ? await job.getState() : 'missing';
      if (state === 'failed' && d.status !== 'UPLOADED') {
        // The job gave up but its failure was never recorded: it could not reach the database (an
        // outage outlasting its attempts) or its worker died in between. The database answers now
        // (this sweep just read it), so give the job another attempt: it succeeds, or — its attempts
        // being used up — records the real reason itself. Bounded, so a job that keeps failing this
        // way still ends in the manual worklist.
        const attempts = job!.opts.attempts ?? ctx.config.transcription.attempts;
        if (job!.attemptsMade < attempts + SWEEP_RETRIES) {
          const retried = await job!.retry('failed').then(
            () => true,
            () => false,
          );
          if (retried) requeued++;
          continue;
        }
        await sweepTransition(ctx, d.id, { type: 'transcriptionFailed' }, failureReason(job!.progress));
        failed++;
        continue;
      }
      if (state === 'completed') await job!.remove();
      if (state !== 'missing' && state !== 'completed' && state !== 'unknown') continue;
      if (d.status === 'UPLOADED') await sweepTransition(ctx, d.id, { type: 'enqueue' });
      if (await enqueueTranscription(ctx.queues, payload)) requeued++;
      else unqueued++;
    }
    if (requeued || failed || unqueued)
      log.info({ requeued, failed, unqueued, examined: due.length }, 'sweep re-enqueued dictations');
    return done();
  },
});
