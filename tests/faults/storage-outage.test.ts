import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../support/http-client';
import {
  breakStorage,
  expectNoOrphanedObjects,
  expectSettled,
  type FaultStack,
  sleep,
  startFaultStack,
  testAudio,
} from './fault-stack';

// Object storage goes away (the fs driver's folder becomes unusable, as a lost mount would) and
// comes back. Uploads are refused cleanly, transcription waits it out, reads recover without a restart.

let stack: FaultStack;
let physician: HttpClient;
let mrn: string;

beforeAll(async () => {
  stack = await startFaultStack({ env: { TRANSCRIBE_ATTEMPTS: '6' } });
  physician = await stack.user('PHYSICIAN');
  mrn = await stack.patient();
});
afterAll(async () => stack?.stop());

const dictationsOf = (client: HttpClient) => client.json('/api/v1/dictations?mine=true&limit=100');

describe('storage outage', () => {
  it('an upload during the outage answers 503 and leaves no dictation and no object behind', async () => {
    const before = (await dictationsOf(physician)).body.items.length;
    const restore = await breakStorage(stack.storageDir);
    try {
      const upload = await stack.upload(physician, mrn);
      expect(upload.status).toBe(503);
      expect(upload.body.error.code).toBe('STORAGE_UNAVAILABLE');
    } finally {
      await restore();
    }
    expect((await dictationsOf(physician)).body.items.length).toBe(before);
    await expectNoOrphanedObjects(stack);
  });

  it('a transcription that meets the outage is retried and succeeds once storage is back', async () => {
    // The worker reads the audio first thing; stopped, it cannot read it before the outage starts.
    await stack.worker!.stop('SIGTERM');
    const upload = await stack.upload(physician, mrn);
    expect(upload.status).toBe(201);
    const restore = await breakStorage(stack.storageDir);
    let restored = false;
    try {
      await stack.startWorker();
      // At least one attempt fails on storage and is scheduled for retry.
      await sleep(2500);
      const d = await stack.db.dictation.findUniqueOrThrow({ where: { id: upload.body.id } });
      expect(d.status).toBe('TRANSCRIBING');
      expect(stack.worker!.output()).toMatch(/STORAGE_UNAVAILABLE/);
      await restore();
      restored = true;
    } finally {
      if (!restored) await restore();
    }
    await stack.waitForStatuses([upload.body.id], ['DRAFT_READY', 'TRANSCRIPTION_FAILED'], 40_000);
    await expectSettled(stack, [upload.body.id]);
  });

  it('reads answer 503 during the outage and recover without a restart', async () => {
    const upload = await stack.upload(physician, mrn);
    expect(upload.status).toBe(201);
    const id = upload.body.id as string;
    await stack.waitForStatuses([id], ['DRAFT_READY'], 20_000);

    const restore = await breakStorage(stack.storageDir);
    try {
      const audio = await physician.fetch(`/api/v1/dictations/${id}/audio`);
      expect(audio.status).toBe(503);
      expect((await audio.json()).error.code).toBe('STORAGE_UNAVAILABLE');
      const ready = await fetch(`${stack.baseUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect((await ready.json()).checks.storage).toBe('unavailable');
      // What does not need storage keeps working.
      expect((await physician.json(`/api/v1/dictations/${id}`)).status).toBe(200);
    } finally {
      await restore();
    }
    expect((await fetch(`${stack.baseUrl}/readyz`)).status).toBe(200);
    const audio = await physician.fetch(`/api/v1/dictations/${id}/audio`);
    expect(audio.status).toBe(200);
    expect(Buffer.from(await audio.arrayBuffer()).equals(await readFile(await testAudio()))).toBe(true);
    await expectSettled(stack, [id]);
  });
});
