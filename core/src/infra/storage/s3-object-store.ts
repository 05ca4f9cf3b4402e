import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type ServerSideEncryption,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  assertValidObjectKey,
  assertValidRange,
  type ByteRange,
  ObjectExistsError,
  type ObjectInfo,
  ObjectNotFoundError,
  type ObjectStore,
  RangeNotSatisfiableError,
  StorageUnavailableError,
  storageFailure,
} from './object-store';
import { watchSource } from './watch-source';

// S3 and S3-compatible stores (MinIO, Ceph, s3rver in tests). Uploads stream through lib-storage in
// 8 MiB parts, two in flight, so memory stays flat whatever the file size; a multipart upload only
// becomes an object on CompleteMultipartUpload, which gives the same "never half visible" rule as
// the filesystem driver.

export interface S3ObjectStoreOptions {
  bucket: string;
  endpoint?: string;
  region?: string;
  /** Omit to use the SDK's default chain (environment, instance role, ...). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  forcePathStyle?: boolean;
  /** Server-side encryption requested on every put (SPEC §7). */
  sse?: 'AES256' | 'aws:kms';
  sseKmsKeyId?: string;
  /**
   * How long the store may stay silent before the call is reported as an outage: the connect
   * timeout, the socket inactivity timeout, and the deadline for small calls (head, delete, ping and
   * a get up to its first byte), retries included. Default 30 s.
   */
  requestTimeoutMs?: number;
  /** Attempts per request, including the first. Default 3. */
  maxAttempts?: number;
}

const PART_BYTES = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

export class S3ObjectStore implements ObjectStore {
  readonly driver = 's3' as const;
  /** Exposed for shutdown and for tests that watch requests; application code uses the methods. */
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly timeoutMs: number;
  private readonly encryption: { ServerSideEncryption?: ServerSideEncryption; SSEKMSKeyId?: string };

  constructor(options: S3ObjectStoreOptions) {
    this.bucket = options.bucket;
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.encryption = options.sse
      ? {
          ServerSideEncryption: options.sse,
          ...(options.sse === 'aws:kms' && options.sseKmsKeyId ? { SSEKMSKeyId: options.sseKmsKeyId } : {}),
        }
      : {};
    this.client = new S3Client({
      region: options.region ?? 'us-east-1',
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? false,
      credentials: options.credentials,
      maxAttempts: options.maxAttempts ?? 3,
      // Checksums only where S3 demands them: S3-compatible servers (s3rver, older MinIO) reject the
      // SDK's default streaming checksum trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // The handler's own requestTimeout runs until the response headers, which for a part upload
      // includes sending 8 MiB, so it would fail slow-but-healthy links; an inactivity timeout
      // catches a hung store without that. (It also only warns unless throwOnRequestTimeout is set.)
      requestHandler: {
        connectionTimeout: Math.min(this.timeoutMs, 10_000),
        socketTimeout: this.timeoutMs,
      },
    });
  }

