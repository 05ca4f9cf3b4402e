import type { Dashboard } from '@dictum/contracts/reports';
import { deliveryStatuses } from '@dictum/core/domain/delivery/delivery-state-machine';
import {
  type DictationStatus,
  dictationStatuses,
  dictationStatusGroups,
} from '@dictum/core/domain/dictation/state-machine';
import { AppError } from '@dictum/core/errors';
import { Prisma } from '@dictum/core/infra/db/client';
import type { AppContext } from '../../context';
import { deliveryTargetStatus } from '../deliveries/delivery-monitor';

const DAY_MS = 86_400_000;

export const DASHBOARD_DEFINITIONS = {
  dictations: 'Dictations by current status.',
  overdue: `Dictations past their due time (dueAt < now) and not ${dictationStatusGroups.closed.join('/')}, by priority.`,
  oldestWaiting:
    'Per waiting status: how many, and the oldest one’s age in seconds since it was received (createdAt); null when none.',
  transcriptionFailures:
    'Dictations whose transcription failed in the last 24 hours (audit trail, and rows in TRANSCRIPTION_FAILED changed in that time), by reason code; one dictation counts once per reason.',
  finalizedToday: 'Original documents finalized since midnight UTC.',
  turnaround: 'Median of dictatedAt → finalizedAt over original documents finalized in the last 7 days.',
  deliveries: 'EHR deliveries by status.',
} as const;

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * GET /admin/dashboard: the operations overview. Aggregates only — counts, ages and reason codes,
 * never a patient's name or MRN. Optionally for one work type (code).
 */
export async function operationsDashboard(ctx: AppContext, query: { workType?: string }): Promise<Dashboard> {
  const db = ctx.db;
  let workTypeId: string | undefined;
  if (query.workType) {
    const wt = await db.workType.findUnique({ where: { code: query.workType }, select: { id: true } });
    if (!wt) throw new AppError('UNKNOWN_WORK_TYPE', 'no work type has this code');
    workTypeId = wt.id;
  }
  const now = new Date();
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS);
  const midnight = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const forType: Prisma.DictationWhereInput = workTypeId ? { workTypeId } : {};
  const docForType: Prisma.DocumentWhereInput = workTypeId ? { workTypeId } : {};

  const [byStatus, overdue, failures, finalizedToday, turnaround, deliveries] = await Promise.all([
    db.dictation.groupBy({
      by: ['status'],
      where: forType,
      _count: { _all: true },
      _min: { createdAt: true },
    }),
    db.dictation.groupBy({
      by: ['priority'],
      where: { ...forType, dueAt: { lt: now }, status: { notIn: [...dictationStatusGroups.closed] } },
      _count: { _all: true },
    }),
    transcriptionFailuresSince(ctx, dayAgo, workTypeId),
    db.document.count({ where: { ...docForType, kind: 'ORIGINAL', finalizedAt: { gte: midnight } } }),
    medianTurnaround(ctx, weekAgo, workTypeId),
    db.delivery.groupBy({
      by: ['status'],
      where: workTypeId ? { document: { workTypeId } } : {},
      _count: { _all: true },
    }),
  ]);

  const dictations = zeros(dictationStatuses);
  for (const row of byStatus) dictations[row.status as DictationStatus] = row._count._all;
  const oldestWaiting = Object.fromEntries(
    dictationStatusGroups.waiting.map((status) => {
      const row = byStatus.find((r) => r.status === status);
      const oldest = row?._min.createdAt ?? null;
      return [
        status,
        {
          count: row?._count._all ?? 0,
          oldestSince: oldest?.toISOString() ?? null,
          ageSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : null,
        },
      ];
    }),
  );
  const overdueCounts = { STAT: 0, ROUTINE: 0 };
  for (const row of overdue) overdueCounts[row.priority] = row._count._all;
  const deliveryCounts = zeros(deliveryStatuses);
  for (const row of deliveries) deliveryCounts[row.status] = row._count._all;

  return {
    generatedAt: now.toISOString(),
    workType: query.workType ?? null,
    definitions: DASHBOARD_DEFINITIONS,
    dictations: { byStatus: dictations, total: byStatus.reduce((n, r) => n + r._count._all, 0) },
    overdue: { ...overdueCounts, total: overdueCounts.STAT + overdueCounts.ROUTINE },
    oldestWaiting,
    transcriptionFailures: { since: dayAgo.toISOString(), ...failures },
    finalizedToday: { since: midnight.toISOString(), documents: finalizedToday },
    turnaround: { since: weekAgo.toISOString(), ...turnaround },
    deliveries: { byStatus: deliveryCounts, total: deliveries.reduce((n, r) => n + r._count._all, 0) },
    // Per EHR target, with the alert (failing for DELIVERY_ALERT_MINUTES, or stopped deliveries).
    deliveryTargets: await deliveryTargetStatus(ctx, now),
  };
}

