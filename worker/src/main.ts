import { loadConfig } from '@dictum/core/infra/config';
import { checkRedisDurability } from '@dictum/core/infra/queue/check-redis';
import { closeWorkerContext, createWorkerContext } from './context';
import { sweepDeliveriesJob } from './jobs/sweep-deliveries.job';
import { sweepDictationsJob } from './jobs/sweep-dictations.job';
import { serveWorkerMetrics } from './metrics';
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
for (const warning of (await ctx.engine?.shortcomings?.()) ?? [])
  ctx.log.warn({ engine: ctx.engine?.name }, warning);

const metricsServer = config.transcription.metrics.port
  ? await serveWorkerMetrics(
      ctx.metrics,
      config.transcription.metrics.port,
      config.transcription.metrics.host,
    )
  : null;
const workers = runWorkers(ctx, { lockDurationMs: config.transcription.lockDurationMs });
await ensureSchedules(ctx);
// Re-assert the schedules as often as the sweep runs: a Redis FLUSHALL or restart removes them along
// with everything else, and without its schedule the sweep that recovers the lost jobs never runs.
const scheduleTimer = setInterval(
  () => void ensureSchedules(ctx).catch(() => {}),
  Math.min(60_000, config.transcription.sweepIntervalMs),
);

// A sweep at start-up, so work lost while nothing was running resumes at once.
for (const sweep of [sweepDictationsJob, sweepDeliveriesJob]) {
  const log = ctx.log.child({ job: sweep.name, reason: 'startup' });
  await sweep
    .handler(ctx, { reason: 'startup' }, undefined as never, log)
    .catch((error: unknown) => log.error({ err: error }, 'startup sweep failed'));
}
ctx.log.info(
  { engine: ctx.engine?.name ?? 'none', concurrency: config.transcription.concurrency },
  'worker started',
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  ctx.log.info({ signal }, 'worker shutting down');
  clearInterval(scheduleTimer);
  // Finish running jobs if they end within the grace period; otherwise exit anyway: their locks
  // lapse and another worker (or this one, restarted) resumes them. Nothing is lost either way.
  const force = setTimeout(() => {
    ctx.log.warn(
      { graceMs: config.transcription.shutdownGraceMs },
      'jobs still running after the grace period; exiting, their locks will lapse',
    );
    process.exit(0);
  }, config.transcription.shutdownGraceMs);
  force.unref();
  metricsServer?.close();
  await Promise.all(workers.map((w) => w.close())).catch(() => {});
  await closeWorkerContext(ctx).catch(() => {});
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
