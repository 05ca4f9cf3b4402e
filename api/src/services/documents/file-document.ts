import { createDeliveries, enqueueDeliveries } from '@dictum/core/domain/delivery/schedule-deliveries';
import { transitionDictation } from '@dictum/core/domain/dictation/transition-dictation';
import { transitionDocument } from '@dictum/core/domain/document/transition-document';
import { AppError } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findVisibleDocument } from '../access/document-access';
import { documentViewAfterChange } from './read-document';

/**
 * Files a finalized (no signature needed) or signed note into the patient's record: the document's
 * and the dictation's `file` transitions (each with its audit row), plus one PENDING delivery per
 * configured EHR target, in one transaction; the delivery jobs are queued after the commit.
 */
export async function fileDocument(ctx: AppContext, actor: UserActor, id: string) {
  const doc = await findVisibleDocument(ctx, actor, id, {
    id: true,
    dictationId: true,
    workType: { select: { requiresSignature: true } },
    dictation: { select: { documentId: true } },
  });
  const requiresSignature = doc.workType.requiresSignature;

  const deliveries = await ctx.db.$transaction(async (tx) => {
    const filedAt = new Date();
    await transitionDocument(tx, {
      documentId: doc.id,
      event: { type: 'file', requiresSignature },
      actor,
      data: { filedAt, filedById: actor.userId },
    });
    if (doc.dictation.documentId !== doc.id) {
      throw new AppError('INVALID_STATE', 'this is not the current version of the note');
    }
    await transitionDictation(tx, {
      dictationId: doc.dictationId,
      event: { type: 'file', requiresSignature },
      actor,
      data: { statusReason: null },
      details: { documentId: doc.id },
    });
    return createDeliveries(tx, doc.id, ctx.config.delivery, 'PUBLISH');
  });
  await enqueueDeliveries(ctx.db, ctx.queues, deliveries, actor.requestId);
  return documentViewAfterChange(ctx, doc.id);
}
