import { randomUUID } from 'node:crypto';
import { DELIVERY_ATTEMPTS } from '@dictum/core/domain/delivery/schedule-deliveries';
import { createLogger } from '@dictum/core/infra/logger';
import { jobContracts } from '@dictum/core/infra/queue/job-contracts';
import { enqueue } from '@dictum/core/infra/queue/queues';
import { type Job, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobRegistry } from '../../worker/src/jobs';
import { sweepDeliveriesJob } from '../../worker/src/jobs/sweep-deliveries.job';
import { ensureSchedules } from '../../worker/src/schedules';
import { filedDocument } from '../support/delivery-fixtures';
import { useTestApp, useWorkerContext } from '../support/use-test-app';

// The delivery sweep against real PostgreSQL and Redis. No worker runs in this file (its queue prefix
// is its own), so the jobs the sweep adds just wait, where the test can see them.

const { t } = useTestApp();
const ctx = useWorkerContext();
const documentIds: string[] = [];
const log = createLogger('silent');
const jobId = (deliveryId: string, round: number) =>
  jobContracts['deliver-document'].jobId({ deliveryId, round });
// Far in the past, so these rows are the first the sweep looks at however many stale rows the shared
// database holds from other files and earlier runs.
const LONG_AGO = new Date('1990-01-01T00:00:00Z');

const sweep = () => sweepDeliveriesJob.handler(ctx, { reason: 'schedule' }, undefined as never, log);

/** A filed note with one delivery per given target: PENDING, `attempts` made, last touched at `touchedAt`. */
async function pendingDelivery(attempts: number, touchedAt: Date = LONG_AGO) {
  const doc = await filedDocument(t, 'DOC-SWEEP');
  documentIds.push(doc.id);
  const db = t.ctx.db;
  const delivery = await db.delivery.create({ data: { documentId: doc.id, target: 'fhir', attempts } });
  await db.$executeRaw`UPDATE "Delivery" SET "updatedAt" = ${touchedAt} WHERE "id" = ${delivery.id}::uuid`;
  return delivery.id;
}

/** A job of this delivery's that gave up: fetched like a worker would, then failed for good. */
async function failedJob(deliveryId: string, round: number) {
  await enqueue(ctx.queues, 'deliver-document', { deliveryId, round }, { attempts: 1 });
  const worker = new Worker('delivery', null, {
    connection: ctx.redis.duplicate(),
    prefix: ctx.config.redis.queuePrefix,
    autorun: false,
  });
  try {
    const token = randomUUID();
    const job = (await worker.getNextJob(token)) as Job;
    expect(job.id).toBe(jobId(deliveryId, round));
    await job.moveToFailed(new Error('database unavailable'), token, false);
    expect(await ctx.queues.delivery.getJobState(jobId(deliveryId, round))).toBe('failed');
  } finally {
    await worker.close();
  }
}

const jobsOf = async (deliveryId: string) => {
  const all = await ctx.queues.delivery.getJobs([
    'waiting',
    'delayed',
    'active',
    'prioritized',
    'failed',
    'completed',
  ]);
  return all.filter((j) => j.data.deliveryId === deliveryId).map((j) => j.id);
};

beforeAll(() => {
  expect(ctx.config.redis.queuePrefix).toBe(t.ctx.config.redis.queuePrefix);
});
afterAll(async () => {
  // Leave no PENDING rows behind for other files' sweeps.
  if (documentIds.length) {
    await t.ctx.db.delivery.updateMany({
      where: { documentId: { in: documentIds }, status: 'PENDING' },
      data: { status: 'FAILED', lastError: 'TEST_CLEANUP' },
    });
  }
});

