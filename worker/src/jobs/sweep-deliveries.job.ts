import { enqueueDeliveryJob } from '@dictum/core/domain/delivery/schedule-deliveries';
import { done } from '@dictum/core/infra/queue/job-outcome';
import { isJobLive } from '@dictum/core/infra/queue/queues';
import type { WorkerContext } from '../context';
import { defineJob } from './job-definition';

/** A PENDING delivery untouched for this long with no live job behind it has lost its job. */
export const DELIVERY_SWEEP_GRACE_MS = 60_000;

/**
 * The delivery counterpart of the transcription sweep. A delivery stays PENDING until its job
 * records SENT or FAILED; when the job is gone (Redis flushed or restarted) or ended without
 * recording it (the database was down on its last attempt), nothing would ever send the note. This
 * checks the job of each PENDING delivery's current round (Delivery.round) that is untouched for a
 * minute and not waiting for a scheduled retry, and when that job is not live starts a new round
 * (round + 1, conditional on the round seen, so two sweeps at once enqueue nothing twice).
 */
export const sweepDeliveriesJob = defineJob({
  name: 'sweep-deliveries',
  async handler(ctx, _data, _job, log) {
    const before = new Date(Date.now() - DELIVERY_SWEEP_GRACE_MS);
    const stale = await ctx.db.delivery.findMany({
      where: {
        status: 'PENDING',
        updatedAt: { lt: before },
        OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lt: before } }],
      },
      select: { id: true, round: true },
      orderBy: { updatedAt: 'asc' },
      take: 1000,
    });
    let requeued = 0;
    let errors = 0;
    for (const d of stale) {
      try {
        if (await requeueIfLost(ctx, d.id, d.round)) requeued++;
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
    // Not one delivery could be checked (Redis or the database is failing): a crash, so BullMQ
    // retries it with backoff and the start-up sweep logs it, as before result values.
    if (errors && errors === stale.length) throw new Error('the delivery sweep could not check any delivery');
    return done();
  },
});

async function requeueIfLost(ctx: WorkerContext, deliveryId: string, round: number): Promise<boolean> {
  if (await isJobLive(ctx.queues, 'deliver-document', { deliveryId, round })) return false;
  // A new round: its job id is new, so no finished job of an earlier round can swallow the add.
  const { count } = await ctx.db.delivery.updateMany({
    where: { id: deliveryId, status: 'PENDING', round },
    data: { round: round + 1 },
  });
  if (count === 0) return false;
  await enqueueDeliveryJob(ctx.queues, { deliveryId, round: round + 1 });
  return true;
}
