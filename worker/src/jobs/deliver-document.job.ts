import { randomUUID } from 'node:crypto';
import { type Actor, systemActor } from '@dictum/contracts/actor';
import {
  childrenWaitingFor,
  earlierPending,
  nextPending,
  PARENT_NOT_DELIVERED,
  parentDelivery,
} from '@dictum/core/domain/delivery/delivery-order';
import { findTarget } from '@dictum/core/domain/delivery/delivery-targets';
import { loadDocumentSnapshot } from '@dictum/core/domain/delivery/load-document-snapshot';
import { logDeliveryMessage } from '@dictum/core/domain/delivery/message-log';
import { enqueueDeliveries } from '@dictum/core/domain/delivery/schedule-deliveries';
import { sendDelivery } from '@dictum/core/domain/delivery/send-delivery';
import type { SendResult } from '@dictum/core/domain/delivery/send-result';
import {
  countDeliveryAttempt,
  recordDeliveryRetry,
  transitionDelivery,
} from '@dictum/core/domain/delivery/transition-delivery';
import type { Tx } from '@dictum/core/infra/db/client';
import { jobContracts } from '@dictum/core/infra/queue/job-contracts';
import { done, failed, type JobResult, retryAfter } from '@dictum/core/infra/queue/job-outcome';
import { isJobLive } from '@dictum/core/infra/queue/queues';
import type { WorkerContext } from '../context';
import { defineJob } from './job-definition';

/** How often a delivery queued behind another looks again (it is also woken when its turn comes). */
const WAIT_POLL_MS = 15_000;
/** A busy target (another worker holds its connection) is tried again this soon. */
const BUSY_RETRY_MS = 300;

/**
 * The ordered delivery engine, one delivery per job run. Per target, deliveries go first-in
 * first-out (an earlier PENDING one blocks later ones), one at a time (a Redis lock per target, held
 * while the message is on the wire, so one MLLP connection carries one message at a time), and a
 * child waits for its parent at that target (a parent that stopped stops the child too, which
 * resumes by itself once the parent arrives). Failures the receiver calls temporary (AR, 5xx,
 * timeouts) are retried with exponential backoff for DELIVERY_RETRY_HOURS inside the same job; the
 * rest (AE, header errors, 4xx) stop at once and need attention. Every attempt is in the message log.
 */
