import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@dictum/core/infra/config';
import { createLogger } from '@dictum/core/infra/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerContext, type WorkerContext } from '../../worker/src/context';
import { refreshAsrModelJob } from '../../worker/src/jobs/refresh-asr-model.job';

let ctx: WorkerContext;
let modelDir: string;
beforeAll(async () => {
  modelDir = path.join(await mkdtemp(path.join(tmpdir(), 'dictum-model-')), 'model');
  ctx = createWorkerContext(loadConfig({ ...process.env, ASR_ENGINE: 'local', ASR_MODEL_DIR: modelDir }));
});
afterAll(async () => {
  await ctx.db.$disconnect();
  ctx.redis.disconnect();
});

describe('refresh-asr-model job', () => {
  it('builds the local engine model from finalized notes when none is in use', async () => {
    const outcome = await refreshAsrModelJob.handler(ctx, {}, undefined as never, createLogger('silent'));
    expect(outcome).toEqual({ done: true });
    const manifest = JSON.parse(await readFile(path.join(modelDir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ lm: expect.any(String), dict: expect.any(String) });
    // On the audit trail for admins: which model, promoted or not and why, counts only.
    const audit = await ctx.db.auditEvent.findFirstOrThrow({
      where: { action: 'speech_model.refreshed', objectId: manifest.id },
    });
    expect(audit).toMatchObject({ username: 'system:speech-model-refresh', objectType: 'speech_model' });
    expect(audit.details).toMatchObject({ promoted: true, reason: 'no model in use', heldBackRecordings: 0 });
  }, 120_000);

  it('does nothing when the engine is not local or refreshing is off', async () => {
    const off = createWorkerContext(
      loadConfig({ ...process.env, ASR_ENGINE: 'local', ASR_MODEL_REFRESH_HOURS: '0' }),
    );
    try {
      expect(await refreshAsrModelJob.handler(off, {}, undefined as never, createLogger('silent'))).toEqual({
        done: true,
        skipped: true,
      });
    } finally {
      await off.db.$disconnect();
      off.redis.disconnect();
    }
  });
});
