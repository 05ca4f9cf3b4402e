import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';

// Object storage for dictation audio (SPEC §5). Two drivers implement this: the filesystem
// (single-machine default) and S3-compatible stores. One contract test suite runs against both.

export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive; omitted means to the end. */
  end?: number;
}

export interface ObjectInfo {
  sizeBytes: number;
}

export interface ObjectStore {
  readonly driver: 'fs' | 's3';
  /** Streams `body` into the store. The object becomes visible only once complete. */
  put(key: string, body: Readable, options?: { contentType?: string }): Promise<ObjectInfo>;
  /** Streams the object, or the byte range of it. Rejects with ObjectNotFoundError when absent. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** Size of the object, or null when absent. */
  stat(key: string): Promise<ObjectInfo | null>;
  /** Removes the object; removing an absent object is not an error. */
  delete(key: string): Promise<void>;
  /** Proves the store is reachable and writable (readiness). Rejects with StorageUnavailableError. */
  ping(): Promise<void>;
  /**
   * Writes a small object that must never be replaced (audit checkpoints): rejects with
   * ObjectExistsError when the key is taken. S3 also sends Object Lock retention when
   * `retainUntil` is given (the bucket must have Object Lock enabled).
   */
  putOnce(key: string, data: Buffer, options?: { contentType?: string; retainUntil?: Date }): Promise<void>;
  /** Keys directly under `prefix` (which ends with "/"), in ascending order. */
  list(prefix: string): Promise<string[]>;
}

/** putOnce found the key already written: write-once objects are never overwritten. */
export class ObjectExistsError extends Error {
  constructor(readonly key: string) {
    super('object already exists');
    this.name = 'ObjectExistsError';
  }
}

export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super('object not found');
    this.name = 'ObjectNotFoundError';
  }
}

/** The store could not be reached or failed (an outage, not a missing object). */
export class StorageUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}

/**
 * What a driver throws when a call to its store fails: an error already classified (an outage, a
 * missing object, an unsatisfiable range) passes through; anything else becomes an outage naming
 * the operation and `detail` (an errno code, an HTTP status), never the key.
 */
export function storageFailure(operation: string, error: unknown, detail?: string): Error {
  if (
    error instanceof StorageUnavailableError ||
    error instanceof ObjectNotFoundError ||
    error instanceof RangeNotSatisfiableError
  ) {
    return error;
  }
  return new StorageUnavailableError(`object storage ${operation} failed${detail ? ` (${detail})` : ''}`, {
    cause: error,
  });
}

/** Keys are random ids, never client file names (SPEC §7). */
export function newObjectKey(kind: 'audio' | 'derived' = 'audio', now = new Date()): string {
  const yyyy = now.getUTCFullYear();
  const mm = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${kind}/${yyyy}/${mm}/${randomUUID()}`;
}

/** The requested range starts at or beyond the end of the object (HTTP 416). */
export class RangeNotSatisfiableError extends Error {
  /** Size of the object when the store reported it, for the 416 reply's Content-Range. */
  constructor(readonly sizeBytes?: number) {
    super('requested range is not satisfiable');
    this.name = 'RangeNotSatisfiableError';
  }
}

/** The stored bytes fail verification (tampering or corruption); retrying will not help. */
export class ObjectIntegrityError extends Error {
  constructor(message = 'object failed its integrity check', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ObjectIntegrityError';
  }
}

// Segments may not start with a dot, so `.`, `..` and the fs driver's `.tmp` folder are unreachable.
const keySegment = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/**
 * Rejects keys that could escape the store's namespace or that look like client-supplied names.
 * The message never echoes the key: a bad key may be exactly the client file name we refuse to store.
 */
export function assertValidObjectKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > 512) {
    throw new Error('invalid object key');
  }
  for (const segment of key.split('/')) {
    if (!keySegment.test(segment)) throw new Error('invalid object key');
  }
}

/** Ranges are byte offsets, so anything but non-negative safe integers is a caller bug. */
export function assertValidRange(range: ByteRange | undefined): void {
  if (!range) return;
  const ok =
    Number.isSafeInteger(range.start) &&
    range.start >= 0 &&
    (range.end === undefined || (Number.isSafeInteger(range.end) && range.end >= range.start));
  if (!ok) throw new RangeError('invalid byte range');
}
