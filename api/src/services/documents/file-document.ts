import { recordAuditEvent } from '@dictum/core/audit/record-audit-event';
import { createDeliveries, enqueueDeliveries } from '@dictum/core/delivery/schedule-deliveries';
import { transitionDictation } from '@dictum/core/dictation/transition-dictation';
import { AppError } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findVisibleDocument } from './document-access';
import { documentViewAfterChange } from './read-document';

const alreadyFiled = (status: string) =>
  new AppError('DOCUMENT_ALREADY_FILED', 'the document is already filed; amend it instead', { status });

/**
 * Files a finalized (no signature needed) or signed note into the patient's record: document FILED
 * and the dictation's `file` transition with their audit rows, plus one PENDING delivery per
 * configured EHR target, in one transaction; the delivery jobs are queued after the commit.
 */
export async function fileDocument(ctx: AppContext, actor: UserActor, id: string) {
  const doc = await findVisibleDocument(ctx, actor, id, {
    id: true,
    status: true,
    dictationId: true,
    patient: { select: { id: true, mrn: true } },
    workType: { select: { requiresSignature: true } },
  });
  if (doc.status === 'FILED' || doc.status === 'SUPERSEDED') throw alreadyFiled(doc.status);
  const requiresSignature = doc.workType.requiresSignature;
  if (doc.status === 'FINALIZED' && requiresSignature) {
    throw new AppError(
      'SIGNATURE_REQUIRED',
      'this work type needs the author’s signature before the note can be filed',
    );
  }

  const deliveries = await ctx.db.$transaction(async (tx) => {
    const filedAt = new Date();
    const { count } = await tx.document.updateMany({
      where: { id: doc.id, status: doc.status },
      data: { status: 'FILED', filedAt, filedById: actor.userId },
    });
    if (count === 0) {
      const now = await tx.document.findUniqueOrThrow({ where: { id: doc.id }, select: { status: true } });
      if (now.status === 'FILED' || now.status === 'SUPERSEDED') throw alreadyFiled(now.status);
      throw new AppError('CONFLICT', 'the document changed meanwhile; reload and try again');
    }
    await transitionDictation(tx, {
      dictationId: doc.dictationId,
      event: { type: 'file', requiresSignature },
      actor,
      data: { statusReason: null },
      details: { documentId: doc.id },
    });
    await recordAuditEvent(tx, actor, {
      action: 'document.filed',
      objectType: 'document',
      objectId: doc.id,
      patient: doc.patient,
      details: { from: doc.status },
    });
    return createDeliveries(tx, doc.id, ctx.config.delivery);
  });
  await enqueueDeliveries(ctx.db, ctx.queues, deliveries, actor.requestId);
  return documentViewAfterChange(ctx, doc.id);
}
