import { transitionDictation } from '@dictum/core/domain/dictation/transition-dictation';
import { AppError } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { assertDictationAuthor, findVisibleDictation } from '../access/dictation-access';
import type { RequestAuth } from '../documents/recent-authentication';
import { type SignInput, signDocument } from '../documents/sign-document';
import { readDictation } from './read-dictation';

/** The author withdraws a dictation before editing starts. */
export async function cancelDictation(ctx: AppContext, actor: UserActor, id: string) {
  const d = await findVisibleDictation(ctx, actor, id);
  assertDictationAuthor(d, actor);
  await ctx.db.$transaction((tx) =>
    transitionDictation(tx, { dictationId: d.id, event: { type: 'cancel' }, actor }),
  );
  return readDictation(ctx, actor, id);
}

/**
 * The author's signature on the finalized report (FINALIZED → SIGNED): the same signature as
 * POST /documents/:id/sign, on the dictation's current document.
 */
export async function signDictation(
  ctx: AppContext,
  actor: UserActor,
  id: string,
  input: SignInput,
  auth: RequestAuth,
) {
  const d = await findVisibleDictation(ctx, actor, id);
  assertDictationAuthor(d, actor);
  if (!d.documentId) throw new AppError('INVALID_STATE', `cannot sign a dictation that is ${d.status}`);
  await signDocument(ctx, actor, d.documentId, input, auth);
  return readDictation(ctx, actor, id);
}
