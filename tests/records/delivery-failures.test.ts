import { DELIVERY_ATTEMPTS } from '@dictum/core/domain/delivery/schedule-deliveries';
import { createLogger } from '@dictum/core/infra/logger';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDocumentJob } from '../../worker/src/jobs/deliver-document.job';
import { createTestPatient } from '../support/api-harness';
import { useTestApp, useWorkerContext } from '../support/use-test-app';
import {
  deliveringTo,
  type FhirReceiver,
  finalizedDocument,
  type MllpListener,
  NOTE_ROLES,
  startMllpListener,
  startReceivers,
} from './records-support';

// Failure handling, driven step by step: the delivery job's handler is called directly (no worker
// runs in this file; queued jobs are drained so none counts as live), against real receivers. The
// handler returns its result as a value: done, retry after a delay, or failed.

let fhir: FhirReceiver;
let mllp: MllpListener;
beforeAll(async () => {
  ({ fhir, mllp } = await startReceivers());
});
afterAll(async () => {
  await Promise.all([fhir?.close(), mllp?.close()]);
});
const { t, records, physician, transcriptionist } = useTestApp({
  env: () => deliveringTo(fhir, mllp),
  users: NOTE_ROLES,
});
// The worker's own context (its own pool and Redis connection), with the same configuration.
const ctx = useWorkerContext(() => t.ctx.config);
const log = createLogger('silent');
const noJob = {} as Job;

async function fileNote(text: string) {
  const patient = await createTestPatient(t);
  const { documentId } = await finalizedDocument(
    t,
    { physician, transcriptionist },
    { mrn: patient.mrn, text },
  );
  const filed = await records.request({ method: 'POST', url: `/api/v1/documents/${documentId}/file` });
  expect(filed.statusCode, filed.body).toBe(200);
  const deliveries = await t.ctx.db.delivery.findMany({ where: { documentId } });
  const byTarget = Object.fromEntries(deliveries.map((d) => [d.target, d]));
  return { documentId, patient, fhirDelivery: byTarget.fhir!, mllpDelivery: byTarget.mllp! };
}

const run = async (deliveryId: string, round = 0) => {
  await t.ctx.queues.delivery.drain(true);
  return deliverDocumentJob.handler(ctx, { deliveryId, round }, noJob, log);
};

const row = (id: string) => t.ctx.db.delivery.findUniqueOrThrow({ where: { id } });
/** The test stands in for time passing: the backoff is over. */
const backoffOver = (id: string) =>
  t.ctx.db.delivery.updateMany({ where: { id }, data: { nextAttemptAt: null } });

