import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { type JobName, type JobPayload, jobContracts, type QueueName, queueNames } from './job-contracts';

export type Queues = Record<QueueName, Queue>;

/** Failed jobs are kept for audit; completed ones are trimmed. */
export const defaultJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: 'custom' },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: false,
};

export function createQueues(connection: Redis, prefix: string, attempts = 5): Queues {
  return Object.fromEntries(
    queueNames.map((name) => [
      name,
      new Queue(name, { connection, prefix, defaultJobOptions: { ...defaultJobOptions, attempts } }),
    ]),
  ) as Queues;
}

/** Typed from the contracts; validates the payload so nothing but ids ever reaches Redis. */
export async function enqueue<N extends JobName>(
  queues: Queues,
  name: N,
  data: JobPayload<N>,
  options: JobsOptions = {},
): Promise<void> {
  const contract = jobContracts[name];
  const payload = contract.schema.parse(data);
  const jobId = contract.jobId ? (contract.jobId as (d: unknown) => string)(payload) : undefined;
  await queues[contract.queue].add(name, payload, { ...options, ...(jobId ? { jobId } : {}) });
}

/** BullMQ states of a job someone will still run. */
const LIVE_JOB_STATES = new Set(['active', 'waiting', 'waiting-children', 'delayed', 'prioritized']);

/** Whether the job `name` with this payload is queued, delayed or running (jobs with a fixed id). */
export async function isJobLive<N extends JobName>(
  queues: Queues,
  name: N,
  data: JobPayload<N>,
): Promise<boolean> {
  const contract = jobContracts[name];
  if (!contract.jobId) throw new Error(`${name} jobs have no fixed id`);
  const jobId = (contract.jobId as (d: unknown) => string)(data);
  return LIVE_JOB_STATES.has(await queues[contract.queue].getJobState(jobId));
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
