import { enqueue, type Queues } from '../../infra/queue/queues';
import { withTimeout } from '../../infra/with-timeout';

/**
 * The one producer of `transcribe-dictation` jobs: after the commit that put the dictation in
 * QUEUED (upload, re-transcription), and from the worker's sweep. If Redis is down or slow the
 * dictation stays QUEUED in PostgreSQL and the sweep enqueues it later: nothing is lost, nothing
 * doubled (the job id is deterministic). False when the job could not be queued.
 */
export async function enqueueTranscription(
  queues: Queues,
  job: { dictationId: string; audioVersion: number; run: number },
  requestId?: string,
): Promise<boolean> {
  try {
    await withTimeout(enqueue(queues, 'transcribe-dictation', { ...job, requestId }), 3000, 'enqueue');
    return true;
  } catch {
    return false;
  }
}
