import { enqueue } from '@dictum/core/infra/queue/queues';
import type { AppContext } from '../../context';

/**
 * Called after the commit that put the dictation in QUEUED. If Redis is down the dictation stays
 * QUEUED in PostgreSQL and the worker's sweep enqueues it later: nothing is lost, nothing doubled
 * (the job id is deterministic).
 */
export async function enqueueTranscription(
  ctx: AppContext,
  job: { dictationId: string; audioVersion: number; run: number },
  requestId?: string,
): Promise<boolean> {
  try {
    await withTimeout(enqueue(ctx.queues, 'transcribe-dictation', { ...job, requestId }), 3000);
    return true;
  } catch {
    return false;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('enqueue timed out')), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
