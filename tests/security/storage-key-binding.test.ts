import { createCipheriv, randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { CHUNK_BYTES, HEADER_BYTES, masterKeyId } from '@dictum/core/infra/storage/chunked-encryption';
import { FsObjectStore } from '@dictum/core/infra/storage/fs-object-store';
import { ObjectIntegrityError } from '@dictum/core/infra/storage/object-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// Encrypted objects of the filesystem driver are bound to their storage key (AES-GCM additional
// data): whoever can write the folder but not read the key cannot swap two patients' recordings,
// or copy one over another, without the read failing.

let dir: string;
let store: FsObjectStore;
const key = randomBytes(32);

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dictum-binding-'));
  store = new FsObjectStore({ dir, encryptionKey: key });
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const fileOf = (objectKey: string) => path.join(dir, ...objectKey.split('/'));

async function read(objectKey: string, range?: { start: number; end?: number }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.get(objectKey, range)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function put(objectKey: string, data: Buffer) {
  await store.put(objectKey, Readable.from([data]));
}

/** An object as the previous version (1) wrote it: the data key bound to the header only. */
function sealVersion1(plaintext: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  Buffer.from('DCTM').copy(header, 0);
  header.writeUInt8(1, 4);
  header.writeUInt32BE(CHUNK_BYTES, 8);
  masterKeyId(key).copy(header, 12);
  const dataKey = randomBytes(32);
  const wrapNonce = randomBytes(12);
  wrapNonce.copy(header, 20);
  const wrap = createCipheriv('aes-256-gcm', key, wrapNonce);
  wrap.setAAD(header.subarray(0, 20));
  Buffer.concat([wrap.update(dataKey), wrap.final()]).copy(header, 32);
  wrap.getAuthTag().copy(header, 64);
  const prefix = randomBytes(7);
  prefix.copy(header, 80);
  const parts = [header];
  const chunks = Math.max(1, Math.ceil(plaintext.length / CHUNK_BYTES));
  for (let i = 0; i < chunks; i++) {
    const nonce = Buffer.alloc(12);
    prefix.copy(nonce, 0);
    nonce.writeUInt32BE(i, 7);
    nonce.writeUInt8(i === chunks - 1 ? 1 : 0, 11);
    const cipher = createCipheriv('aes-256-gcm', dataKey, nonce);
    cipher.setAAD(header);
    const slice = plaintext.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES);
    parts.push(cipher.update(slice), cipher.final(), cipher.getAuthTag());
  }
  return Buffer.concat(parts);
}

describe('encrypted objects are bound to their storage key', () => {
  it('two swapped files both fail to read; each still reads in place', async () => {
    const a = randomBytes(150_000);
    const b = randomBytes(90_000);
    await put('audio/2026/12/patient-a', a);
    await put('audio/2026/12/patient-b', b);
    expect((await read('audio/2026/12/patient-a')).equals(a)).toBe(true);
    expect(
      (await read('audio/2026/12/patient-b', { start: 100, end: 199 })).equals(b.subarray(100, 200)),
    ).toBe(true);
    const fileA = await readFile(fileOf('audio/2026/12/patient-a'));
    await copyFile(fileOf('audio/2026/12/patient-b'), fileOf('audio/2026/12/patient-a'));
    await writeFile(fileOf('audio/2026/12/patient-b'), fileA);
    await expect(read('audio/2026/12/patient-a')).rejects.toBeInstanceOf(ObjectIntegrityError);
    await expect(read('audio/2026/12/patient-b')).rejects.toBeInstanceOf(ObjectIntegrityError);
    await expect(read('audio/2026/12/patient-b', { start: 0, end: 10 })).rejects.toBeInstanceOf(
      ObjectIntegrityError,
    );
  });

  it('a copy under another key (or a similar-looking one) fails', async () => {
    const a = randomBytes(1000);
    await put('audio/2026/12/x1', a);
    for (const other of ['audio/2026/12/x2', 'audio/2026/12/x1-', 'audio/2026/11/x1']) {
      await mkdir(path.dirname(fileOf(other)), { recursive: true });
      await copyFile(fileOf('audio/2026/12/x1'), fileOf(other));
      await expect(read(other), other).rejects.toBeInstanceOf(ObjectIntegrityError);
    }
  });

  it('objects written before the change (version 1) still read', async () => {
    const plain = randomBytes(CHUNK_BYTES + 1234);
    await mkdir(path.dirname(fileOf('audio/2025/01/old')), { recursive: true });
    await writeFile(fileOf('audio/2025/01/old'), sealVersion1(plain));
    expect((await read('audio/2025/01/old')).equals(plain)).toBe(true);
    expect((await read('audio/2025/01/old', { start: CHUNK_BYTES - 5, end: CHUNK_BYTES + 5 })).length).toBe(
      11,
    );
    expect((await store.stat('audio/2025/01/old'))?.sizeBytes).toBe(plain.length);
  });

  it('turning a new object into a "version 1" one to drop the binding fails', async () => {
    await put('audio/2026/12/v2', randomBytes(500));
    const bytes = await readFile(fileOf('audio/2026/12/v2'));
    expect(bytes.readUInt8(4)).toBe(2);
    bytes.writeUInt8(1, 4);
    await writeFile(fileOf('audio/2026/12/v2'), bytes);
    await expect(read('audio/2026/12/v2')).rejects.toBeInstanceOf(ObjectIntegrityError);
  });
});
