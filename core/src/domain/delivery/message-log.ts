import type { Db, Prisma } from '../../infra/db/client';
import type { SendResult } from './send-result';

const OUTCOME = { accepted: 'ACCEPTED', retry: 'RETRY', stop: 'REJECTED' } as const;

/**
 * One row of the per-target message log: what was sent (the full message) and what came back (the
 * ACK or HTTP response, MSA-3, the ERR segments or OperationOutcome issues). Patient data lives here
 * as it does in the document; it is shown to records staff and admins only and never logged.
 */
export async function logDeliveryMessage(
  db: Db,
  input: { deliveryId: string; target: string; result: SendResult; resentById?: string | null },
): Promise<void> {
  const log = input.result.log;
  if (!log) return;
  await db.deliveryMessage.create({
    data: {
      deliveryId: input.deliveryId,
      target: input.target,
      controlId: log.controlId?.slice(0, 300) ?? null,
      request: log.request,
      response: log.response ?? null,
      outcome: OUTCOME[input.result.outcome],
      ackCode: log.ackCode ?? null,
      ackText: log.ackText?.slice(0, 1000) ?? null,
      errors: (log.errors as Prisma.InputJsonValue | undefined) ?? undefined,
      resentById: input.resentById ?? null,
    },
  });
}