describe('delivery failures', () => {
  it('an MLLP receiver answering AE stops the delivery at once, visible; the retry endpoint re-queues it', async () => {
    mllp.ackCode = 'AE';
    const { documentId, patient, fhirDelivery, mllpDelivery } = await fileNote(
      'Note that the HL7 receiver rejects.',
    );
    // Filing queued one job per target, with deterministic ids.
    for (const d of [fhirDelivery, mllpDelivery]) {
      const queued = await t.ctx.queues.delivery.getJob(`deliver-${d.id}-0`);
      expect(queued?.data).toMatchObject({ deliveryId: d.id, round: 0 });
      expect(queued?.opts.attempts).toBe(DELIVERY_ATTEMPTS);
    }

    const before = mllp.messages.length;
    // AE means "the content is wrong": sending it again cannot help.
    expect(await run(mllpDelivery.id)).toEqual({ failed: { reason: 'MLLP_NACK_AE' } });
    expect(mllp.messages.length - before).toBe(1);
    const failed = await row(mllpDelivery.id);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1, deliveredAt: null });
    expect(failed.lastError).toMatch(/^MLLP_NACK_AE: HL7 receiver answered AE/);
    expect(failed.lastError).not.toContain(patient.mrn);
    expect(failed.lastError).not.toContain(patient.name);

    // Another target of the same document is unaffected.
    expect(await run(fhirDelivery.id)).toEqual({ done: true });

    const view = (await records.request({ method: 'GET', url: `/api/v1/documents/${documentId}` })).json();
    expect(view.deliveries).toEqual([
      expect.objectContaining({ target: 'fhir', status: 'SENT', attempts: 1, lastError: null }),
      expect.objectContaining({
        target: 'mllp',
        status: 'FAILED',
        attempts: 1,
        lastError: expect.stringMatching(/AE/),
      }),
    ]);
    const failedAudit = await t.ctx.db.auditEvent.findMany({
      where: { objectId: documentId, action: 'document.delivery_failed' },
    });
    expect(failedAudit).toHaveLength(1);

    // Only a FAILED delivery can be retried, and only by records staff.
    const sentRetry = await records.request({
      method: 'POST',
      url: `/api/v1/documents/${documentId}/deliveries/fhir/retry`,
    });
    expect(sentRetry.statusCode).toBe(409);
    expect(
      (
        await physician.request({
          method: 'POST',
          url: `/api/v1/documents/${documentId}/deliveries/mllp/retry`,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await records.request({
          method: 'POST',
          url: `/api/v1/documents/${documentId}/deliveries/folder/retry`,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await records.request({
          method: 'POST',
          url: `/api/v1/documents/${documentId}/deliveries/FTP!/retry`,
        })
      ).statusCode,
    ).toBe(400);

    const retried = await records.request({
      method: 'POST',
      url: `/api/v1/documents/${documentId}/deliveries/mllp/retry`,
    });
    expect(retried.statusCode, retried.body).toBe(202);
    expect(retried.json()).toMatchObject({ target: 'mllp', status: 'PENDING', attempts: 1 });
    // A new round, so a new job (the old one's id is spent).
    const job = await t.ctx.queues.delivery.getJob(`deliver-${mllpDelivery.id}-1`);
    expect(job?.data).toMatchObject({ deliveryId: mllpDelivery.id, round: 1 });
    expect(
      (
        await records.request({
          method: 'POST',
          url: `/api/v1/documents/${documentId}/deliveries/mllp/retry`,
        })
      ).statusCode,
    ).toBe(409);

    // The receiver is fixed: the re-queued job delivers, and running it again sends nothing more.
    mllp.ackCode = 'AA';
    expect(await deliverDocumentJob.handler(ctx, job!.data, noJob, log)).toEqual({ done: true });
    expect(await row(mllpDelivery.id)).toMatchObject({ status: 'SENT', attempts: 2, lastError: null });
    const count = mllp.messages.length;
    expect(await deliverDocumentJob.handler(ctx, job!.data, noJob, log)).toEqual({
      done: true,
      skipped: true,
    });
    expect(await run(mllpDelivery.id, 0)).toEqual({ done: true, skipped: true });
    expect(mllp.messages.length).toBe(count);
  });

  it('AR ("try later") is retried with backoff, the same control id each time, until the retry window ends', async () => {
    mllp.ackCode = 'AR';
    try {
      const { mllpDelivery } = await fileNote('Note sent while the HL7 receiver is busy.');
      const before = mllp.messages.length;
      const first = await run(mllpDelivery.id);
      expect(first).toMatchObject({ retry: { reason: 'MLLP_NACK_AR' } });
      const waited = await row(mllpDelivery.id);
      expect(waited).toMatchObject({ status: 'PENDING', attempts: 1 });
      expect(waited.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
      expect(waited.failingSince).not.toBeNull();
      // Woken early (the job ran again before its time): nothing is sent.
      expect(await run(mllpDelivery.id)).toMatchObject({ retry: { reason: 'BACKOFF' } });
      expect(mllp.messages.length - before).toBe(1);
      await backoffOver(mllpDelivery.id);
      expect(await run(mllpDelivery.id)).toMatchObject({ retry: { reason: 'MLLP_NACK_AR' } });
      const controlIds = new Set(mllp.messages.slice(before).map((m) => m.header.getField(10).toString()));
      expect(controlIds.size).toBe(1);
      // After DELIVERY_RETRY_HOURS of failing, it stops and needs attention.
      await t.ctx.db.delivery.updateMany({
        where: { id: mllpDelivery.id },
        data: { nextAttemptAt: null, failingSince: new Date(Date.now() - 25 * 3_600_000) },
      });
      expect(await run(mllpDelivery.id)).toEqual({ failed: { reason: 'MLLP_NACK_AR' } });
      expect((await row(mllpDelivery.id)).lastError).toMatch(/^RETRIES_EXHAUSTED \(MLLP_NACK_AR\)/);
    } finally {
      mllp.ackCode = 'AA';
    }
  });

  it('a FHIR server that rejects the resource (4xx) fails the delivery at once, without retries', async () => {
    fhir.status = 422;
    try {
      const { fhirDelivery } = await fileNote('Note the FHIR server refuses.');
      expect(await run(fhirDelivery.id)).toEqual({ failed: { reason: 'FHIR_REJECTED' } });
      expect(await row(fhirDelivery.id)).toMatchObject({
        status: 'FAILED',
        attempts: 1,
        lastError: 'FHIR_REJECTED: FHIR server rejected the request: HTTP 422 (processing)',
      });
    } finally {
      fhir.status = 201;
    }
  });

  it('a FHIR server error (5xx) or an unreachable receiver is transient', async () => {
    fhir.status = 503;
    try {
      const { fhirDelivery } = await fileNote('Note sent while the FHIR server is down.');
      expect(await run(fhirDelivery.id)).toMatchObject({ retry: { reason: 'FHIR_UNAVAILABLE' } });
      expect(await row(fhirDelivery.id)).toMatchObject({
        status: 'PENDING',
        attempts: 1,
        lastError: expect.stringContaining('HTTP 503'),
      });
      fhir.status = 201;
      await backoffOver(fhirDelivery.id);
      expect(await run(fhirDelivery.id)).toEqual({ done: true });
      expect(await row(fhirDelivery.id)).toMatchObject({ status: 'SENT', attempts: 2 });
    } finally {
      fhir.status = 201;
    }

    const down = await startMllpListener();
    await down.close();
    const port = Number(down.target.split(':')[1]);
    const offline = {
      ...ctx,
      config: {
        ...ctx.config,
        delivery: {
          ...ctx.config.delivery,
          targets: ctx.config.delivery.targets.map((x) => (x.kind === 'mllp' ? { ...x, port } : x)),
        },
      },
    };
    const { mllpDelivery } = await fileNote('Note for a receiver that is offline.');
    await t.ctx.queues.delivery.drain(true);
    expect(
      await deliverDocumentJob.handler(offline, { deliveryId: mllpDelivery.id, round: 0 }, noJob, log),
    ).toMatchObject({
      retry: { reason: 'MLLP_UNREACHABLE' },
    });
    expect((await row(mllpDelivery.id)).lastError).toMatch(
      /^MLLP_UNREACHABLE: HL7 receiver unreachable \(ECONNREFUSED\)$/,
    );
  });
});
