import { transitionDictation } from '@dictum/core/domain/dictation/transition-dictation';
import { AppError, isAppError } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findVisibleDictation } from '../access/dictation-access';
import { readDictation } from './read-dictation';

/** Exclusive claim: of two transcriptionists claiming at once, exactly one wins. */
export async function claimDictation(ctx: AppContext, actor: UserActor, id: string) {
  const d = await findVisibleDictation(ctx, actor, id);
  if (d.status === 'IN_EDIT') {
    if (d.assignee?.id === actor.userId) return readDictation(ctx, actor, id);
    throw new AppError('ALREADY_CLAIMED', 'another transcriptionist is working on this dictation');
  }
  const now = Date.now();
  try {
    await ctx.db.$transaction((tx) =>
      transitionDictation(tx, {
        dictationId: d.id,
        event: { type: 'claim' },
        actor,
        data: {
          assigneeId: actor.userId,
          claimedAt: new Date(now),
          claimExpiresAt: new Date(now + ctx.config.workflow.claimTimeoutMs),
        },
      }),
    );
  } catch (error) {
    // Lost a race: the dictation moved between our read and our update (CONFLICT), or before the
    // transition re-read it (INVALID_STATE). Losing to our own second click or tab is no conflict.
    if (isAppError(error) && (error.code === 'CONFLICT' || error.code === 'INVALID_STATE')) {
      const current = await findVisibleDictation(ctx, actor, id);
      if (current.status === 'IN_EDIT' && current.assignee?.id === actor.userId)
        return readDictation(ctx, actor, id);
      if (current.status === 'IN_EDIT') {
        throw new AppError('ALREADY_CLAIMED', 'another transcriptionist claimed this dictation first');
      }
    }
    throw error;
  }
  return readDictation(ctx, actor, id);
}

export async function releaseDictation(ctx: AppContext, actor: UserActor, id: string) {
  const d = await findVisibleDictation(ctx, actor, id);
  if (d.status !== 'IN_EDIT')
    throw new AppError('INVALID_STATE', `cannot release a dictation that is ${d.status}`);
  if (d.assignee?.id !== actor.userId && actor.role !== 'ADMIN') {
    throw new AppError('NOT_CLAIMED_BY_YOU', 'you do not hold the claim on this dictation');
  }
  await ctx.db.$transaction(async (tx) => {
    const versions = await tx.transcriptVersion.count({ where: { dictationId: d.id } });
    await transitionDictation(tx, {
      dictationId: d.id,
      event: { type: 'release', hasTranscript: versions > 0 },
      actor,
      data: { assigneeId: null, claimedAt: null, claimExpiresAt: null },
    });
  });
  return readDictation(ctx, actor, id);
}