  async put(key: string, body: Readable, options?: { contentType?: string }): Promise<ObjectInfo> {
    assertValidObjectKey(key);
    const source = watchSource(body);
    const upload = new Upload({
      client: this.client,
      partSize: PART_BYTES,
      queueSize: PARTS_IN_FLIGHT,
      leavePartsOnError: false,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: source.stream,
        ContentType: options?.contentType,
        ...this.encryption,
      },
    });
    try {
      await upload.done();
      return { sizeBytes: source.bytes() };
    } catch (error) {
      if (source.error()) throw source.error();
      source.detach();
      throw toStoreError('write', error);
    }
  }

  /**
   * Write-once: `If-None-Match: *` makes the store refuse an existing key (412), and with
   * `retainUntil` the object is locked in COMPLIANCE mode, so not even the bucket owner can delete
   * or overwrite it before then (the bucket needs Object Lock enabled).
   */
  async putOnce(
    key: string,
    data: Buffer,
    options?: { contentType?: string; retainUntil?: Date },
  ): Promise<void> {
    assertValidObjectKey(key);
    try {
      await this.call('write', (abortSignal) =>
        this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: data,
            ContentType: options?.contentType,
            IfNoneMatch: '*',
            ...(options?.retainUntil
              ? { ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: options.retainUntil }
              : {}),
            ...this.encryption,
          }),
          { abortSignal },
        ),
      );
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
      if (status === 412 || (error as { name?: string })?.name === 'PreconditionFailed') {
        throw new ObjectExistsError(key);
      }
      throw toStoreError('write', error);
    }
  }

  async list(prefix: string): Promise<string[]> {
    if (!prefix.endsWith('/')) throw new Error('list prefix must end with "/"');
    const keys: string[] = [];
    let token: string | undefined;
    try {
      do {
        const page = await this.call('list', (abortSignal) =>
          this.client.send(
            new ListObjectsV2Command({
              Bucket: this.bucket,
              Prefix: prefix,
              Delimiter: '/',
              ContinuationToken: token,
            }),
            { abortSignal },
          ),
        );
        for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw toStoreError('list', error);
    }
    return keys.sort();
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    assertValidObjectKey(key);
    assertValidRange(range);
    const response = await this.call('read', (abortSignal) =>
      this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: range ? `bytes=${range.start}-${range.end ?? ''}` : undefined,
        }),
        { abortSignal },
      ),
    ).catch((error: unknown) => {
      if (isMissingObject(error)) throw new ObjectNotFoundError(key);
      if (isInvalidRange(error)) throw new RangeNotSatisfiableError(actualSize(error));
      throw toStoreError('read', error);
    });
    const body = response.Body as Readable;
    if (!range)
      return guardBody(body, 0, response.ContentLength ?? Number.POSITIVE_INFINITY, response.ContentLength);

    // Servers differ on edge cases (s3rver reads `bytes=0-0` as the whole object; some ignore Range
    // on empty objects), so the reply's own Content-Range decides what to skip and where to stop.
    const served = parseContentRange(response.ContentRange) ?? {
      start: 0,
      total: response.ContentLength,
    };
    if (served.total !== undefined && range.start >= served.total) {
      body.destroy();
      throw new RangeNotSatisfiableError(served.total);
    }
    if (served.start > range.start) {
      body.destroy();
      throw new StorageUnavailableError('object storage returned the wrong byte range');
    }
    const lastByte = Math.min(
      range.end ?? Number.POSITIVE_INFINITY,
      (served.total ?? Number.POSITIVE_INFINITY) - 1,
    );
    const wanted = lastByte - range.start + 1;
    return guardBody(body, range.start - served.start, wanted, Number.isFinite(wanted) ? wanted : undefined);
  }

  async stat(key: string): Promise<ObjectInfo | null> {
    assertValidObjectKey(key);
    try {
      const head = await this.call('stat', (abortSignal) =>
        this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal }),
      );
      return { sizeBytes: head.ContentLength ?? 0 };
    } catch (error) {
      if (isMissingObject(error)) return null;
      throw toStoreError('stat', error);
    }
  }

  async delete(key: string): Promise<void> {
    assertValidObjectKey(key);
    try {
      await this.call('delete', (abortSignal) =>
        this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal }),
      );
    } catch (error) {
      // S3 answers 204 for absent keys; a 404 here can only be a missing bucket, which is an outage.
      throw toStoreError('delete', error);
    }
  }

  async ping(): Promise<void> {
    try {
      await this.call('ping', (abortSignal) =>
        this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal }),
      );
    } catch (error) {
      throw toStoreError('ping', error);
    }
  }

  /** Closes pooled connections (shutdown, tests). */
  close(): void {
    this.client.destroy();
  }

  /** One deadline over a call and its retries, so an outage is reported rather than waited out. */
  private async call<T>(operation: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      return await run(controller.signal);
    } catch (error) {
      if (controller.signal.aborted) {
        throw new StorageUnavailableError(`object storage ${operation} timed out`, { cause: error });
      }
      throw error;
    } finally {
      // Cleared once the headers are in, so a long download is never cut by this deadline.
      clearTimeout(timer);
    }
  }
}

function isMissingObject(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!e || e.name === 'NoSuchBucket') return false;
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

function isInvalidRange(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.name === 'InvalidRange' || e?.$metadata?.httpStatusCode === 416;
}

function actualSize(error: unknown): number | undefined {
  const size = Number((error as { ActualObjectSize?: unknown }).ActualObjectSize);
  return Number.isSafeInteger(size) ? size : undefined;
}

/** Anything the SDK throws that is not a missing object is the store failing: network, 5xx, 403. */
function toStoreError(operation: string, error: unknown): Error {
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  const name = (error as { name?: string })?.name;
  return storageFailure(operation, error, [name, status].filter(Boolean).join(' '));
}

function parseContentRange(header: string | undefined): { start: number; total?: number } | undefined {
  const match = header && /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header.trim());
  if (!match) return undefined;
  return { start: Number(match[1]), total: match[3] === '*' ? undefined : Number(match[3]) };
}

/**
 * Skips `skip` bytes, passes at most `limit`, reports a short body and network failures as
 * StorageUnavailableError, and releases the connection when the reader stops early.
 */
function guardBody(body: Readable, skip: number, limit: number, expected: number | undefined): Readable {
  async function* guarded() {
    let toSkip = skip;
    let left = limit;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        let part = chunk;
        if (toSkip > 0) {
          const dropped = Math.min(toSkip, part.length);
          part = part.subarray(dropped);
          toSkip -= dropped;
        }
        if (part.length > left) part = part.subarray(0, left);
        if (part.length) {
          left -= part.length;
          yield part;
        }
        if (left === 0) return;
      }
    } catch (error) {
      throw new StorageUnavailableError('object storage read failed', { cause: error });
    } finally {
      body.destroy();
    }
    if (expected !== undefined && limit - left < expected) {
      throw new StorageUnavailableError('object storage returned a truncated object');
    }
  }
  return Readable.from(guarded(), { objectMode: false });
}
