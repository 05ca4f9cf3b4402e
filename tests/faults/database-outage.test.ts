import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../support/http-client';
import { waitFor } from '../support/service-processes';
import { expectSettled, type FaultStack, sleep, startFaultStack, startTcpProxy } from './fault-stack';

// PostgreSQL becomes unreachable (a TCP proxy between the services and the database drops every
// connection and refuses new ones), then comes back. Readiness reports it and recovers by itself; the
// API and the worker carry on without a restart, and a transcription caught in the outage finishes
// with one draft.

let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let stack: FaultStack;
let physician: HttpClient;
let mrn: string;

beforeAll(async () => {
  proxy = await startTcpProxy(Number(new URL(process.env.DATABASE_URL!).port || 5432));
  stack = await startFaultStack({
    // Fewer attempts than the outage lasts: a database outage must not use up a dictation's attempts
    // and send it to manual transcription.
    env: { TRANSCRIBE_ATTEMPTS: '2' },
    databaseUrl: (direct) => {
      const url = new URL(direct);
      url.port = String(proxy.port);
      return url.toString();
    },
  });
  physician = await stack.user('PHYSICIAN');
  mrn = await stack.patient();
});
afterAll(async () => {
  await stack?.stop();
  await proxy?.close();
});

const readiness = async () => {
  const res = await fetch(`${stack.baseUrl}/readyz`);
  return { status: res.status, body: await res.json() };
};

describe('database outage', () => {
  it('readiness goes false and back to true by itself; API and worker recover without a restart', async () => {
    expect((await readiness()).status).toBe(200);
    // A transcription is at the engine when the database goes away, and answers during the outage.
    stack.stub.setBehaviour({ delayMs: 1500 });
    const before = stack.stub.requests.length;
    const upload = await stack.upload(physician, mrn);
    expect(upload.status).toBe(201);
    const id = upload.body.id as string;
    await waitFor('the engine request', async () => stack.stub.requests.length > before, 15_000, 50);

    proxy.cut();
    const down = await waitFor(
      'readiness to report the database down',
      async () => {
        const r = await readiness();
        return r.status === 503 ? r : undefined;
      },
      10_000,
    );
    expect(down.body.checks).toMatchObject({ database: 'unavailable', redis: 'ok', storage: 'ok' });
    const list = await physician.json('/api/v1/dictations');
    expect(list.status).toBe(503);
    expect(list.body.error.code).toBe('DATABASE_UNAVAILABLE');
    await sleep(8000);

    proxy.restore();
    await waitFor('readiness to recover', async () => (await readiness()).status === 200, 15_000);
    expect((await physician.json('/api/v1/dictations')).status).toBe(200);

    await stack.waitForStatuses([id], ['DRAFT_READY', 'TRANSCRIPTION_FAILED'], 40_000);
    await expectSettled(stack, [id]);

    // New work flows end to end through the same processes.
    const after = await stack.upload(physician, mrn);
    expect(after.status).toBe(201);
    await stack.waitForStatuses([after.body.id], ['DRAFT_READY'], 20_000);
    await expectSettled(stack, [id, after.body.id]);
    expect(stack.api.child.exitCode).toBeNull();
    expect(stack.worker!.child.exitCode).toBeNull();
  });
});
