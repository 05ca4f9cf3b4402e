import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../support/http-client';
import { freePort } from '../support/service-processes';
import { expectSettled, type FaultStack, startFaultStack } from './fault-stack';

// The OpenAI-compatible engine misbehaves: 500, 429 with Retry-After, a request that hangs past the
// timeout. Each is retried (Retry-After honoured); when every attempt fails the dictation goes to the
// manual worklist with a reason, its audio intact. The worker's /metrics counts it all.

let stack: FaultStack;
let physician: HttpClient;
let mrn: string;
let metricsUrl: string;

beforeAll(async () => {
  const metricsPort = await freePort();
  metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  stack = await startFaultStack({
    env: {
      TRANSCRIBE_ATTEMPTS: '4',
      OPENAI_TIMEOUT_MS: '1500',
      WORKER_METRICS_PORT: String(metricsPort),
      WORKER_METRICS_HOST: '127.0.0.1',
    },
  });
  physician = await stack.user('PHYSICIAN');
  mrn = await stack.patient();
});
afterAll(async () => stack?.stop());

async function metric(pattern: RegExp): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return text
    .split('\n')
    .filter((line) => pattern.test(line))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describe('engine faults', () => {
  it('500, 429 with Retry-After, and a hang past the timeout are each retried; the fourth attempt succeeds', async () => {
    stack.stub.setBehaviour({ status: 500 }, { status: 429, retryAfter: 3 }, { hang: true });
    const first = stack.stub.requests.length;
    const upload = await stack.upload(physician, mrn);
    expect(upload.status).toBe(201);
    await stack.waitForStatuses([upload.body.id], ['DRAFT_READY', 'TRANSCRIPTION_FAILED'], 40_000);
    await expectSettled(stack, [upload.body.id]);

    const requests = stack.stub.requests.slice(first);
    expect(requests.map((r) => r.status)).toEqual([500, 429, 0, 200]);
    // Retry-After: 3 was honoured (our own backoff at that attempt would be 1-2 s).
    expect(requests[2]!.receivedAt - requests[1]!.receivedAt).toBeGreaterThanOrEqual(2900);

    expect(
      await metric(/^dictum_transcription_failures_total\{.*reason="ENGINE_UNAVAILABLE".*final="false"/),
    ).toBe(1);
    expect(await metric(/^dictum_transcription_failures_total\{.*reason="ENGINE_RATE_LIMITED"/)).toBe(1);
    expect(await metric(/^dictum_transcription_failures_total\{.*reason="ENGINE_TIMEOUT"/)).toBe(1);
    expect(await metric(/^dictum_transcription_real_time_factor_count\{.*engine="openai"/)).toBe(1);
    expect(
      await metric(/^dictum_worker_job_duration_seconds_count\{.*job="transcribe-dictation".*outcome="done"/),
    ).toBe(1);
  });

  it('when every attempt fails the dictation is TRANSCRIPTION_FAILED with a reason, in the manual worklist', async () => {
    stack.stub.setBehaviour({ status: 503 }, { status: 500 }, { status: 502 }, { status: 500 });
    const upload = await stack.upload(physician, mrn);
    expect(upload.status).toBe(201);
    const id = upload.body.id as string;
    await stack.waitForStatuses([id], ['DRAFT_READY', 'TRANSCRIPTION_FAILED'], 40_000);
    const [row] = await expectSettled(stack, [id], 'TRANSCRIPTION_FAILED');
    expect(row!.statusReason).toBe('ENGINE_UNAVAILABLE');

    const transcriptionist = await stack.user('TRANSCRIPTIONIST');
    const worklist = await transcriptionist.json('/api/v1/worklist');
    expect(worklist.status).toBe(200);
    expect(worklist.body.items).toContainEqual(
      expect.objectContaining({ id, status: 'TRANSCRIPTION_FAILED', statusReason: 'ENGINE_UNAVAILABLE' }),
    );
    // Never a dead end: the audio is there to transcribe by hand.
    expect((await transcriptionist.fetch(`/api/v1/dictations/${id}/audio`)).status).toBe(200);
    expect(
      await metric(/^dictum_transcription_failures_total\{.*reason="ENGINE_UNAVAILABLE".*final="true"/),
    ).toBe(1);
  });
});
