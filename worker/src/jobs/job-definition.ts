import type { Logger } from '@dictum/core/infra/logger';
import type { JobName, JobPayload } from '@dictum/core/infra/queue/job-contracts';
import type { JobResult } from '@dictum/core/infra/queue/job-outcome';
import type { Job } from 'bullmq';
import type { WorkerContext } from '../context';

export interface JobDefinition<N extends JobName = JobName> {
  name: N;
  /**
   * Runs with the payload already re-parsed by the contract's schema. Must be idempotent. Returns
   * the job's result as a value (job-outcome.ts); a throw means the run crashed.
   */
  handler: (ctx: WorkerContext, data: JobPayload<N>, job: Job, log: Logger) => Promise<JobResult>;
}

export const defineJob = <N extends JobName>(definition: JobDefinition<N>) => definition;
