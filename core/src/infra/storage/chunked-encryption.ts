import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { ObjectIntegrityError, StorageUnavailableError } from './object-store';

// Encryption at rest for the filesystem driver. Audio is seekable (HTTP Range for playback), so an
// object is sealed as independent fixed-size AES-256-GCM chunks rather than one GCM stream: a range
// read decrypts only the chunks it covers, and every chunk is authenticated before a byte of it is
// released. Each object gets a random data key, wrapped by the master key in the header, so the
// master key never encrypts bulk data and one leaked data key exposes one object.
//
// File layout:  header (88 bytes) | chunk 0 | chunk 1 | ... | final chunk
//   chunk i = AES-256-GCM(dataKey, nonce = prefix(7) | i (u32 BE) | final (u8), aad = header) | tag(16)
// Every chunk holds CHUNK_BYTES of plaintext except the final one (0..CHUNK_BYTES). The final flag
// in the nonce makes truncation at a chunk boundary and appended chunks fail authentication.

export const CHUNK_BYTES = 64 * 1024;
export const HEADER_BYTES = 88;
const TAG_BYTES = 16;
const MAGIC = Buffer.from('DCTM', 'ascii');
/**
 * 1: the wrapped data key is bound to the header only. 2 (written since): it is also bound to the
 * object's storage key, so swapping two files (or copying one over another) fails authentication
 * instead of serving one patient's audio as another's. Version 1 objects stay readable.
 */
const VERSION = 2;
const SUPPORTED_VERSIONS = [1, 2];
/** Bytes of the header the wrapped key is bound to: magic, version, chunk size, key id. */
const WRAP_AAD_BYTES = 20;

export interface SealedHeader {
  bytes: Buffer;
  chunkBytes: number;
  noncePrefix: Buffer;
}

export interface OpenedHeader extends SealedHeader {
  dataKey: Buffer;
}

/** Identifies the master key without revealing it, so a wrong key is told apart from tampering. */
export function masterKeyId(masterKey: Buffer): Buffer {
  return createHmac('sha256', masterKey).update('dictum object store key id v1').digest().subarray(0, 8);
}

export function assertMasterKey(masterKey: Buffer): void {
  if (!Buffer.isBuffer(masterKey) || masterKey.length !== 32) {
    throw new Error('storage encryption key must be 32 bytes');
  }
}

/** What the wrapped data key is authenticated with: the header's first bytes, and (v2) the storage key. */
function wrapAad(header: Buffer, objectKey: string | undefined): Buffer {
  const fixed = header.subarray(0, WRAP_AAD_BYTES);
  if (header.readUInt8(4) < 2) return fixed;
  if (objectKey === undefined) throw new Error('an encrypted object is bound to its storage key');
  return Buffer.concat([fixed, Buffer.from(objectKey, 'utf8')]);
}

function newHeader(masterKey: Buffer, objectKey: string): OpenedHeader {
  const dataKey = randomBytes(32);
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt8(VERSION, 4);
  header.writeUInt32BE(CHUNK_BYTES, 8);
  masterKeyId(masterKey).copy(header, 12);
  const wrapNonce = randomBytes(12);
  wrapNonce.copy(header, 20);
  const wrap = createCipheriv('aes-256-gcm', masterKey, wrapNonce);
  wrap.setAAD(wrapAad(header, objectKey));
  const wrapped = Buffer.concat([wrap.update(dataKey), wrap.final()]);
  wrapped.copy(header, 32);
  wrap.getAuthTag().copy(header, 64);
  const noncePrefix = randomBytes(7);
  noncePrefix.copy(header, 80);
  return { bytes: header, chunkBytes: CHUNK_BYTES, noncePrefix, dataKey };
}

/** Checks the header's shape without touching key material (enough for stat). */
export function parseHeader(bytes: Buffer): SealedHeader {
  if (bytes.length < HEADER_BYTES || !bytes.subarray(0, 4).equals(MAGIC)) {
    throw new ObjectIntegrityError('object is not in the encrypted format');
  }
  if (!SUPPORTED_VERSIONS.includes(bytes.readUInt8(4)))
    throw new ObjectIntegrityError('unsupported encrypted object version');
  const chunkBytes = bytes.readUInt32BE(8);
  if (chunkBytes < 1024 || chunkBytes > 16 * 1024 * 1024) {
    throw new ObjectIntegrityError('object header is corrupt');
  }
  const header = Buffer.from(bytes.subarray(0, HEADER_BYTES));
  return { bytes: header, chunkBytes, noncePrefix: header.subarray(80, 87) };
}

/** `objectKey`: the storage key the object was read from (version 2 objects are bound to it). */
export function openHeader(bytes: Buffer, masterKey: Buffer, objectKey?: string): OpenedHeader {
  const header = parseHeader(bytes);
  // A different key is a deployment mistake to fix and retry, not damage to the object.
  if (!header.bytes.subarray(12, 20).equals(masterKeyId(masterKey))) {
    throw new StorageUnavailableError('object was encrypted with a different storage key');
  }
  try {
    const unwrap = createDecipheriv('aes-256-gcm', masterKey, header.bytes.subarray(20, 32));
    unwrap.setAAD(wrapAad(header.bytes, objectKey));
    unwrap.setAuthTag(header.bytes.subarray(64, 80));
    const dataKey = Buffer.concat([unwrap.update(header.bytes.subarray(32, 64)), unwrap.final()]);
    return { ...header, dataKey };
  } catch (cause) {
    throw new ObjectIntegrityError('object header failed its integrity check', { cause });
  }
}

