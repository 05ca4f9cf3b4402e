import type pg from 'pg';
import type { Actor } from '../../actor';
import { type Db, dedicatedPool, type Tx } from '../../infra/db/client';
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

/** The rows to append after `prevHash`, in order: each row's prevHash is the row before it. */
function chainRows(prevHash: string, events: { actor: Actor; input: AuditEventInput }[]) {
  return events.map(({ actor, input }) => {
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
    const data = { ...row, prevHash, hash };
    prevHash = hash;
    return data;
  });
}

/** Appends rows in order under the chain lock, inside the caller's transaction. */
async function appendAuditEvents(tx: Tx, events: { actor: Actor; input: AuditEventInput }[]): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}::bigint)`;
  const last = await tx.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
  const rows = chainRows(last?.hash ?? GENESIS_HASH, events).map((row) => ({
    ...row,
    details: row.details === null ? undefined : (row.details as object),
  }));
  // One multi-row INSERT: ids are assigned in the order of its rows, which is the chain's order.
  if (rows.length === 1) await tx.auditEvent.create({ data: rows[0]! });
  else await tx.auditEvent.createMany({ data: rows });
}

const COLUMNS = [
  ['at', 'timestamp(3)'],
  ['userId', 'uuid'],
  ['username', 'text'],
  ['role', 'text'],
  ['action', 'text'],
  ['objectType', 'text'],
  ['objectId', 'text'],
  ['patientId', 'uuid'],
  ['patientMrn', 'text'],
  ['ip', 'text'],
  ['requestId', 'text'],
  ['details', 'jsonb'],
  ['prevHash', 'text'],
  ['hash', 'text'],
] as const;
const INSERT_COLUMNS = COLUMNS.map(([name]) => `"${name}"`).join(', ');

/**
 * The same append as its own transaction, straight through the driver on a connection of its own:
 * three round trips (BEGIN + lock + last hash; the multi-row INSERT; COMMIT) instead of Prisma's five,
 * without Prisma's per-query CPU, and never queued behind reads in the shared pool. Same rows as
 * `appendAuditEvents` (`at` as the UTC timestamp(3) Prisma writes, `details` as jsonb).
 */
async function appendStandalone(pool: pg.Pool, events: { actor: Actor; input: AuditEventInput }[]) {
  const client = await pool.connect();
  // A connection whose transaction could not be rolled back is discarded, never reused in an
  // unknown state; after a clean ROLLBACK it goes back to the pool.
  let broken: Error | undefined;
  try {
    // One round trip (simple protocol, several statements; the transaction stays open after it).
    const results = (await client.query(
      `BEGIN; SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}::bigint); SELECT "hash" FROM "AuditEvent" ORDER BY "id" DESC LIMIT 1`,
    )) as unknown as pg.QueryResult<{ hash: string }>[];
    const rows = chainRows(results[2]?.rows[0]?.hash ?? GENESIS_HASH, events);
    const values: unknown[] = [];
    const tuples = rows.map((row) => {
      const start = values.length;
      values.push(
        row.at.toISOString(),
        row.userId,
        row.username,
        row.role,
        row.action,
        row.objectType,
        row.objectId,
        row.patientId,
        row.patientMrn,
        row.ip,
        row.requestId,
        row.details === null ? null : JSON.stringify(row.details),
        row.prevHash,
        row.hash,
      );
      return `(${COLUMNS.map(([, type], i) => `$${start + i + 1}::${type}`).join(', ')})`;
    });
    // One multi-row INSERT: ids are assigned in the order of its rows, which is the chain's order.
    await client.query(`INSERT INTO "AuditEvent" (${INSERT_COLUMNS}) VALUES ${tuples.join(', ')}`, values);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
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

  private write(batch: { actor: Actor; input: AuditEventInput }[]): Promise<void> {
    const pool = dedicatedPool(this.db);
    if (pool) return appendStandalone(pool, batch);
    return this.db.$transaction((tx) => appendAuditEvents(tx, batch));
  }

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
          await this.write(batch);
          for (const event of batch) event.resolve();
        } catch (error) {
          if (batch.length === 1) {
            batch[0]!.reject(error);
            continue;
          }
          // One bad row must not fail the others: write them one by one, each with its own outcome.
          for (const event of batch) {
            await this.write([event]).then(event.resolve, event.reject);
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }
}
