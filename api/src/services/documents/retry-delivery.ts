import { recordAuditEvent } from '@dictum/core/audit/record-audit-event';
import type { DeliveryTarget } from '@dictum/core/delivery/delivery-targets';
import { enqueueDeliveries } from '@dictum/core/delivery/schedule-deliveries';
import { AppError, notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findVisibleDocument } from './document-access';
import { toDeliveryView } from './document-view';

/**
 * Restarts a FAILED delivery (after the receiver or its configuration is fixed): back to PENDING and
 * a new job round, so the worker runs it again with a fresh set of attempts.
 */
export async function retryDelivery(
  ctx: AppContext,
  actor: UserActor,
  documentId: string,
  target: DeliveryTarget,
) {
  const doc = await findVisibleDocument(ctx, actor, documentId, {
    id: true,
    patient: { select: { id: true, mrn: true } },
  });
  // A document has one delivery per target and event (PUBLISH, SUPERSEDE, RETRACT): the failed one
  // is the one to retry, else the oldest answers why it cannot be.
  const delivery = await ctx.db.delivery.findFirst({
    where: { documentId: doc.id, target },
    orderBy: [{ status: 'desc' }, { seq: 'asc' }], // FAILED sorts last in the enum
    select: { id: true, status: true, attempts: true },
  });
  if (!delivery) throw notFound('delivery');
  const notFailed = (status: string) =>
    new AppError('INVALID_STATE', `only a FAILED delivery can be retried; this one is ${status}`, { status });
  if (delivery.status !== 'FAILED') throw notFailed(delivery.status);

  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.delivery.updateMany({
      where: { id: delivery.id, status: 'FAILED', attempts: delivery.attempts },
      data: { status: 'PENDING' },
    });
    if (count === 0) throw notFailed('PENDING');
    await recordAuditEvent(tx, actor, {
      action: 'document.delivery_retried',
      objectType: 'document',
      objectId: doc.id,
      patient: doc.patient,
      details: { deliveryId: delivery.id, target, attempts: delivery.attempts },
    });
  });
  await enqueueDeliveries(
    ctx.db,
    ctx.queues,
    [{ id: delivery.id, target, round: delivery.attempts }],
    actor.requestId,
  );
  const now = await ctx.db.delivery.findUniqueOrThrow({
    where: { id: delivery.id },
    select: { target: true, status: true, attempts: true, lastError: true, deliveredAt: true },
  });
  return toDeliveryView(now);
}
