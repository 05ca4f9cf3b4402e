import { DELIVERY_ATTEMPTS } from '@dictum/core/delivery/schedule-deliveries';
import { jobContracts } from '@dictum/core/queue/job-contracts';
import { enqueue } from '@dictum/core/queue/queues';
import type { WorkerContext } from '../context';
import { defineJob } from './job-definition';

/** A PENDING delivery untouched for this long with no live job behind it has lost its job. */
export const DELIVERY_SWEEP_GRACE_MS = 60_000;
const LIVE_STATES = new Set(['active', 'waiting', 'waiting-children', 'delayed', 'prioritized']);
/**
 * A round's job counts one attempt per run: at most DELIVERY_ATTEMPTS runs plus the re-runs of
 * stalled jobs (maxStalledCount, 5). Twice the attempts covers every round whose job may still run.
 */
const ROUNDS_BACK = DELIVERY_ATTEMPTS * 2;

const jobIdFor = (deliveryId: string, round: number) =>
  jobContracts['deliver-document'].jobId({ deliveryId, round });

/**
 * The delivery counterpart of the transcription sweep. A delivery stays PENDING until its job
 * records SENT or FAILED; when the job is gone (Redis flushed or restarted) or gave up without
 * recording it (the database was down on its last attempt), nothing would ever send the note. This
 * re-enqueues every PENDING delivery untouched for a minute whose job is not live, as a new round
 * (round = the attempts made so far, as the retry endpoint does) with a fresh set of attempts.
 * A round's job outlives its round number (attempts grow while it retries), so the deterministic ids
 * of the recent rounds are all checked first; running the sweep twice, or on several workers at
 * once, enqueues nothing twice.
 */
export const sweepDeliveriesJob = defineJob({
  name: 'sweep-deliveries',
  async handler(ctx, _data, _job, log) {
    const stale = await ctx.db.delivery.findMany({
      where: { status: 'PENDING', updatedAt: { lt: new Date(Date.now() - DELIVERY_SWEEP_GRACE_MS) } },
      select: { id: true, attempts: true },
      orderBy: { updatedAt: 'asc' },
      take: 1000,
    });
    let requeued = 0;
    let errors = 0;
    for (const d of stale) {
      try {
        if (await requeueIfLost(ctx, d.id, d.attempts)) requeued++;
      } catch (error) {
        // One delivery's job changing under us must not stop the rest; the next sweep retries it.
        errors++;
        if (errors === 1)
          log.warn(
            { deliveryId: d.id, err: { message: (error as Error).message } },
            'delivery sweep skipped one',
          );
      }
    }
    if (requeued || errors)
      log.info({ requeued, errors, examined: stale.length }, 'sweep re-enqueued deliveries');
    if (errors && errors === stale.length) throw new Error('the delivery sweep could not check any delivery');
    return 'done';
  },
});

async function requeueIfLost(ctx: WorkerContext, deliveryId: string, attempts: number): Promise<boolean> {
  const queue = ctx.queues[jobContracts['deliver-document'].queue];
  const rounds: number[] = [];
  for (let r = attempts; r >= Math.max(0, attempts - ROUNDS_BACK); r--) rounds.push(r);
  const states = await Promise.all(rounds.map((r) => queue.getJobState(jobIdFor(deliveryId, r))));
  if (states.some((s) => LIVE_STATES.has(s))) return false;

  // Round `attempts` it is. A finished job may already hold that id (it failed before it could count
  // an attempt, or completed as skipped), and adding would then be a silent no-op: a failed one is
  // retried with fresh attempts (kept, as failed jobs are, for audit), a completed one replaced.
  const current = states[0];
  if (current === 'failed' || current === 'completed') {
    const job = await queue.getJob(jobIdFor(deliveryId, attempts));
    if (job && current === 'failed') {
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    }
    if (job) await job.remove();
  }
  await enqueue(
    ctx.queues,
    'deliver-document',
    { deliveryId, round: attempts },
    { attempts: DELIVERY_ATTEMPTS },
  );
  return true;
}
