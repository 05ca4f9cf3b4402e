import type {
  DeliveryMessage,
  DeliveryTargetStatus,
  ReceiverIssue,
  ResentDelivery,
} from '@dictum/contracts/deliveries';
import { findTarget } from '@dictum/core/domain/delivery/delivery-targets';
import { AppError, notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { restartDelivery } from '../documents/retry-delivery';

/**
 * Per configured target: its kind, deliveries by status, the oldest delivery still failing and
 * whether the target is in alert (failing for DELIVERY_ALERT_MINUTES, or deliveries stopped and
 * needing attention). For the dashboard, the delivery screen and metrics alike.
 */
export async function deliveryTargetStatus(
  ctx: Pick<AppContext, 'db' | 'config'>,
  now = new Date(),
): Promise<DeliveryTargetStatus[]> {
  const { targets, alertAfterMs } = ctx.config.delivery;
  const [counts, failing] = await Promise.all([
    ctx.db.delivery.groupBy({ by: ['target', 'status'], _count: { _all: true } }),
    ctx.db.delivery.groupBy({
      by: ['target'],
      where: { status: 'PENDING', failingSince: { not: null } },
      _min: { failingSince: true },
    }),
  ]);
  return targets.map((t) => {
    const byStatus = { PENDING: 0, SENT: 0, FAILED: 0 };
    for (const row of counts) if (row.target === t.name) byStatus[row.status] = row._count._all;
    const failingSince = failing.find((f) => f.target === t.name)?._min.failingSince ?? null;
    const failingMs = failingSince ? now.getTime() - failingSince.getTime() : 0;
    return {
      name: t.name,
      kind: t.kind,
      byStatus,
      failingSince: failingSince?.toISOString() ?? null,
      needsAttention: byStatus.FAILED,
      alert: failingMs >= alertAfterMs || byStatus.FAILED > 0,
    };
  });
}

/** The target's message log, newest first: each message sent with the ACK or HTTP response. */
export async function listTargetMessages(
  ctx: AppContext,
  target: string,
  query: { limit: number; before?: string },
): Promise<DeliveryMessage[]> {
  if (!findTarget(ctx.config.delivery, target)) {
    const known = await ctx.db.deliveryMessage.findFirst({ where: { target }, select: { id: true } });
    if (!known) throw notFound('delivery target');
  }
  const rows = await ctx.db.deliveryMessage.findMany({
    where: { target, ...(query.before ? { sentAt: { lt: new Date(query.before) } } : {}) },
    orderBy: { sentAt: 'desc' },
    take: query.limit,
    include: {
      delivery: {
        select: { id: true, event: true, status: true, document: { select: { id: true, number: true } } },
      },
    },
  });
  return rows.map((m) => ({
    id: m.id,
    deliveryId: m.deliveryId,
    documentId: m.delivery.document.id,
    documentNumber: m.delivery.document.number,
    event: m.delivery.event,
    deliveryStatus: m.delivery.status,
    sentAt: m.sentAt.toISOString(),
    controlId: m.controlId,
    outcome: m.outcome,
    ackCode: m.ackCode,
    ackText: m.ackText,
    errors: (m.errors as ReceiverIssue[] | null) ?? [],
    request: m.request,
    response: m.response,
    resentById: m.resentById,
  }));
}

/** Sends a delivery again (records staff, admins): delivered or stopped, it goes back in line. */
export async function resendDelivery(
  ctx: AppContext,
  actor: UserActor,
  deliveryId: string,
): Promise<ResentDelivery> {
  const delivery = await ctx.db.delivery.findUnique({
    where: { id: deliveryId },
    select: { id: true, status: true, attempts: true },
  });
  if (!delivery) throw notFound('delivery');
  if (delivery.status === 'PENDING')
    throw new AppError('INVALID_STATE', 'the delivery is already waiting to be sent', { status: 'PENDING' });
  await restartDelivery(ctx, actor, delivery.id, 'resent', delivery.attempts);
  const row = await ctx.db.delivery.findUniqueOrThrow({
    where: { id: deliveryId },
    select: { id: true, target: true, event: true, status: true, attempts: true, lastError: true },
  });
  return row;
}

/** Inbound HL7 (ADT) messages, newest first, with the ACK each got. */
export async function listInboundMessages(ctx: AppContext, query: { limit: number }) {
  const rows = await ctx.db.hl7InboundMessage.findMany({
    orderBy: { receivedAt: 'desc' },
    take: query.limit,
  });
  return rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() }));
}
