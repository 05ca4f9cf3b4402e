import { systemActor } from '../../actor';
import type { AppConfig } from '../../infra/config';
import type { Db, Tx } from '../../infra/db/client';
import type { DeliveryEvent } from '../../infra/db/generated/enums';
import { enqueue, type Queues } from '../../infra/queue/queues';
import { configuredTargets } from './delivery-targets';
import { transitionDelivery } from './transition-delivery';

/**
 * BullMQ attempts per delivery job. Retries of a receiver's failures do not use them: the job
 * re-schedules itself (backoff for DELIVERY_RETRY_HOURS, see the worker's deliver-document job);
 * these only cover the job itself crashing (database down mid-run).
 */
export const DELIVERY_ATTEMPTS = 10;

export interface ScheduledDelivery {
  id: string;
  target: string;
  /** The job round (Delivery.round): a retry or resend starts a new one, so a new job. */
  round: number;
}

/**
 * Inside the filing (amending, replacing, retracting) transaction: one PENDING Delivery row per
 * configured EHR target for this event (PUBLISH the note, SUPERSEDE: tell the receiver it was
 * replaced, RETRACT: withdraw it). The rows commit with the filing, so a delivery can never be
 * forgotten, only delayed; (documentId, target, event) is unique, so calling twice is harmless.
 */
export async function createDeliveries(
  tx: Tx,
  documentId: string,
  delivery: AppConfig['delivery'],
  event: DeliveryEvent = 'PUBLISH',
): Promise<ScheduledDelivery[]> {
  const targets = configuredTargets(delivery);
  if (targets.length === 0) return [];
  await tx.delivery.createMany({
    data: targets.map((target) => ({ documentId, target, event })),
    skipDuplicates: true,
  });
  const rows = await tx.delivery.findMany({
    where: { documentId, target: { in: targets }, event, status: 'PENDING' },
    select: { id: true, target: true, round: true },
  });
  return rows.map((r) => ({ id: r.id, target: r.target, round: r.round }));
}

/** The one producer of `deliver-document` jobs (a delivery's round: its first, or a restart). */
export function enqueueDeliveryJob(
  queues: Queues,
  job: { deliveryId: string; round: number },
  requestId?: string,
): Promise<void> {
  return enqueue(queues, 'deliver-document', { ...job, requestId }, { attempts: DELIVERY_ATTEMPTS });
}

/**
 * After the commit: one `deliver-document` job per delivery. If Redis refuses the job, the delivery
 * is marked FAILED with QUEUE_UNAVAILABLE, so it shows in the filing queue and the retry endpoint
 * restarts it, rather than sitting PENDING with no job behind it.
 */
export async function enqueueDeliveries(
  db: Db,
  queues: Queues,
  deliveries: ScheduledDelivery[],
  requestId?: string,
): Promise<{ enqueued: number; failed: number }> {
  let failed = 0;
  for (const d of deliveries) {
    try {
      await enqueueDeliveryJob(queues, { deliveryId: d.id, round: d.round }, requestId);
    } catch {
      failed++;
      await db
        .$transaction((tx) =>
          transitionDelivery(tx, {
            deliveryId: d.id,
            event: 'failed',
            actor: systemActor('delivery', requestId),
            data: { lastError: 'QUEUE_UNAVAILABLE: the delivery job could not be queued; retry it' },
            details: { reason: 'QUEUE_UNAVAILABLE' },
          }),
        )
        .catch(() => undefined);
    }
  }
  return { enqueued: deliveries.length - failed, failed };
}