function chunkNonce(prefix: Buffer, index: number, final: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0);
  nonce.writeUInt32BE(index, 7);
  nonce.writeUInt8(final ? 1 : 0, 11);
  return nonce;
}

/** Number of chunks and plaintext size of an encrypted file of `fileBytes`. */
export function encryptedLayout(
  fileBytes: number,
  chunkBytes: number,
): { chunks: number; plaintextBytes: number } {
  const body = fileBytes - HEADER_BYTES;
  const record = chunkBytes + TAG_BYTES;
  const chunks = Math.ceil(body / record);
  const lastRecord = body - (chunks - 1) * record;
  if (body < TAG_BYTES || lastRecord < TAG_BYTES) throw new ObjectIntegrityError('object is truncated');
  return { chunks, plaintextBytes: body - chunks * TAG_BYTES };
}

/** File offsets (inclusive) holding the plaintext bytes `start..end` (inclusive). */
export function encryptedSpan(start: number, end: number, chunkBytes: number, fileBytes: number) {
  const record = chunkBytes + TAG_BYTES;
  const firstChunk = Math.floor(start / chunkBytes);
  const lastChunk = Math.floor(end / chunkBytes);
  return {
    firstChunk,
    fileStart: HEADER_BYTES + firstChunk * record,
    fileEnd: Math.min(fileBytes, HEADER_BYTES + (lastChunk + 1) * record) - 1,
  };
}

/** Plaintext in, header + sealed chunks out. */
export class EncryptStream extends Transform {
  private readonly header: OpenedHeader;
  private pending: Buffer = Buffer.alloc(0);
  private index = 0;
  private headerSent = false;

  /** `objectKey`: the storage key the object is written under; decrypting it elsewhere fails. */
  constructor(masterKey: Buffer, objectKey: string) {
    super();
    assertMasterKey(masterKey);
    this.header = newHeader(masterKey, objectKey);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.sendHeader();
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const size = this.header.chunkBytes;
    let offset = 0;
    // Strictly more than a chunk: the last full chunk may turn out to be the final one.
    while (this.pending.length - offset > size) {
      this.seal(this.pending.subarray(offset, offset + size), false);
      offset += size;
    }
    this.pending = this.pending.subarray(offset);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.sendHeader();
    this.seal(this.pending, true);
    this.pending = Buffer.alloc(0);
    callback();
  }

  private sendHeader(): void {
    if (this.headerSent) return;
    this.headerSent = true;
    this.push(this.header.bytes);
  }

  private seal(plaintext: Buffer, final: boolean): void {
    const { dataKey, noncePrefix, bytes } = this.header;
    const cipher = createCipheriv('aes-256-gcm', dataKey, chunkNonce(noncePrefix, this.index++, final));
    cipher.setAAD(bytes);
    const sealed = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    this.push(sealed);
  }
}

export interface DecryptOptions {
  header: OpenedHeader;
  /** Total chunks in the object, to know which one carries the final flag. */
  chunks: number;
  /** Index of the first chunk the incoming ciphertext starts with. */
  firstChunk: number;
  /** Plaintext bytes wanted, inclusive offsets within the whole object. */
  start: number;
  end: number;
  plaintextBytes: number;
}

/** Sealed chunks in (starting at a chunk boundary), verified plaintext of the wanted range out. */
export class DecryptStream extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  private index: number;

  constructor(private readonly o: DecryptOptions) {
    super();
    this.index = o.firstChunk;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    try {
      let offset = 0;
      for (let need = this.recordBytes(); need > 0 && this.pending.length - offset >= need; ) {
        this.open(this.pending.subarray(offset, offset + need));
        offset += need;
        need = this.recordBytes();
      }
      this.pending = this.pending.subarray(offset);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    const lastWanted = Math.floor(this.o.end / this.o.header.chunkBytes);
    if (this.pending.length || this.index <= lastWanted) {
      callback(new ObjectIntegrityError('object is truncated'));
      return;
    }
    callback();
  }

  /** Size of the next sealed chunk, or 0 once past the object's end. */
  private recordBytes(): number {
    const { chunks, plaintextBytes, header } = this.o;
    if (this.index >= chunks) return 0;
    const plain = Math.min(header.chunkBytes, plaintextBytes - this.index * header.chunkBytes);
    return plain + TAG_BYTES;
  }

  private open(record: Buffer): void {
    const { header, chunks, start, end } = this.o;
    let plaintext: Buffer;
    try {
      const nonce = chunkNonce(header.noncePrefix, this.index, this.index === chunks - 1);
      const decipher = createDecipheriv('aes-256-gcm', header.dataKey, nonce);
      decipher.setAAD(header.bytes);
      decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
      plaintext = Buffer.concat([
        decipher.update(record.subarray(0, record.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch (cause) {
      throw new ObjectIntegrityError('object failed its integrity check', { cause });
    }
    const chunkStart = this.index * header.chunkBytes;
    this.index++;
    const from = Math.max(0, start - chunkStart);
    const to = Math.min(plaintext.length, end + 1 - chunkStart);
    if (to > from) this.push(plaintext.subarray(from, to));
  }
}
