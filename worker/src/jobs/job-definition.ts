import type { Logger } from '@dictum/core/logger';
import type { JobName, JobPayload } from '@dictum/core/queue/job-contracts';
import type { Job } from 'bullmq';
import type { WorkerContext } from '../context';

export type JobOutcome = 'done' | 'skipped' | 'failed-permanently';

export interface JobDefinition<N extends JobName = JobName> {
  name: N;
  /** Runs with the payload already re-parsed by the contract's schema. Must be idempotent. */
  handler: (ctx: WorkerContext, data: JobPayload<N>, job: Job, log: Logger) => Promise<JobOutcome>;
}

export const defineJob = <N extends JobName>(definition: JobDefinition<N>) => definition;