export const deliverDocumentJob = defineJob({
  name: 'deliver-document',
  async handler(ctx, data, _job, log): Promise<JobResult> {
    const delivery = await ctx.db.delivery.findUnique({
      where: { id: data.deliveryId },
      select: {
        id: true,
        status: true,
        target: true,
        event: true,
        attempts: true,
        round: true,
        seq: true,
        documentId: true,
        nextAttemptAt: true,
        failingSince: true,
        payloadId: true,
        document: { select: { parentId: true, kind: true } },
      },
    });
    // SENT: done already. FAILED: stopped; a retry or resend starts a new round with its own job.
    if (delivery?.status !== 'PENDING' || delivery.round !== data.round) return done(true);
    const now = Date.now();
    if (delivery.nextAttemptAt && delivery.nextAttemptAt.getTime() > now)
      return retryAfter('BACKOFF', delivery.nextAttemptAt.getTime() - now);

    if (await liveBlocker(ctx, await earlierPending(ctx.db, delivery)))
      return retryAfter('WAITING_FOR_EARLIER', WAIT_POLL_MS);
    const actor = systemActor('delivery', data.requestId);
    const parent = await parentDelivery(ctx.db, delivery);
    if (parent && parent.status !== 'SENT') {
      if (parent.status === 'PENDING') return retryAfter('WAITING_FOR_PARENT', WAIT_POLL_MS);
      await ctx.db.$transaction((tx) =>
        transitionDelivery(tx, {
          deliveryId: delivery.id,
          event: 'failed',
          actor,
          data: { lastError: `${PARENT_NOT_DELIVERED}: waits until its parent is delivered to this target` },
          details: { reason: PARENT_NOT_DELIVERED },
        }),
      );
      return failed(PARENT_NOT_DELIVERED);
    }

    const lock = await acquireTargetLock(ctx, delivery.target);
    if (!lock) return retryAfter('TARGET_BUSY', BUSY_RETRY_MS);
    try {
      if (!(await countDeliveryAttempt(ctx.db, delivery.id, delivery.attempts))) return done(true);
      const attempts = delivery.attempts + 1;
      const doc = await loadDocumentSnapshot(ctx.db, delivery.documentId, ctx.config.organization);
      let result: SendResult;
      if (!doc)
        result = { outcome: 'stop', reason: 'DOCUMENT_MISSING', message: 'the document no longer exists' };
      else {
        const parentRemote =
          delivery.event === 'PUBLISH' && delivery.document.parentId && parent?.payloadId
            ? parent.payloadId
            : null;
        const ownRemote = delivery.event !== 'PUBLISH' ? (parent?.payloadId ?? null) : null;
        result = await sendDelivery(ctx.config, { ...delivery, ownRemote, parentRemote }, doc);
      }
      await logDeliveryMessage(ctx.db, { deliveryId: delivery.id, target: delivery.target, result }).catch(
        (error) => log.warn({ err: { message: (error as Error).message } }, 'message log write failed'),
      );
      const lastError = `${result.reason}: ${result.message}`.slice(0, 500);
      const logFields = {
        deliveryId: delivery.id,
        target: delivery.target,
        attempt: attempts,
        reason: result.reason,
      };

      if (result.outcome === 'accepted') {
        const signedAfterSnapshot = await ctx.db.$transaction(async (tx) => {
          await transitionDelivery(tx, {
            deliveryId: delivery.id,
            event: 'delivered',
            actor,
            attempts,
            data: { payloadId: result.payloadId ?? null, lastError: null, note: result.note ?? null },
            details: { attempt: attempts, payloadId: result.payloadId ?? null },
          });
          return delivery.event === 'PUBLISH' && doc
            ? await resendIfSignedSince(tx, delivery, doc, actor)
            : null;
        });
        log.info(logFields, 'document delivered');
        if (signedAfterSnapshot) {
          // The receiver got the version as it was before the author's signature: it gets it again, signed.
          await enqueueDeliveries(ctx.db, ctx.queues, [signedAfterSnapshot], data.requestId);
          return done();
        }
        await afterDelivered(ctx, delivery, actor, data.requestId);
        return done();
      }

      const failingSince = delivery.failingSince ?? new Date(now);
      const givenUp = now - failingSince.getTime() >= ctx.config.delivery.retryForMs;
      if (result.outcome === 'retry' && !givenUp) {
        const afterMs = result.retryAfterMs ?? backoffMs(ctx, attempts, failingSince);
        await recordDeliveryRetry(ctx.db, {
          deliveryId: delivery.id,
          attempts,
          lastError,
          nextAttemptAt: new Date(now + afterMs),
          failingSince,
        });
        log.warn({ ...logFields, retryInMs: afterMs }, 'delivery attempt failed; will retry');
        return retryAfter(result.reason, afterMs);
      }
      const reason = result.outcome === 'retry' ? `RETRIES_EXHAUSTED (${result.reason})` : result.reason;
      await ctx.db.$transaction((tx) =>
        transitionDelivery(tx, {
          deliveryId: delivery.id,
          event: 'failed',
          actor,
          attempts,
          data: { lastError: `${reason}: ${result.message}`.slice(0, 500), failingSince },
          details: { attempts, reason: result.reason },
        }),
      );
      log.warn(logFields, 'delivery stopped; needs attention');
      // The deliveries queued behind this one no longer wait for it.
      await wakeNext(ctx, delivery.target);
      return failed(result.reason);
    } finally {
      await lock.release();
    }
  },
});

