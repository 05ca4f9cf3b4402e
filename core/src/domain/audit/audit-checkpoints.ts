import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../infra/db/client';
import { ObjectExistsError, type ObjectStore } from '../../infra/storage/object-store';
import { canonicalJson } from './hash-chain';

// The hash chain proves that no row was changed or removed *before* the newest row, but whoever can
// write the table (a superuser with triggers off) can delete rows from its end, or rewrite the rows
// and recompute every hash. A checkpoint anchors the chain head outside the database: the id and
// hash of the newest row, signed with HMAC-SHA256 under AUDIT_CHECKPOINT_KEY (configuration, never
// the database) and written once to the object store (no overwrite; S3 Object Lock when enabled).
// audit-verify then fails when a checkpointed row is gone (truncation) or hashes differently
// (a recomputed chain). Rows newer than the latest checkpoint are covered by the next one: the
// window is AUDIT_CHECKPOINT_EVERY_ROWS rows / AUDIT_CHECKPOINT_EVERY_MINUTES minutes.

export const CHECKPOINT_PREFIX = 'audit-checkpoints/';
const MAX_ID = 10n ** 19n - 1n;

export interface AuditCheckpoint {
  v: 1;
  /** Id of the newest audit row when the checkpoint was taken (bigint as a decimal string). */
  rowId: string;
  /** That row's chain hash. */
  hash: string;
  at: string;
  /** Which key signed it (a hash of the key, not the key). */
  keyId: string;
}

export interface SignedCheckpoint extends AuditCheckpoint {
  mac: string;
}

export function checkpointKeyId(key: Buffer): string {
  return createHash('sha256').update('dictum audit checkpoint key id').update(key).digest('hex').slice(0, 16);
}

function mac(key: Buffer, checkpoint: AuditCheckpoint): string {
  return createHmac('sha256', key)
    .update(
      canonicalJson({
        v: checkpoint.v,
        rowId: checkpoint.rowId,
        hash: checkpoint.hash,
        at: checkpoint.at,
        keyId: checkpoint.keyId,
      }),
    )
    .digest('hex');
}

export function signCheckpoint(
  key: Buffer,
  checkpoint: Omit<AuditCheckpoint, 'keyId' | 'v'>,
): SignedCheckpoint {
  const body: AuditCheckpoint = { v: 1, ...checkpoint, keyId: checkpointKeyId(key) };
  return { ...body, mac: mac(key, body) };
}

export function checkpointSignatureValid(key: Buffer, checkpoint: SignedCheckpoint): boolean {
  if (typeof checkpoint.mac !== 'string' || !/^[0-9a-f]{64}$/.test(checkpoint.mac)) return false;
  const expected = Buffer.from(mac(key, checkpoint), 'hex');
  return timingSafeEqual(expected, Buffer.from(checkpoint.mac, 'hex'));
}

/**
 * Newest first in key order: the key holds the row id subtracted from a constant, zero-padded, so a
 * plain ascending listing (fs readdir, S3 ListObjectsV2) starts with the latest checkpoint.
 */
export function checkpointObjectKey(rowId: bigint, at: Date): string {
  const inverted = (MAX_ID - rowId).toString().padStart(19, '0');
  return `${CHECKPOINT_PREFIX}${inverted}-${at.getTime()}.json`;
}

