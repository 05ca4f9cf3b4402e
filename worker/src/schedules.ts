import { jobContracts, jobSchedules } from '@dictum/core/infra/queue/job-contracts';
import type { WorkerContext } from './context';

/** The repeatable jobs of the contracts; upserting is idempotent, so every worker may call it. */
export async function ensureSchedules(ctx: WorkerContext) {
  for (const { name, everyMs } of jobSchedules(ctx.config)) {
    const contract = jobContracts[name];
    await ctx.queues[contract.queue].upsertJobScheduler(
      name,
      { every: everyMs },
      { name, data: contract.schema.parse({}) },
    );
  }
}