/** Exponential from DELIVERY_BACKOFF_FIRST_MS, capped at DELIVERY_BACKOFF_MAX_MS, with 20% jitter. */
function backoffMs(ctx: WorkerContext, attempts: number, failingSince: Date): number {
  const { backoffFirstMs, backoffMaxMs, retryForMs } = ctx.config.delivery;
  const base = Math.min(backoffMaxMs, backoffFirstMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  const jittered = Math.round(base * (0.8 + Math.random() * 0.2));
  // The last try lands at the end of the retry window, not after it.
  const left = failingSince.getTime() + retryForMs - Date.now();
  return Math.max(10, Math.min(jittered, Math.max(left, 10)));
}

/**
 * After a delivery: children that stopped waiting for it restart, and the next delivery of the
 * target is woken rather than left to its poll.
 */
async function afterDelivered(
  ctx: WorkerContext,
  delivery: { documentId: string; target: string },
  actor: Actor,
  requestId?: string,
) {
  const children = await childrenWaitingFor(ctx.db, delivery);
  for (const child of children) {
    const restarted = await ctx.db.$transaction((tx) =>
      transitionDelivery(tx, {
        deliveryId: child.id,
        event: 'retried',
        actor,
        attempts: child.attempts,
        data: { round: { increment: 1 }, lastError: null },
        details: { reason: 'PARENT_DELIVERED' },
      }),
    );
    if (!restarted.changed) continue;
    const row = await ctx.db.delivery.findUniqueOrThrow({
      where: { id: child.id },
      select: { round: true, target: true },
    });
    await enqueueDeliveries(
      ctx.db,
      ctx.queues,
      [{ id: child.id, target: row.target, round: row.round }],
      requestId,
    );
  }
  await wakeNext(ctx, delivery.target);
}

async function wakeNext(ctx: WorkerContext, target: string) {
  const queue = ctx.queues[jobContracts['deliver-document'].queue];
  for (const next of await nextPending(ctx.db, target)) {
    const job = await queue.getJob(jobIdOf(next));
    if (!job) continue;
    if ((await job.getState()) === 'delayed') await job.promote().catch(() => undefined);
    return;
  }
}

const jobIdOf = (d: { id: string; round: number }) =>
  jobContracts['deliver-document'].jobId({ deliveryId: d.id, round: d.round });

/** The first of these deliveries that has a live job (someone is working on it). */
async function liveBlocker(ctx: WorkerContext, candidates: { id: string; round: number }[]) {
  for (const c of candidates) {
    if (await isJobLive(ctx.queues, 'deliver-document', { deliveryId: c.id, round: c.round })) return c;
  }
  return undefined;
}

/** A per-target lock in Redis with a token, so only its holder releases it; it lapses if we die. */
async function acquireTargetLock(ctx: WorkerContext, target: string) {
  const key = `${ctx.config.redis.queuePrefix}:delivery-lock:${target}`;
  const token = randomUUID();
  const targetConfig = findTarget(ctx.config.delivery, target);
  const timeout =
    targetConfig?.kind === 'mllp'
      ? targetConfig.ackTimeoutMs
      : targetConfig?.kind === 'fhir'
        ? targetConfig.requestTimeoutMs * 4
        : 15_000;
  const ok = await ctx.redis.set(key, token, 'PX', timeout + 30_000, 'NX');
  if (ok !== 'OK') return null;
  return {
    release: () =>
      ctx.redis
        .eval(
          "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
          1,
          key,
          token,
        )
        .then(() => undefined)
        .catch(() => undefined),
  };
}

/**
 * The author signed while this message was on its way (the signing transaction saw the delivery
 * still PENDING and left it to "pick up the signature", but the snapshot was already taken): start a
 * new round, so the EHR ends up with the signed, legally authenticated version. The signing side
 * locks the same delivery rows (FOR UPDATE), so one of the two always sees the other's commit.
 */
async function resendIfSignedSince(
  tx: Tx,
  delivery: { id: string; documentId: string; target: string; attempts: number },
  snapshot: { signedAt?: Date | null },
  actor: Actor,
) {
  const now = await tx.document.findUnique({
    where: { id: delivery.documentId },
    select: { signedAt: true },
  });
  if ((now?.signedAt?.getTime() ?? null) === (snapshot.signedAt?.getTime() ?? null)) return null;
  const resent = await transitionDelivery(tx, {
    deliveryId: delivery.id,
    event: 'resent',
    actor,
    attempts: delivery.attempts + 1,
    data: { round: { increment: 1 }, lastError: null, note: null },
    details: { reason: 'signed_during_delivery' },
  });
  if (!resent.changed) return null;
  return tx.delivery.findUniqueOrThrow({
    where: { id: delivery.id },
    select: { id: true, target: true, round: true },
  });
}
