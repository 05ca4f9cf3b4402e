import { loadConfig } from '@dictum/core/config';
import { checkRedisDurability } from '@dictum/core/queue/check-redis';
import { closeWorkerContext, createWorkerContext } from './context';
import { sweepDictationsJob } from './jobs/sweep-dictations.job';
import { runWorkers } from './run-workers';
import { ensureSchedules } from './schedules';

// The worker process: transcription, sweeps. Any number of these may run against the same Redis
// and PostgreSQL; deterministic job ids and conditional updates keep them from doubling work.
const config = loadConfig();
const ctx = createWorkerContext(config);

const durability = await checkRedisDurability(ctx.redis);
if (durability.fatal) {
  ctx.log.fatal({ policy: durability.policy }, durability.fatal);
  process.exit(1);
}
for (const warning of durability.warnings) ctx.log.warn(warning);

const workers = runWorkers(ctx, { lockDurationMs: config.transcription.lockDurationMs });
await ensureSchedules(ctx);
// Re-assert the schedules now and then: a Redis FLUSHALL removes them along with everything else.
const scheduleTimer = setInterval(() => void ensureSchedules(ctx).catch(() => {}), 60_000);

// A sweep at start-up, so work lost while nothing was running resumes at once.
await sweepDictationsJob
  .handler(ctx, { reason: 'startup' }, undefined as never, ctx.log.child({ job: 'sweep-dictations', reason: 'startup' }))
  .catch((error: unknown) => ctx.log.error({ err: error }, 'startup sweep failed'));
ctx.log.info({ engine: ctx.engine?.name ?? 'none', concurrency: config.transcription.concurrency }, 'worker started');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  ctx.log.info({ signal }, 'worker shutting down');
  clearInterval(scheduleTimer);
  // Finish running jobs if they end soon; otherwise their locks lapse and another worker takes them.
  const force = setTimeout(() => process.exit(0), 20_000);
  force.unref();
  await Promise.all(workers.map((w) => w.close())).catch(() => {});
  await closeWorkerContext(ctx).catch(() => {});
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
