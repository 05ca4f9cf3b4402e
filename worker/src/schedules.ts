import type { WorkerContext } from './context';

/** Repeatable maintenance jobs; upserting is idempotent, so every worker may call it. */
export async function ensureSchedules(ctx: WorkerContext) {
  const q = ctx.queues.maintenance;
  await q.upsertJobScheduler(
    'sweep-dictations',
    { every: ctx.config.transcription.sweepIntervalMs },
    {
      name: 'sweep-dictations',
      data: { reason: 'schedule' },
    },
  );
  await q.upsertJobScheduler(
    'sweep-deliveries',
    { every: ctx.config.transcription.sweepIntervalMs },
    {
      name: 'sweep-deliveries',
      data: { reason: 'schedule' },
    },
  );
  await q.upsertJobScheduler(
    'release-expired-claims',
    { every: 60_000 },
    { name: 'release-expired-claims', data: {} },
  );
  await q.upsertJobScheduler(
    'purge-expired-audio',
    { every: 3_600_000 },
    { name: 'purge-expired-audio', data: {} },
  );
  if (ctx.config.audit.checkpointKey) {
    await q.upsertJobScheduler(
      'write-audit-checkpoint',
      { every: Math.min(60_000, ctx.config.audit.checkpointEveryMs) },
      { name: 'write-audit-checkpoint', data: {} },
    );
  }
  const refreshHours = ctx.config.transcription.modelRefreshHours;
  if (refreshHours > 0) {
    // One worker runs it per period; with workers on several machines, share ASR_MODEL_DIR between them.
    await q.upsertJobScheduler(
      'refresh-asr-model',
      { every: refreshHours * 3_600_000 },
      { name: 'refresh-asr-model', data: {} },
    );
  }
}
