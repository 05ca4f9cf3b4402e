import { randomUUID } from 'node:crypto';
import { type FileHandle, link, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertMasterKey,
  DecryptStream,
  EncryptStream,
  encryptedLayout,
  encryptedSpan,
  HEADER_BYTES,
  openHeader,
  parseHeader,
} from './chunked-encryption';
import {
  assertValidObjectKey,
  assertValidRange,
  type ByteRange,
  ObjectExistsError,
  type ObjectInfo,
  ObjectNotFoundError,
  type ObjectStore,
  RangeNotSatisfiableError,
  storageFailure,
} from './object-store';
import { watchSource } from './watch-source';

// The single-machine driver. Objects live at <dir>/<key>; writes go to <dir>/.tmp first and are
// renamed into place after fsync, so a reader never sees half an upload, even after a crash.

export interface FsObjectStoreOptions {
  dir: string;
  /** 32 bytes. When set, objects are encrypted at rest (see chunked-encryption.ts). */
  encryptionKey?: Buffer;
}

const TEMP_DIR = '.tmp';

export class FsObjectStore implements ObjectStore {
  readonly driver = 'fs' as const;
  readonly root: string;
  private readonly key: Buffer | undefined;

  constructor(options: FsObjectStoreOptions) {
    this.root = path.resolve(options.dir);
    if (options.encryptionKey) assertMasterKey(options.encryptionKey);
    this.key = options.encryptionKey;
  }

  async put(key: string, body: Readable): Promise<ObjectInfo> {
    const target = this.pathFor(key);
    const tempDir = path.join(this.root, TEMP_DIR);
    const temp = path.join(tempDir, randomUUID());
    // Watch the caller's stream before the first await, so an error it raises meanwhile is ours to see.
    const source = watchSource(body);
    let handle: FileHandle | undefined;
    try {
      try {
        await mkdir(tempDir, { recursive: true, mode: 0o700 });
        handle = await open(temp, 'wx', 0o600);
      } catch (error) {
        if (source.error()) throw source.error();
        source.detach();
        throw this.outage('write', error);
      }
      // flush: fsync before the stream closes the handle, so the rename below publishes only
      // bytes that are on disk.
      const sink = handle.createWriteStream({ flush: true });
      try {
        if (this.key) await pipeline(source.stream, new EncryptStream(this.key, key), sink);
        else await pipeline(source.stream, sink);
        handle = undefined;
      } catch (error) {
        // The caller's stream failing is the caller's error; anything else is the disk failing.
        if (source.error()) throw source.error();
        source.detach();
        throw this.outage('write', error);
      }
      try {
        await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
        await rename(temp, target);
        await syncDir(path.dirname(target));
      } catch (error) {
        throw this.outage('write', error);
      }
      return { sizeBytes: source.bytes() };
    } finally {
      if (handle) await handle.close().catch(() => {});
      // After a successful rename this is a no-op; otherwise it removes the partial upload.
      await rm(temp, { force: true }).catch(() => {});
    }
  }

  /**
   * Write-once: the object is written in full under .tmp, then published with link(2), which fails
   * when the name exists, so an existing object is never replaced, not even by a racing writer.
   */
  async putOnce(key: string, data: Buffer): Promise<void> {
    const target = this.pathFor(key);
    const tempDir = path.join(this.root, TEMP_DIR);
    const temp = path.join(tempDir, randomUUID());
    try {
      await mkdir(tempDir, { recursive: true, mode: 0o700 });
      const handle = await open(temp, 'wx', 0o600);
      const sink = handle.createWriteStream({ flush: true });
      const body = Readable.from([data]);
      if (this.key) await pipeline(body, new EncryptStream(this.key, key), sink);
      else await pipeline(body, sink);
      await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
      try {
        await link(temp, target);
      } catch (error) {
        if (isErrno(error) && error.code === 'EEXIST') throw new ObjectExistsError(key);
        throw error;
      }
      await syncDir(path.dirname(target));
    } catch (error) {
      if (error instanceof ObjectExistsError) throw error;
      throw this.outage('write', error);
    } finally {
      await rm(temp, { force: true }).catch(() => {});
    }
  }