describe('delivery sweep', () => {
  it('is registered, scheduled with the other sweeps, and its contract has no job id of its own', async () => {
    const registry = jobRegistry(Object.keys(jobContracts) as (keyof typeof jobContracts)[]);
    expect(registry.get('sweep-deliveries')).toBe(sweepDeliveriesJob);
    expect(jobContracts['sweep-deliveries'].queue).toBe('maintenance');
    await ensureSchedules(ctx);
    const scheduler = await ctx.queues.maintenance.getJobScheduler('sweep-deliveries');
    expect(scheduler).toMatchObject({
      name: 'sweep-deliveries',
      every: ctx.config.transcription.sweepIntervalMs,
    });
    for (const s of await ctx.queues.maintenance.getJobSchedulers())
      await ctx.queues.maintenance.removeJobScheduler(s.key);
  });

  it('restarts a delivery whose last job gave up without recording it (database down on the last attempt)', async () => {
    // Attempts were counted (1), then the job failed for good before it could mark the row FAILED.
    const counted = await pendingDelivery(1);
    await failedJob(counted, 0);
    // The database was down from the start: no attempt counted, so the new round's id is taken.
    const uncounted = await pendingDelivery(0);
    await failedJob(uncounted, 0);

    expect(await sweep()).toEqual({ done: true });

    // Each gets a new round (Delivery.round + 1) and its job; the failed job stays for the record.
    for (const id of [counted, uncounted]) {
      const next = await ctx.queues.delivery.getJob(jobId(id, 1));
      expect(await next?.getState()).toBe('waiting');
      expect(next?.data).toMatchObject({ deliveryId: id, round: 1 });
      expect(next?.opts.attempts).toBe(DELIVERY_ATTEMPTS);
      expect(await ctx.queues.delivery.getJobState(jobId(id, 0))).toBe('failed');
      expect((await t.ctx.db.delivery.findUniqueOrThrow({ where: { id } })).round).toBe(1);
    }
  });

  it('re-enqueues a PENDING delivery older than a minute that has no job (Redis flushed)', async () => {
    const lost = await pendingDelivery(0);
    expect(await ctx.queues.delivery.getJob(jobId(lost, 0))).toBeUndefined();

    expect(await sweep()).toEqual({ done: true });

    const job = await ctx.queues.delivery.getJob(jobId(lost, 1));
    expect(job?.name).toBe('deliver-document');
    expect(job?.data).toMatchObject({ deliveryId: lost, round: 1 });
    expect(job?.opts.attempts).toBe(DELIVERY_ATTEMPTS);
    expect(await job?.getState()).toBe('waiting');
    // The row is untouched: still PENDING, no attempt counted by the sweep.
    expect(await t.ctx.db.delivery.findUniqueOrThrow({ where: { id: lost } })).toMatchObject({
      status: 'PENDING',
      attempts: 0,
      round: 1,
    });

    // Sweeping again (or on another worker) adds nothing: the job is live.
    expect(await sweep()).toEqual({ done: true });
    expect(await jobsOf(lost)).toEqual([jobId(lost, 1)]);
  });

  it('leaves alone a delivery whose job of an earlier round is still live, and one touched within the minute', async () => {
    // Round 0's job is waiting for its retry (three attempts counted so far): no new round for it.
    const retrying = await pendingDelivery(3);
    await enqueue(ctx.queues, 'deliver-document', { deliveryId: retrying, round: 0 }, { delay: 60_000 });
    // Just filed; its job may not be queued yet.
    const fresh = await pendingDelivery(0, new Date());

    expect(await sweep()).toEqual({ done: true });

    expect(await jobsOf(retrying)).toEqual([jobId(retrying, 0)]);
    expect(await ctx.queues.delivery.getJobState(jobId(retrying, 0))).toBe('delayed');
    expect(await jobsOf(fresh)).toEqual([]);
  });

  it('leaves SENT and FAILED deliveries alone', async () => {
    const sent = await pendingDelivery(1);
    const failed = await pendingDelivery(10);
    await t.ctx.db.delivery.update({
      where: { id: sent },
      data: { status: 'SENT', deliveredAt: new Date() },
    });
    await t.ctx.db.delivery.update({
      where: { id: failed },
      data: { status: 'FAILED', lastError: 'HTTP_500' },
    });
    await t.ctx.db
      .$executeRaw`UPDATE "Delivery" SET "updatedAt" = ${LONG_AGO} WHERE "id" IN (${sent}::uuid, ${failed}::uuid)`;

    expect(await sweep()).toEqual({ done: true });

    expect(await jobsOf(sent)).toEqual([]);
    expect(await jobsOf(failed)).toEqual([]);
  });
});
