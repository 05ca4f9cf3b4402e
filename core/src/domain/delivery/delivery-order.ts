import type { Db } from '../../infra/db/client';

// The ordering rules of the delivery engine, as queries. Per target: first in, first out (an earlier
// PENDING delivery goes first); a child (addendum, replacement, or a status update of the same
// document) goes only after its parent was delivered to that target.

export interface OrderedDelivery {
  id: string;
  target: string;
  event: 'PUBLISH' | 'SUPERSEDE' | 'RETRACT';
  seq: bigint;
  documentId: string;
  document: { parentId: string | null; kind: 'ORIGINAL' | 'ADDENDUM' | 'REPLACEMENT' };
}

/**
 * PENDING deliveries queued before this one for the same target, oldest first. The caller waits for
 * the first whose job is live: one without a live job was lost (the sweep restarts it) and must not
 * hold the whole interface up meanwhile.
 */
export async function earlierPending(db: Db, d: OrderedDelivery, take = 25) {
  return db.delivery.findMany({
    where: { target: d.target, status: 'PENDING', seq: { lt: d.seq } },
    orderBy: { seq: 'asc' },
    take,
    select: { id: true, round: true },
  });
}

/**
 * The delivery this one depends on at the same target: for a status update (SUPERSEDE, RETRACT) the
 * document's own PUBLISH; for an addendum or replacement the parent document's PUBLISH. None when
 * the parent was never queued for this target (the target was added later): nothing to wait for.
 */
export async function parentDelivery(db: Db, d: OrderedDelivery) {
  const documentId = d.event !== 'PUBLISH' ? d.documentId : d.document.parentId;
  if (!documentId) return null;
  return db.delivery.findUnique({
    where: { documentId_target_event: { documentId, target: d.target, event: 'PUBLISH' } },
    select: { id: true, status: true, payloadId: true },
  });
}

/**
 * The next PENDING deliveries of a target, to wake the first with a job when the one before is done.
 * Lost ones (no job until the sweep restarts them) are skipped, so the window is wide: a backlog of
 * them must not keep the next live delivery waiting for its poll.
 */
export async function nextPending(db: Db, target: string, take = 100) {
  return db.delivery.findMany({
    where: { target, status: 'PENDING' },
    orderBy: { seq: 'asc' },
    take,
    select: { id: true, round: true },
  });
}

export const PARENT_NOT_DELIVERED = 'PARENT_NOT_DELIVERED';

/** FAILED deliveries that stopped only because this (parent) delivery had not arrived. */
export async function childrenWaitingFor(db: Db, parent: { documentId: string; target: string }) {
  return db.delivery.findMany({
    where: {
      target: parent.target,
      status: 'FAILED',
      lastError: { startsWith: PARENT_NOT_DELIVERED },
      OR: [
        { documentId: parent.documentId, event: { not: 'PUBLISH' } },
        { document: { parentId: parent.documentId }, event: 'PUBLISH' },
      ],
    },
    select: { id: true, attempts: true },
  });
}
