import type { DeliveryStatus } from '@dictum/contracts/enums';
import { AppError } from '../../errors';

// The Delivery lifecycle as a pure table. PENDING: waiting its turn or being retried (with backoff,
// for hours). SENT: the receiver accepted it (or, for SUPERSEDE to HL7, nothing needed sending).
// FAILED: stopped and needs attention (the receiver refused the content, retries ran out, its parent
// never arrived); records staff retry or resend it.

// The statuses are part of the REST contract (contracts/src/enums.ts).
export { type DeliveryStatus, deliveryStatuses } from '@dictum/contracts/enums';

export type DeliveryTransition =
  /** The receiver accepted it. */
  | 'delivered'
  /** Stopped: refused content, header error, retries exhausted, parent not delivered, no job. */
  | 'failed'
  /** A person (or the parent's arrival) restarts a FAILED delivery. */
  | 'retried'
  /** A person sends a delivered (or failed) message again. */
  | 'resent';

const table: Record<DeliveryTransition, { from: readonly DeliveryStatus[]; to: DeliveryStatus }> = {
  delivered: { from: ['PENDING'], to: 'SENT' },
  failed: { from: ['PENDING'], to: 'FAILED' },
  retried: { from: ['FAILED'], to: 'PENDING' },
  resent: { from: ['SENT', 'FAILED'], to: 'PENDING' },
};

/** The next status, or INVALID_STATE when the transition is not allowed from `from`. */
export function planDeliveryTransition(from: DeliveryStatus, event: DeliveryTransition): DeliveryStatus {
  const rule = table[event];
  if (!rule.from.includes(from)) {
    throw new AppError('INVALID_STATE', `a ${from} delivery cannot be ${event}`, { status: from });
  }
  return rule.to;
}