  async list(prefix: string): Promise<string[]> {
    if (!prefix.endsWith('/')) throw new Error('list prefix must end with "/"');
    const dir = this.pathFor(prefix.slice(0, -1));
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isErrno(error) && error.code === 'ENOENT') return [];
      throw this.outage('list', error);
    }
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => `${prefix}${entry.name}`)
      .sort();
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    assertValidRange(range);
    const file = this.pathFor(key);
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      throw await this.missingOrOutage(key, 'read', error);
    }
    try {
      const info = await handle.stat();
      // Key prefixes are folders on disk, but they are not objects.
      if (!info.isFile()) throw new ObjectNotFoundError(key);
      const { size } = info;
      if (!this.key) {
        const span = resolveRange(range, size);
        if (!span) return emptyStream(handle);
        return handle.createReadStream({ start: span.start, end: span.end });
      }
      const header = openHeader(await readHeaderBytes(handle), this.key, key);
      const layout = encryptedLayout(size, header.chunkBytes);
      const span = resolveRange(range, layout.plaintextBytes);
      // An empty object still has one sealed chunk: verify it rather than trusting the size.
      const { start, end } = span ?? { start: 0, end: -1 };
      const sealed = encryptedSpan(start, Math.max(start, end), header.chunkBytes, size);
      const decrypt = new DecryptStream({ header, ...layout, firstChunk: sealed.firstChunk, start, end });
      const source = handle.createReadStream({ start: sealed.fileStart, end: sealed.fileEnd });
      source.once('error', (error) => decrypt.destroy(error));
      decrypt.once('close', () => source.destroy());
      return source.pipe(decrypt);
    } catch (error) {
      await handle.close().catch(() => {});
      throw isErrno(error) ? this.outage('read', error) : error;
    }
  }

  async stat(key: string): Promise<ObjectInfo | null> {
    const file = this.pathFor(key);
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      const failure = await this.missingOrOutage(key, 'stat', error);
      if (failure instanceof ObjectNotFoundError) return null;
      throw failure;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) return null;
      const { size } = info;
      if (!this.key) return { sizeBytes: size };
      const header = parseHeader(await readHeaderBytes(handle));
      return { sizeBytes: encryptedLayout(size, header.chunkBytes).plaintextBytes };
    } catch (error) {
      throw isErrno(error) ? this.outage('stat', error) : error;
    } finally {
      await handle.close().catch(() => {});
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathFor(key);
    try {
      await rm(file);
    } catch (error) {
      // Reporting success while the mount is gone would let a retention purge skip the file for good.
      const failure = await this.missingOrOutage(key, 'delete', error);
      if (!(failure instanceof ObjectNotFoundError)) throw failure;
    }
  }

  async ping(): Promise<void> {
    const probe = path.join(this.root, TEMP_DIR, `ping-${randomUUID()}`);
    try {
      await mkdir(path.dirname(probe), { recursive: true, mode: 0o700 });
      const handle = await open(probe, 'wx', 0o600);
      try {
        await handle.writeFile('ok');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rm(probe);
    } catch (error) {
      await rm(probe, { force: true }).catch(() => {});
      throw this.outage('ping', error);
    }
  }

  /**
   * Removes uploads abandoned by a crash. Not run automatically: several processes share the folder,
   * so only a sweep job that knows no upload runs longer than `olderThanMs` should call it.
   */
  async removeStaleTempFiles(olderThanMs: number, now = Date.now()): Promise<number> {
    const tempDir = path.join(this.root, TEMP_DIR);
    let names: string[];
    try {
      names = await readdir(tempDir);
    } catch (error) {
      if (isErrno(error) && error.code === 'ENOENT') return 0;
      throw this.outage('sweep', error);
    }
    let removed = 0;
    for (const name of names) {
      const file = path.join(tempDir, name);
      const info = await stat(file).catch(() => undefined);
      if (info?.isFile() && now - info.mtimeMs > olderThanMs) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  private pathFor(key: string): string {
    assertValidObjectKey(key);
    const file = path.join(this.root, ...key.split('/'));
    // Belt and braces: the key check already rules out escaping the root.
    if (!file.startsWith(this.root + path.sep)) throw new Error('invalid object key');
    return file;
  }

  /** ENOENT means a missing object, unless the whole store folder is gone (a vanished mount). */
  private async missingOrOutage(key: string, operation: string, error: unknown): Promise<Error> {
    if (isErrno(error) && ['ENOENT', 'ENOTDIR', 'EISDIR', 'ERR_FS_EISDIR'].includes(error.code ?? '')) {
      const rootPresent = await stat(this.root).then(
        (s) => s.isDirectory(),
        () => false,
      );
      if (rootPresent) return new ObjectNotFoundError(key);
    }
    return this.outage(operation, error);
  }

  private outage(operation: string, error: unknown): Error {
    return storageFailure(operation, error, isErrno(error) ? error.code : undefined);
  }
}

function isErrno(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

/** Inclusive byte span of `range` within an object of `size`, or null when the object is empty. */
function resolveRange(range: ByteRange | undefined, size: number): { start: number; end: number } | null {
  if (!range) return size === 0 ? null : { start: 0, end: size - 1 };
  if (range.start >= size) throw new RangeNotSatisfiableError(size);
  return { start: range.start, end: Math.min(range.end ?? size - 1, size - 1) };
}

async function readHeaderBytes(handle: FileHandle): Promise<Buffer> {
  const buffer = Buffer.alloc(HEADER_BYTES);
  const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
  return buffer.subarray(0, bytesRead);
}

function emptyStream(handle: FileHandle): Readable {
  void handle.close().catch(() => {});
  const stream = new PassThrough();
  stream.end();
  return stream;
}

/** A rename is durable only once its directory entry is on disk. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
