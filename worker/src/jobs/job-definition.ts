import type { Logger } from '@dictum/core/infra/logger';
import type { JobName, JobPayload } from '@dictum/core/infra/queue/job-contracts';
import type { JobResult } from '@dictum/core/infra/queue/job-outcome';
import type { Job } from 'bullmq';
import type { WorkerContext } from '../context';

/** A result value (see job-outcome.ts), or the older plain labels of jobs that never retry. */
export type JobOutcome = 'done' | 'skipped' | 'failed-permanently' | JobResult;

export interface JobDefinition<N extends JobName = JobName> {
  name: N;
  /** Runs with the payload already re-parsed by the contract's schema. Must be idempotent. */
  handler: (ctx: WorkerContext, data: JobPayload<N>, job: Job, log: Logger) => Promise<JobOutcome>;
}

export const defineJob = <N extends JobName>(definition: JobDefinition<N>) => definition;