async function readObject(store: ObjectStore, key: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.get(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface CheckpointPolicy {
  everyRows: number;
  everyMs: number;
  /** S3 Object Lock retention for each checkpoint (none when absent). */
  retainForMs?: number;
}

export type CheckpointOutcome =
  | { written: true; key: string; rowId: string }
  | { written: false; reason: 'empty' | 'not-due' | 'already-written' };

/**
 * Writes a checkpoint of the chain head when N rows or M minutes have passed since the last one
 * (or there is none yet). Safe to run from several workers at once: the object key is derived
 * from the row id, and the store refuses a second write of it.
 */
export async function writeAuditCheckpoint(
  db: Db,
  store: ObjectStore,
  key: Buffer,
  policy: CheckpointPolicy,
  now = new Date(),
): Promise<CheckpointOutcome> {
  const head = await db.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true, hash: true } });
  if (!head) return { written: false, reason: 'empty' };
  const latest = await latestCheckpoint(store, key);
  if (latest) {
    const since = BigInt(latest.rowId);
    if (head.id <= since) return { written: false, reason: 'not-due' };
    const rows = await db.auditEvent.count({ where: { id: { gt: since } } });
    const age = now.getTime() - Date.parse(latest.at);
    if (rows < policy.everyRows && age < policy.everyMs) return { written: false, reason: 'not-due' };
  }
  const signed = signCheckpoint(key, { rowId: head.id.toString(), hash: head.hash, at: now.toISOString() });
  const objectKey = checkpointObjectKey(head.id, now);
  try {
    await store.putOnce(objectKey, Buffer.from(JSON.stringify(signed)), {
      contentType: 'application/json',
      retainUntil: policy.retainForMs ? new Date(now.getTime() + policy.retainForMs) : undefined,
    });
  } catch (error) {
    if (error instanceof ObjectExistsError) return { written: false, reason: 'already-written' };
    throw error;
  }
  return { written: true, key: objectKey, rowId: signed.rowId };
}

/** The newest checkpoint whose signature verifies (skipping unreadable or forged ones). */
async function latestCheckpoint(store: ObjectStore, key: Buffer): Promise<SignedCheckpoint | null> {
  for (const objectKey of await store.list(CHECKPOINT_PREFIX)) {
    const parsed = await readCheckpoint(store, objectKey);
    if (parsed && checkpointSignatureValid(key, parsed)) return parsed;
  }
  return null;
}

async function readCheckpoint(store: ObjectStore, objectKey: string): Promise<SignedCheckpoint | null> {
  try {
    const value = JSON.parse(await readObject(store, objectKey)) as SignedCheckpoint;
    if (typeof value?.rowId !== 'string' || !/^\d{1,19}$/.test(value.rowId)) return null;
    if (typeof value.hash !== 'string' || typeof value.at !== 'string') return null;
    return value;
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

export interface LoadedCheckpoints {
  /** Checkpoints whose signature verifies, newest first. */
  valid: (SignedCheckpoint & { objectKey: string })[];
  /** Objects under the prefix that are unreadable, malformed or wrongly signed. */
  invalid: { objectKey: string; problem: 'malformed' | 'bad-signature' | 'misplaced' }[];
}

/**
 * The newest `limit` checkpoints in the store, each checked against the key and against its own
 * object key. The newest valid one already covers the whole chain before it (any rewrite changes
 * every later hash; any truncation removes its row); older ones still anchor the chain if newer
 * checkpoint objects were deleted from a store without Object Lock.
 */
export async function loadCheckpoints(
  store: ObjectStore,
  key: Buffer,
  limit = 1000,
): Promise<LoadedCheckpoints> {
  const result: LoadedCheckpoints = { valid: [], invalid: [] };
  for (const objectKey of (await store.list(CHECKPOINT_PREFIX)).slice(0, limit)) {
    const parsed = await readCheckpoint(store, objectKey);
    if (!parsed) {
      result.invalid.push({ objectKey, problem: 'malformed' });
    } else if (!checkpointSignatureValid(key, parsed)) {
      result.invalid.push({ objectKey, problem: 'bad-signature' });
    } else if (checkpointObjectKey(BigInt(parsed.rowId), new Date(parsed.at)) !== objectKey) {
      // A genuine checkpoint copied under another name (to pose as a newer one): not trusted.
      result.invalid.push({ objectKey, problem: 'misplaced' });
    } else {
      result.valid.push({ ...parsed, objectKey });
    }
  }
  return result;
}
