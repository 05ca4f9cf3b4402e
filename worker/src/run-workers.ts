import {
  type JobName,
  jobContracts,
  type QueueName,
  queueNames,
} from '@dictum/core/infra/queue/job-contracts';
import { type JobResult, outcomeLabel } from '@dictum/core/infra/queue/job-outcome';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { WorkerContext } from './context';
import { jobRegistry } from './jobs';

export interface WorkerOptions {
  /** How long a job's lock lives without renewal; a killed worker's job is recovered after it. */
  lockDurationMs: number;
}

/** One BullMQ Worker per queue, dispatching by job name to the registry. */
export function runWorkers(ctx: WorkerContext, options: WorkerOptions): Worker[] {
  const registry = jobRegistry(Object.keys(jobContracts) as JobName[]);
  const concurrency: Record<QueueName, number> = {
    transcription: ctx.config.transcription.concurrency,
    delivery: 4,
    maintenance: 1,
  };
  return queueNames.map((queue) => {
    const worker = new Worker(
      queue,
      async (job: Job, token?: string) => {
        const definition = registry.get(job.name as JobName);
        if (!definition) throw new UnrecoverableError(`unknown job ${job.name}`);
        const contract = jobContracts[definition.name];
        const parsed = contract.schema.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError('invalid job payload');
        const log = ctx.log.child({
          job: job.name,
          jobId: job.id,
          requestId: (job.data as { requestId?: string }).requestId,
        });
        const started = Date.now();
        if (job.attemptsMade === 0)
          ctx.metrics.jobWait.observe({ queue, job: job.name }, Math.max(0, started - job.timestamp) / 1000);
        const endTimer = ctx.metrics.jobDuration.startTimer({ queue, job: job.name });
        let result: JobResult;
        try {
          result = await definition.handler(ctx, parsed.data as never, job, log);
        } catch (error) {
          endTimer({ outcome: 'error' });
          throw error;
        }
        const outcome = outcomeLabel(result);
        endTimer({ outcome });
        // The one place a result value becomes BullMQ behaviour: retry = the same job again later,
        // without spending an attempt (attempts are for crashes); failed = not retried.
        if ('retry' in result) {
          log.debug({ reason: result.retry.reason, afterMs: result.retry.afterMs }, 'job will run again');
          await job.moveToDelayed(Date.now() + Math.max(0, result.retry.afterMs), token);
          throw new DelayedError();
        }
        if ('failed' in result) throw new UnrecoverableError(result.failed.reason);
        log.info(
          {
            outcome,
            queuedDurationMs: started - job.timestamp,
            executionDurationMs: Date.now() - started,
            attemptsMade: job.attemptsMade,
          },
          'job finished',
        );
        return outcome;
      },
      {
        connection: ctx.redis.duplicate(),
        prefix: ctx.config.redis.queuePrefix,
        concurrency: concurrency[queue],
        lockDuration: options.lockDurationMs,
        stalledInterval: Math.max(1000, Math.floor(options.lockDurationMs / 2)),
        maxStalledCount: 5,
        settings: {
          // Only for a handler that threw (database down, a crash): exponential backoff with jitter.
          // Retries a handler asks for (a `retry` result) carry their own delay.
          backoffStrategy: (attemptsMade: number) => {
            const base = Math.min(60_000, 1000 * 2 ** attemptsMade);
            return Math.round(base * (0.5 + Math.random() * 0.5));
          },
        },
      },
    );
    worker.on('error', (error) => ctx.log.error({ err: error, queue }, 'worker error'));
    worker.on('failed', (job, error) =>
      ctx.log.warn(
        {
          queue,
          job: job?.name,
          jobId: job?.id,
          attemptsMade: job?.attemptsMade,
          err: { message: error.message },
        },
        'job attempt failed',
      ),
    );
    return worker;
  });
}
