import { enqueueTranscription } from '@dictum/core/domain/dictation/enqueue-transcription';
import { transitionDictation } from '@dictum/core/domain/dictation/transition-dictation';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findVisibleDictation } from '../access/dictation-access';
import { readDictation } from './read-dictation';

/**
 * After an engine outage, a failed dictation can go back to the engine instead of being typed by
 * hand: a new transcription run (so its draft is a new engine version, never a duplicate).
 */
export async function retranscribeDictation(ctx: AppContext, actor: UserActor, id: string) {
  const d = await findVisibleDictation(ctx, actor, id);
  await ctx.db.$transaction((tx) =>
    transitionDictation(tx, {
      dictationId: d.id,
      event: { type: 'requeueTranscription' },
      actor,
      data: { transcriptionRun: { increment: 1 }, statusReason: null },
    }),
  );
  // The transition above bumped the run by one; the conditional update guarantees it was this one.
  await enqueueTranscription(
    ctx.queues,
    { dictationId: d.id, audioVersion: d.audioVersion, run: d.transcriptionRun + 1 },
    actor.requestId,
  );
  return readDictation(ctx, actor, id);
}
