import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../support/http-client';
import { waitFor } from '../support/service-processes';
import { expectSettled, type FaultStack, sleep, startFaultStack, startPrivateRedis } from './fault-stack';

// Redis holds only work in flight; PostgreSQL is the source of truth. When Redis loses everything
// (FLUSHALL, or a restart without persistence) the sweep re-enqueues every dictation whose state
// says transcription is due, and the one-draft-per-run rule keeps re-run jobs from doubling drafts.
// A private redis-server: the shared one is never flushed or restarted.

let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
let stack: FaultStack;
let physician: HttpClient;
let mrn: string;

beforeAll(async () => {
  redis = await startPrivateRedis();
  stack = await startFaultStack({ env: { REDIS_URL: redis.url, TRANSCRIBE_CONCURRENCY: '4' } });
  physician = await stack.user('PHYSICIAN');
  mrn = await stack.patient();
});
afterAll(async () => {
  await stack?.stop();
  await redis?.stop();
});

/** Uploads `n` dictations while the engine is slow, and returns once the first is being transcribed. */
async function uploadInFlight(n: number, engineDelayMs: number) {
  stack.stub.setBehaviour(...Array.from({ length: n }, () => ({ delayMs: engineDelayMs })));
  const before = stack.stub.requests.length;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const upload = await stack.upload(physician, mrn);
    expect(upload.status).toBe(201);
    ids.push(upload.body.id);
  }
  await waitFor('transcription to start', async () => stack.stub.requests.length > before, 15_000, 50);
  return ids;
}

describe('Redis loses its data', () => {
  it('FLUSHALL mid-processing: the sweep recovers every dictation, one draft each', async () => {
    const ids = await uploadInFlight(5, 2500);
    await redis.flushAll();
    expect(await redis.dbSize()).toBeLessThan(5);
    await stack.waitForStatuses(ids, ['DRAFT_READY', 'TRANSCRIPTION_FAILED'], 45_000);
    await expectSettled(stack, ids);
    // The schedules were re-created, so the sweep keeps running after the flush.
    await waitFor(
      'the sweep schedule to be re-created',
      async () => stack.worker!.output().match(/sweep re-enqueued/g),
      5_000,
    );
  });

  it('a Redis restart (no persistence) mid-processing: everything resumes once Redis is back', async () => {
    const ids = await uploadInFlight(6, 2000);
    await redis.restart(1000);
    await stack.waitForStatuses(ids, ['DRAFT_READY', 'TRANSCRIPTION_FAILED'], 45_000);
    await expectSettled(stack, ids);
    // The API serves and enqueues again without a restart.
    const after = await stack.upload(physician, mrn);
    expect(after.status).toBe(201);
    await stack.waitForStatuses([after.body.id], ['DRAFT_READY'], 20_000);
  });

  it('5 dictations in flight, Redis flushed, API and worker killed and restarted: all 5 reach DRAFT_READY', async () => {
    const ids = await uploadInFlight(5, 3000);
    await redis.flushAll();
    await Promise.all([stack.api.stop('SIGKILL'), stack.worker!.stop('SIGKILL')]);
    await sleep(500);
    const started = Date.now();
    await Promise.all([stack.startApi(), stack.startWorker()]);
    await stack.waitForStatuses(ids, ['DRAFT_READY', 'TRANSCRIPTION_FAILED'], 120_000);
    expect(Date.now() - started).toBeLessThan(120_000);
    await expectSettled(stack, ids);
    // And over the API, as a client sees them.
    for (const id of ids) {
      const { body } = await physician.json(`/api/v1/dictations/${id}/transcript/versions`);
      expect(body.filter((v: { source: string }) => v.source === 'engine')).toHaveLength(1);
    }
  });
});
