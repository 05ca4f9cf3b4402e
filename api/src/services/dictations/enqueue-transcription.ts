import { enqueueTranscription as enqueueTranscriptionJob } from '@dictum/core/domain/dictation/enqueue-transcription';
import type { AppContext } from '../../context';

/** Called after the commit that put the dictation in QUEUED; core's producer says why it may fail. */
export const enqueueTranscription = (
  ctx: AppContext,
  job: { dictationId: string; audioVersion: number; run: number },
  requestId?: string,
): Promise<boolean> => enqueueTranscriptionJob(ctx.queues, job, requestId);
