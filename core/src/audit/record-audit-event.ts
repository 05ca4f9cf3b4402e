import type { Actor } from '../actor';
import type { Db, Tx } from '../db/client';
import { type AuditContent, GENESIS_HASH, hashAuditRow } from './hash-chain';

export interface AuditEventInput {
  action: string;
  objectType?: string;
  objectId?: string;
  patient?: { id: string; mrn: string } | null;
  /** Ids, codes and counts only: never names, MRNs beyond `patient`, or transcript text. */
  details?: Record<string, unknown>;
}

// A constant key for pg_advisory_xact_lock: appends are serialised so the chain stays linear.
const AUDIT_CHAIN_LOCK = 7_215_004_211;

/**
 * Appends one hash-chained audit row inside the caller's transaction, so the audited change and
 * its audit row commit together or not at all.
 */
export async function recordAuditEvent(tx: Tx, actor: Actor, input: AuditEventInput): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}::bigint)`;
  const last = await tx.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row: AuditContent = {
    at: new Date(),
    userId: actor.kind === 'user' ? actor.userId : null,
    username: actor.kind === 'user' ? actor.username : `system:${actor.name}`,
    role: actor.kind === 'user' ? actor.role : 'SYSTEM',
    action: input.action,
    objectType: input.objectType ?? null,
    objectId: input.objectId ?? null,
    patientId: input.patient?.id ?? null,
    patientMrn: input.patient?.mrn ?? null,
    ip: actor.kind === 'user' ? (actor.ip ?? null) : null,
    requestId: actor.requestId ?? null,
    details: input.details ?? null,
  };
  await tx.auditEvent.create({
    data: {
      ...row,
      details: row.details === null ? undefined : (row.details as object),
      prevHash,
      hash: hashAuditRow(prevHash, row),
    },
  });
}

/** For reads and auth events that change nothing else: the audit row is its own transaction. */
export function auditStandalone(db: Db, actor: Actor, input: AuditEventInput): Promise<void> {
  return db.$transaction((tx) => recordAuditEvent(tx, actor, input));
}
