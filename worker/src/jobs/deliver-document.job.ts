import { systemActor } from '@dictum/core/actor';
import { recordAuditEvent } from '@dictum/core/audit/record-audit-event';
import { DeliveryError } from '@dictum/core/delivery/delivery-error';
import { loadDocumentSnapshot } from '@dictum/core/delivery/load-document-snapshot';
import { sendDelivery } from '@dictum/core/delivery/send-delivery';
import { UnrecoverableError } from 'bullmq';
import type { WorkerContext } from '../context';
import { defineJob, type JobOutcome } from './job-definition';

/** Exactly what the job needs from the row. */
function getForDeliveryJob(ctx: WorkerContext, deliveryId: string) {
  return ctx.db.delivery.findUnique({
    where: { id: deliveryId },
    select: { id: true, status: true, target: true, attempts: true, documentId: true },
  });
}

/**
 * Hands one filed document to one EHR target (FHIR, HL7 over MLLP, drop folder). Idempotent: a SENT
 * delivery is skipped, and every target tolerates a repeat (FHIR PUT by id, the same MSH-10, files
 * overwritten). Each run counts an attempt and records the last error (codes and status numbers
 * only, never patient data); transient failures are retried with backoff until the job's attempts
 * run out, then the delivery is FAILED and waits for the retry endpoint.
 */
export const deliverDocumentJob = defineJob({
  name: 'deliver-document',
  async handler(ctx, data, job, log): Promise<JobOutcome> {
    const delivery = await getForDeliveryJob(ctx, data.deliveryId);
    // SENT: done already. FAILED: gave up; a retry starts a new round with its own job.
    if (delivery?.status !== 'PENDING') return 'skipped';
    const { count } = await ctx.db.delivery.updateMany({
      where: { id: delivery.id, status: 'PENDING' },
      data: { attempts: { increment: 1 } },
    });
    if (count === 0) return 'skipped';
    const attempt = delivery.attempts + 1;
    const actor = systemActor('delivery', data.requestId);

    let patient: { id: string; mrn: string } | undefined;
    try {
      const doc = await loadDocumentSnapshot(ctx.db, delivery.documentId, ctx.config.organization);
      if (!doc) throw new DeliveryError('permanent', 'DOCUMENT_MISSING', 'the document no longer exists');
      patient = { id: doc.patient.id, mrn: doc.patient.mrn };
      const { payloadId } = await sendDelivery(ctx.config, delivery, doc);
      await ctx.db.$transaction(async (tx) => {
        const sent = await tx.delivery.updateMany({
          where: { id: delivery.id, status: 'PENDING' },
          data: { status: 'SENT', deliveredAt: new Date(), payloadId, lastError: null },
        });
        if (sent.count === 0) return;
        // Sending a note to another system is a disclosure of patient data: audited like a read.
        await recordAuditEvent(tx, actor, {
          action: 'document.delivered',
          objectType: 'document',
          objectId: delivery.documentId,
          patient,
          details: { deliveryId: delivery.id, target: delivery.target, attempt, payloadId },
        });
      });
      log.info({ deliveryId: delivery.id, target: delivery.target, attempt }, 'document delivered');
      return 'done';
    } catch (error) {
      return handleFailure(ctx, job, { ...delivery, attempt }, patient, error, actor, log);
    }
  },
});

async function handleFailure(
  ctx: WorkerContext,
  job: { attemptsMade: number; opts: { attempts?: number } },
  delivery: { id: string; target: string; documentId: string; attempt: number },
  patient: { id: string; mrn: string } | undefined,
  error: unknown,
  actor: ReturnType<typeof systemActor>,
  log: WorkerContext['log'],
): Promise<JobOutcome> {
  const failure =
    error instanceof DeliveryError
      ? error
      : new DeliveryError('transient', 'UNEXPECTED_ERROR', 'unexpected error while delivering');
  const lastError = `${failure.reason}: ${failure.message}`.slice(0, 500);
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  log.warn(
    {
      deliveryId: delivery.id,
      target: delivery.target,
      reason: failure.reason,
      kind: failure.kind,
      attempt: delivery.attempt,
      ...(error instanceof DeliveryError ? {} : { errorType: (error as { name?: string })?.name }),
    },
    'delivery attempt failed',
  );
  if (failure.kind === 'transient' && !lastAttempt) {
    await ctx.db.delivery.updateMany({ where: { id: delivery.id, status: 'PENDING' }, data: { lastError } });
    throw Object.assign(new Error(`transient: ${failure.reason}`), {
      retryAfterMs: (failure as { retryAfterMs?: number }).retryAfterMs,
    });
  }
  await ctx.db.$transaction(async (tx) => {
    const failed = await tx.delivery.updateMany({
      where: { id: delivery.id, status: 'PENDING' },
      data: { status: 'FAILED', lastError },
    });
    if (failed.count === 0) return;
    await recordAuditEvent(tx, actor, {
      action: 'document.delivery_failed',
      objectType: 'document',
      objectId: delivery.documentId,
      patient: patient ?? null,
      details: {
        deliveryId: delivery.id,
        target: delivery.target,
        attempts: delivery.attempt,
        reason: failure.reason,
      },
    });
  });
  if (failure.kind === 'permanent') throw new UnrecoverableError(failure.reason);
  return 'failed-permanently';
}