/**
 * Failures recorded in the audit trail since `since` (the worker's `transcriptionFailed`
 * transitions carry the reason), plus dictations sitting in TRANSCRIPTION_FAILED that changed since
 * then; one dictation counts once per reason.
 */
async function transcriptionFailuresSince(ctx: AppContext, since: Date, workTypeId?: string) {
  const events = await ctx.db.auditEvent.findMany({
    where: { action: 'dictation.transcriptionFailed', at: { gte: since }, objectId: { not: null } },
    select: { objectId: true, details: true },
    take: 50_000,
  });
  const ids = [...new Set(events.map((e) => e.objectId!))].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const [audited, current] = await Promise.all([
    ids.length
      ? ctx.db.dictation.findMany({
          where: { id: { in: ids }, ...(workTypeId ? { workTypeId } : {}) },
          select: { id: true, statusReason: true },
        })
      : Promise.resolve([]),
    ctx.db.dictation.findMany({
      where: {
        status: 'TRANSCRIPTION_FAILED',
        updatedAt: { gte: since },
        ...(workTypeId ? { workTypeId } : {}),
      },
      select: { id: true, statusReason: true },
      take: 50_000,
    }),
  ]);
  const known = new Map(audited.map((d) => [d.id, d.statusReason]));
  const seen = new Set<string>();
  const byReason: Record<string, number> = {};
  const count = (id: string, reason: string | null | undefined) => {
    const code = reason || 'UNKNOWN';
    if (seen.has(`${id}|${code}`)) return;
    seen.add(`${id}|${code}`);
    byReason[code] = (byReason[code] ?? 0) + 1;
  };
  for (const e of events) {
    if (!known.has(e.objectId!)) continue; // another work type, or no longer a dictation
    const detailed = (e.details as { reason?: unknown } | null)?.reason;
    count(e.objectId!, typeof detailed === 'string' ? detailed : known.get(e.objectId!));
  }
  for (const d of current) count(d.id, d.statusReason);
  return { total: Object.values(byReason).reduce((n, c) => n + c, 0), byReason };
}

async function medianTurnaround(ctx: AppContext, since: Date, workTypeId?: string) {
  const forType = workTypeId ? Prisma.sql`AND doc."workTypeId" = ${workTypeId}::uuid` : Prisma.empty;
  const [row] = await ctx.db.$queryRaw<{ median: number | null; documents: number }[]>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (doc."finalizedAt" - d."dictatedAt")))::float8 AS "median",
           COUNT(*)::int AS "documents"
      FROM "Document" doc JOIN "Dictation" d ON d."id" = doc."dictationId"
     WHERE doc."kind" = 'ORIGINAL' AND doc."finalizedAt" >= ${since} ${forType}`;
  return {
    documents: row?.documents ?? 0,
    medianSeconds: row?.median == null ? null : Math.round(row.median),
  };
}
