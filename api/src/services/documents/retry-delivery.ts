import type { DeliveryTarget } from '@dictum/core/domain/delivery/delivery-targets';
import { enqueueDeliveries } from '@dictum/core/domain/delivery/schedule-deliveries';
import { transitionDelivery } from '@dictum/core/domain/delivery/transition-delivery';
import { AppError, notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findVisibleDocument } from '../access/document-access';
import { toDeliveryView } from './document-view';

/**
 * Restarts a FAILED delivery (after the receiver or its configuration is fixed): back to PENDING in a
 * new job round, so the worker runs it again with a fresh retry window.
 */
export async function retryDelivery(
  ctx: AppContext,
  actor: UserActor,
  documentId: string,
  target: DeliveryTarget,
) {
  const doc = await findVisibleDocument(ctx, actor, documentId, { id: true });
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
  await restartDelivery(ctx, actor, delivery.id, 'retried', delivery.attempts);
  const now = await ctx.db.delivery.findUniqueOrThrow({
    where: { id: delivery.id },
    select: { target: true, event: true, status: true, attempts: true, lastError: true, deliveredAt: true },
  });
  return toDeliveryView(now);
}

/** FAILED (retried) or SENT/FAILED (resent) → PENDING in a new round, audited; its job after the commit. */
export async function restartDelivery(
  ctx: AppContext,
  actor: UserActor,
  deliveryId: string,
  event: 'retried' | 'resent',
  attempts: number,
) {
  const result = await ctx.db.$transaction((tx) =>
    transitionDelivery(tx, {
      deliveryId,
      event,
      actor,
      attempts,
      data: { round: { increment: 1 }, lastError: null, note: null },
      details: { attempts },
    }),
  );
  if (!result.changed) throw new AppError('CONFLICT', 'the delivery changed meanwhile; reload and try again');
  const row = await ctx.db.delivery.findUniqueOrThrow({
    where: { id: deliveryId },
    select: { id: true, target: true, round: true },
  });
  await enqueueDeliveries(ctx.db, ctx.queues, [row], actor.requestId);
}
