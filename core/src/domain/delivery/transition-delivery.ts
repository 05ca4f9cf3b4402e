import { notFound } from '../../errors';
import type { Db, Prisma, Tx } from '../../infra/db/client';
import { recordAuditEvent } from '../audit/record-audit-event';
import type { LifecycleTransitionInput, LifecycleTransitionResult } from '../lifecycle-transition';
import {
  type DeliveryStatus,
  type DeliveryTransition,
  planDeliveryTransition,
} from './delivery-state-machine';

/** `data`: lastError, payloadId, round, ... */
export interface DeliveryTransitionInput
  extends LifecycleTransitionInput<DeliveryTransition, Prisma.DeliveryUncheckedUpdateManyInput> {
  deliveryId: string;
  /** Conditional on the attempt count seen (a stale job or double click changes nothing). */
  attempts?: number;
}

export interface DeliveryTransitionResult extends LifecycleTransitionResult<DeliveryStatus> {
  /** False when someone else moved it first (zero rows updated): nothing was written. */
  changed: boolean;
}

const auditAction: Record<DeliveryTransition, string> = {
  delivered: 'document.delivered',
  failed: 'document.delivery_failed',
  retried: 'document.delivery_retried',
  resent: 'document.delivery_resent',
};

/**
 * The only code that changes a Delivery's status: checks the table, applies a conditional update
 * (`WHERE status = <seen>`), and appends the audit event, in the caller's transaction. Sending a
 * note to another system is a disclosure of patient data, so delivery is audited like a read.
 */
export async function transitionDelivery(
  tx: Tx,
  input: DeliveryTransitionInput,
): Promise<DeliveryTransitionResult> {
  const current = await tx.delivery.findUnique({
    where: { id: input.deliveryId },
    select: {
      status: true,
      target: true,
      event: true,
      documentId: true,
      document: { select: { patient: { select: { id: true, mrn: true } } } },
    },
  });
  if (!current) throw notFound('delivery');
  const from = current.status as DeliveryStatus;
  const to = planDeliveryTransition(from, input.event);
  const now = new Date();
  const { count } = await tx.delivery.updateMany({
    where: {
      id: input.deliveryId,
      status: from,
      ...(input.attempts !== undefined ? { attempts: input.attempts } : {}),
    },
    data: {
      ...input.data,
      status: to,
      ...(to === 'SENT' ? { deliveredAt: now, failingSince: null, nextAttemptAt: null } : {}),
      ...(to === 'PENDING' ? { nextAttemptAt: null, failingSince: null } : {}),
    },
  });
  if (count === 0) return { from, to, changed: false };
  await recordAuditEvent(tx, input.actor, {
    action: auditAction[input.event],
    objectType: 'document',
    objectId: current.documentId,
    patient: current.document.patient,
    details: {
      deliveryId: input.deliveryId,
      target: current.target,
      event: current.event,
      from,
      to,
      ...input.details,
    },
  });
  return { from, to, changed: true };
}

/**
 * A failed attempt that will be retried: the status stays PENDING; the attempt's error, the next try
 * and the start of the failing run are recorded (conditional on the attempt count, like a transition).
 */
export async function recordDeliveryRetry(
  db: Db | Tx,
  input: { deliveryId: string; attempts: number; lastError: string; nextAttemptAt: Date; failingSince: Date },
): Promise<boolean> {
  const { count } = await db.delivery.updateMany({
    where: { id: input.deliveryId, status: 'PENDING', attempts: input.attempts },
    data: {
      lastError: input.lastError,
      nextAttemptAt: input.nextAttemptAt,
      failingSince: input.failingSince,
    },
  });
  return count > 0;
}

/** An attempt starts: counted first, so a crash mid-send still shows it (status unchanged). */
export async function countDeliveryAttempt(
  db: Db | Tx,
  deliveryId: string,
  attempts: number,
): Promise<boolean> {
  const { count } = await db.delivery.updateMany({
    where: { id: deliveryId, status: 'PENDING', attempts },
    data: { attempts: { increment: 1 } },
  });
  return count > 0;
}
