import { closeQueues, createQueues } from '@dictum/core/infra/queue/queues';
import { createRedis } from '@dictum/core/infra/queue/redis-connection';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/service-processes';
import { expectSettled, type FaultStack, startFaultStack } from './fault-stack';

// The worker dies or is stopped while the engine is transcribing. The job's lock lapses, a worker
// takes it up again, and the dictation ends with exactly one engine draft.

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack({ env: { WORKER_SHUTDOWN_GRACE_MS: '1000', OPENAI_TIMEOUT_MS: '30000' } });
});
afterAll(async () => stack?.stop());

async function uploadAndWaitForEngineCall() {
  const physician = await stack.user('PHYSICIAN');
  const before = stack.stub.requests.length;
  const upload = await stack.upload(physician, await stack.patient());
  expect(upload.status).toBe(201);
  // The engine has the audio: the job is mid-transcription.
  await waitFor('the engine request', async () => stack.stub.requests.length > before, 15_000, 50);
  return upload.body.id as string;
}

describe('worker crash and shutdown', () => {
  it('a worker killed mid-transcription loses nothing: restarted, it produces exactly one draft', async () => {
    stack.stub.setBehaviour({ delayMs: 60_000 });
    const id = await uploadAndWaitForEngineCall();
    const requestsAtKill = stack.stub.requests.length;
    await stack.worker!.stop('SIGKILL');
    expect((await stack.db.dictation.findUniqueOrThrow({ where: { id } })).status).toBe('TRANSCRIBING');

    await stack.startWorker();
    await stack.waitForStatuses([id], ['DRAFT_READY', 'TRANSCRIPTION_FAILED'], 30_000);
    await expectSettled(stack, [id]);
    // The lapsed job ran once more, not once per sweep.
    expect(stack.stub.requests.length).toBe(requestsAtKill + 1);
  });

  it('SIGTERM lets a job that ends within the grace period finish before the worker exits', async () => {
    stack.stub.setBehaviour({ delayMs: 400 });
    const id = await uploadAndWaitForEngineCall();
    const worker = stack.worker!;
    await worker.stop('SIGTERM');
    expect(worker.child.exitCode).toBe(0);
    // Finished by the stopping worker: no other worker ran meanwhile.
    await expectSettled(stack, [id]);
    await stack.startWorker();
  });

  it('SIGTERM during a job that outlasts the grace period hands it back; the next worker finishes it', async () => {
    stack.stub.setBehaviour({ hang: true });
    const id = await uploadAndWaitForEngineCall();
    const requests = stack.stub.requests.length;
    const worker = stack.worker!;
    const started = Date.now();
    await worker.stop('SIGTERM');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(worker.output()).toContain('their locks will lapse');
    expect((await stack.db.dictation.findUniqueOrThrow({ where: { id } })).status).toBe('TRANSCRIBING');

    await stack.startWorker();
    await stack.waitForStatuses([id], ['DRAFT_READY', 'TRANSCRIPTION_FAILED'], 30_000);
    await expectSettled(stack, [id]);
    expect(stack.stub.requests.length).toBe(requests + 1);
  });

  it('a job delivered again after its draft was stored (BullMQ is at-least-once) stores no second draft', async () => {
    stack.stub.setBehaviour();
    const id = await uploadAndWaitForEngineCall();
    await stack.waitForStatuses([id], ['DRAFT_READY'], 20_000);
    const requests = stack.stub.requests.length;
    // What a worker that died between storing the draft and acknowledging the job leaves behind.
    const redis = createRedis(process.env.REDIS_URL!, 'worker');
    const queues = createQueues(redis, process.env.QUEUE_PREFIX!);
    try {
      const d = await stack.db.dictation.findUniqueOrThrow({ where: { id } });
      const job = await queues.transcription.add(
        'transcribe-dictation',
        { dictationId: id, audioVersion: d.audioVersion, run: d.transcriptionRun },
        { jobId: `redelivered-${id}` },
      );
      await waitFor(
        'the redelivered job to finish',
        async () => (await job.getState()) === 'completed',
        15_000,
        100,
      );
      expect((await queues.transcription.getJob(job.id!))?.returnvalue).toBe('skipped');
    } finally {
      await closeQueues(queues);
      redis.disconnect();
    }
    await expectSettled(stack, [id]);
    expect(stack.stub.requests.length).toBe(requests);
  });
});
