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
  await appendAuditEvents(tx, [{ actor, input }]);
}

/** Appends rows in order under the chain lock: each row's prevHash is the row before it. */
async function appendAuditEvents(tx: Tx, events: { actor: Actor; input: AuditEventInput }[]): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}::bigint)`;
  const last = await tx.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  let prevHash = last?.hash ?? GENESIS_HASH;
  const rows = events.map(({ actor, input }) => {
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
    const hash = hashAuditRow(prevHash, row);
    const data = {
      ...row,
      details: row.details === null ? undefined : (row.details as object),
      prevHash,
      hash,
    };
    prevHash = hash;
    return data;
  });
  // One multi-row INSERT: ids are assigned in the order of its rows, which is the chain's order.
  if (rows.length === 1) await tx.auditEvent.create({ data: rows[0]! });
  else await tx.auditEvent.createMany({ data: rows });
}

/**
 * For reads and auth events that change nothing else: the audit row is its own transaction.
 *
 * Concurrent callers in one process are appended together (group commit): every caller still
 * waits until its own row is committed — nothing is answered unaudited — but the chain lock is
 * taken once per batch instead of once per read. Measured on the list pages at 50 concurrent
 * clients, the per-read lock capped the whole API at ~220 audited reads/s (bench/src/api-lists).
 * An idle process writes at once; batches form only while a write is already in flight.
 */
export function auditStandalone(db: Db, actor: Actor, input: AuditEventInput): Promise<void> {
  let appender = appenders.get(db);
  if (!appender) {
    appender = new AuditAppender(db);
    appenders.set(db, appender);
  }
  return appender.append({ actor, input });
}

interface PendingEvent {
  actor: Actor;
  input: AuditEventInput;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 200;
const appenders = new WeakMap<Db, AuditAppender>();

class AuditAppender {
  private queue: PendingEvent[] = [];
  private draining = false;

  constructor(private readonly db: Db) {}

  append(event: { actor: Actor; input: AuditEventInput }): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...event, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain() {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.db.$transaction((tx) => appendAuditEvents(tx, batch));
          for (const event of batch) event.resolve();
        } catch (error) {
          if (batch.length === 1) {
            batch[0]!.reject(error);
            continue;
          }
          // One bad row must not fail the others: write them one by one, each with its own outcome.
          for (const event of batch) {
            await this.db
              .$transaction((tx) => appendAuditEvents(tx, [event]))
              .then(event.resolve, event.reject);
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
