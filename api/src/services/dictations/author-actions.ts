import { recordAuditEvent } from '@dictum/core/audit/record-audit-event';
import { transitionDictation } from '@dictum/core/dictation/transition-dictation';
import { AppError, notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findVisibleDictation, readDictation } from './read-dictation';

function assertAuthor(d: { author: { id: string } }, actor: UserActor) {
  // Physicians only see their own dictations, so another author's is simply not found.
  if (d.author.id !== actor.userId) throw notFound('dictation');
}

/** The author withdraws a dictation before editing starts. */
export async function cancelDictation(ctx: AppContext, actor: UserActor, id: string) {
  const d = await findVisibleDictation(ctx, actor, id);
  assertAuthor(d, actor);
  await ctx.db.$transaction((tx) =>
    transitionDictation(tx, { dictationId: d.id, event: { type: 'cancel' }, actor }),
  );
  return readDictation(ctx, actor, id);
}

/** The author's signature on the finalized report (FINALIZED → SIGNED). */
export async function signDictation(ctx: AppContext, actor: UserActor, id: string) {
  const d = await findVisibleDictation(ctx, actor, id);
  assertAuthor(d, actor);
  if (!d.documentId) throw new AppError('INVALID_STATE', `cannot sign a dictation that is ${d.status}`);
  await ctx.db.$transaction(async (tx) => {
    await transitionDictation(tx, { dictationId: d.id, event: { type: 'sign' }, actor });
    const now = new Date();
    await tx.document.update({
      where: { id: d.documentId! },
      data: { status: 'SIGNED', signedById: actor.userId, signedAt: now },
    });
    await recordAuditEvent(tx, actor, {
      action: 'document.signed',
      objectType: 'document',
      objectId: d.documentId!,
      patient: d.patient,
    });
  });
  return readDictation(ctx, actor, id);
}
