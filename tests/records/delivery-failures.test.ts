import { DELIVERY_ATTEMPTS } from '@dictum/core/delivery/schedule-deliveries';
import { createLogger } from '@dictum/core/logger';
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWorkerContext, createWorkerContext, type WorkerContext } from '../../worker/src/context';
import { deliverDocumentJob } from '../../worker/src/jobs/deliver-document.job';
import {
  createTestApp,
  createTestPatient,
  type SignedInUser,
  signedInUser,
  type TestApp,
} from '../support/api-harness';
import {
  type FhirReceiver,
  finalizedDocument,
  type MllpListener,
  startFhirReceiver,
  startMllpListener,
} from './records-support';

// Failure handling, driven step by step: the delivery job's handler is called directly with a fake
// job (no worker runs in this file, so the queued jobs just wait), against real receivers.

let t: TestApp;
let fhir: FhirReceiver;
let mllp: MllpListener;
let ctx: WorkerContext;
let records: SignedInUser;
let physician: SignedInUser;
let transcriptionist: SignedInUser;
const log = createLogger('silent');
const ATTEMPTS = 3;
const fakeJob = (attemptsMade: number) => ({ attemptsMade, opts: { attempts: ATTEMPTS } }) as unknown as Job;

beforeAll(async () => {
  [fhir, mllp] = await Promise.all([startFhirReceiver(), startMllpListener()]);
  t = await createTestApp({
    ASR_ENGINE: 'none',
    FHIR_TARGET_URL: fhir.baseUrl,
    FHIR_TARGET_TOKEN: fhir.token,
    HL7_MLLP_TARGET: mllp.target,
    DROP_FOLDER: '',
  });
  // The worker's own context (its own pool and Redis connection), with the same configuration.
  ctx = createWorkerContext(t.ctx.config);
  [records, physician, transcriptionist] = await Promise.all([
    signedInUser(t, 'RECORDS'),
    signedInUser(t, 'PHYSICIAN'),
    signedInUser(t, 'TRANSCRIPTIONIST'),
  ]);
});

afterAll(async () => {
  if (ctx) await closeWorkerContext(ctx);
  await t?.close();
  await Promise.all([fhir?.close(), mllp?.close()]);
});

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

const run = (deliveryId: string, attemptsMade: number, round = 0) =>
  deliverDocumentJob.handler(ctx, { deliveryId, round }, fakeJob(attemptsMade), log);

const row = (id: string) => t.ctx.db.delivery.findUniqueOrThrow({ where: { id } });

describe('delivery failures', () => {
  it('an MLLP receiver answering AE is retried, then FAILED and visible; the retry endpoint re-queues it', async () => {
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
    await expect(run(mllpDelivery.id, 0)).rejects.toThrow(/MLLP_NACK_AE/);
    expect(await row(mllpDelivery.id)).toMatchObject({
      status: 'PENDING',
      attempts: 1,
      lastError: expect.stringMatching(/^MLLP_NACK_AE/),
    });
    await expect(run(mllpDelivery.id, 1)).rejects.toThrow(/MLLP_NACK_AE/);
    // The last attempt gives up: FAILED, recorded, not thrown (nothing left to retry).
    expect(await run(mllpDelivery.id, 2)).toBe('failed-permanently');
    expect(mllp.messages.length - before).toBe(ATTEMPTS);
    const failed = await row(mllpDelivery.id);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 3, deliveredAt: null });
    expect(failed.lastError).not.toContain(patient.mrn);
    expect(failed.lastError).not.toContain(patient.name);
    // Every attempt sent the same message control id, so the receiver can recognise a resend.
    const controlIds = new Set(mllp.messages.slice(before).map((m) => m.header.getField(10).toString()));
    expect(controlIds.size).toBe(1);

    // Another target of the same document is unaffected.
    expect(await run(fhirDelivery.id, 0)).toBe('done');

    const view = (await records.request({ method: 'GET', url: `/api/v1/documents/${documentId}` })).json();
    expect(view.deliveries).toEqual([
      expect.objectContaining({ target: 'fhir', status: 'SENT', attempts: 1, lastError: null }),
      expect.objectContaining({
        target: 'mllp',
        status: 'FAILED',
        attempts: 3,
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
      (await records.request({ method: 'POST', url: `/api/v1/documents/${documentId}/deliveries/ftp/retry` }))
        .statusCode,
    ).toBe(400);

    const retried = await records.request({
      method: 'POST',
      url: `/api/v1/documents/${documentId}/deliveries/mllp/retry`,
    });
    expect(retried.statusCode, retried.body).toBe(202);
    expect(retried.json()).toMatchObject({ target: 'mllp', status: 'PENDING', attempts: 3 });
    // A new round, so a new job (the old one's id is spent).
    const job = await t.ctx.queues.delivery.getJob(`deliver-${mllpDelivery.id}-3`);
    expect(job?.data).toMatchObject({ deliveryId: mllpDelivery.id, round: 3 });
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
    expect(await deliverDocumentJob.handler(ctx, job!.data, fakeJob(0), log)).toBe('done');
    expect(await row(mllpDelivery.id)).toMatchObject({ status: 'SENT', attempts: 4, lastError: null });
    const count = mllp.messages.length;
    expect(await deliverDocumentJob.handler(ctx, job!.data, fakeJob(0), log)).toBe('skipped');
    expect(await run(mllpDelivery.id, 0)).toBe('skipped');
    expect(mllp.messages.length).toBe(count);
  });

  it('a FHIR server that rejects the resource (4xx) fails the delivery at once, without retries', async () => {
    fhir.status = 422;
    try {
      const { fhirDelivery } = await fileNote('Note the FHIR server refuses.');
      await expect(run(fhirDelivery.id, 0)).rejects.toMatchObject({
        name: 'UnrecoverableError',
        message: 'FHIR_REJECTED',
      });
      expect(await row(fhirDelivery.id)).toMatchObject({
        status: 'FAILED',
        attempts: 1,
        lastError: 'FHIR_REJECTED: FHIR server rejected the DocumentReference: HTTP 422',
      });
    } finally {
      fhir.status = 201;
    }
  });

  it('a FHIR server error (5xx) or an unreachable receiver is transient', async () => {
    fhir.status = 503;
    try {
      const { fhirDelivery } = await fileNote('Note sent while the FHIR server is down.');
      await expect(run(fhirDelivery.id, 0)).rejects.toThrow(/FHIR_UNAVAILABLE/);
      expect(await row(fhirDelivery.id)).toMatchObject({
        status: 'PENDING',
        attempts: 1,
        lastError: expect.stringContaining('HTTP 503'),
      });
      fhir.status = 201;
      expect(await run(fhirDelivery.id, 1)).toBe('done');
      expect(await row(fhirDelivery.id)).toMatchObject({ status: 'SENT', attempts: 2 });
    } finally {
      fhir.status = 201;
    }

    const down = await startMllpListener();
    await down.close();
    const offline = {
      ...ctx,
      config: { ...ctx.config, delivery: { ...ctx.config.delivery, mllpTarget: down.target } },
    };
    const { mllpDelivery } = await fileNote('Note for a receiver that is offline.');
    await expect(
      deliverDocumentJob.handler(offline, { deliveryId: mllpDelivery.id, round: 0 }, fakeJob(0), log),
    ).rejects.toThrow(/MLLP_UNREACHABLE/);
    expect((await row(mllpDelivery.id)).lastError).toMatch(
      /^MLLP_UNREACHABLE: HL7 receiver unreachable \(ECONNREFUSED\)$/,
    );
  });
});
