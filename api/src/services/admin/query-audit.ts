import type { AuditQuery } from '@dictum/contracts/admin';
import type { Actor } from '@dictum/core/actor';
import { auditStandalone } from '@dictum/core/domain/audit/record-audit-event';
import type { Db, Prisma } from '@dictum/core/infra/db/client';
import { toPage } from '../paging/cursor-page';

/** Newest first; the cursor is the last id of the previous page. */
export async function queryAudit(db: Db, q: AuditQuery) {
  const where: Prisma.AuditEventWhereInput = {
    ...(q.username ? { username: q.username } : {}),
    ...(q.patientMrn ? { patientMrn: q.patientMrn } : {}),
    ...(q.action
      ? q.action.endsWith('*')
        ? { action: { startsWith: q.action.slice(0, -1) } }
        : { action: q.action }
      : {}),
    ...(q.from || q.to ? { at: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } } : {}),
    ...(q.cursor && /^\d+$/.test(q.cursor) ? { id: { lt: BigInt(q.cursor) } } : {}),
  };
  const rows = await db.auditEvent.findMany({ where, orderBy: { id: 'desc' }, take: q.limit + 1 });
  return toPage(
    rows,
    q.limit,
    (r) => ({
      id: r.id.toString(),
      at: r.at.toISOString(),
      userId: r.userId,
      username: r.username,
      role: r.role,
      action: r.action,
      objectType: r.objectType,
      objectId: r.objectId,
      patientId: r.patientId,
      patientMrn: r.patientMrn,
      ip: r.ip,
      requestId: r.requestId,
      details: r.details,
    }),
    (e) => e.id,
  );
}

/** An admin reading the audit log is itself audited (who looked, how much they saw). */
export async function readAuditLog(db: Db, actor: Actor, q: AuditQuery) {
  const result = await queryAudit(db, q);
  await auditStandalone(db, actor, {
    action: 'audit.queried',
    objectType: 'audit',
    details: { count: result.items.length },
  });
  return result;
}
