// Unsent recordings live in IndexedDB, encrypted at rest: AES-GCM with a 256-bit WebCrypto key
// that is generated non-extractable and kept in the same database (IndexedDB stores CryptoKey
// objects; script can use the key but never read its bytes, and copying the database files off
// the disk yields ciphertext only). Audio chunks and the patient details are encrypted; only
// ids, times, lengths and states are plain, so the outbox can be listed and retried.

const DB_NAME = 'dictum-outbox';
const DB_VERSION = 1;
export const RECORDINGS = 'recordings';
export const CHUNKS = 'chunks';
const KEYS = 'keys';

export interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

let dbPromise: Promise<IDBDatabase> | null = null;

export function openDb(): Promise<IDBDatabase> {
  dbPromise ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(KEYS)) db.createObjectStore(KEYS);
      if (!db.objectStoreNames.contains(RECORDINGS)) db.createObjectStore(RECORDINGS, { keyPath: 'id' });
      // [recordingId, takeId, seq]: one take's chunks read back in order by a key range.
      if (!db.objectStoreNames.contains(CHUNKS)) db.createObjectStore(CHUNKS);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => {
      dbPromise = null;
      reject(req.error);
    };
  });
  return dbPromise;
}

export function reqP<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Run `fn` in one transaction; resolves when the transaction has committed. */
export async function tx<T>(
  stores: string[],
  mode: IDBTransactionMode,
  fn: (t: IDBTransaction) => Promise<T> | T,
): Promise<T> {
  const db = await openDb();
  const t = db.transaction(stores, mode);
  const done = new Promise<void>((resolve, reject) => {
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error ?? new Error('transaction aborted'));
  });
  try {
    const result = await fn(t);
    await done;
    return result;
  } catch (e) {
    // Roll back what `fn` did, and do not leave the commit promise's rejection unhandled.
    done.catch(() => {});
    try {
      t.abort();
    } catch {
      /* already finished */
    }
    throw e;
  }
}

let keyPromise: Promise<CryptoKey> | null = null;

/** The device's outbox key: created once, non-extractable, kept in IndexedDB. */
export function outboxKey(): Promise<CryptoKey> {
  keyPromise ??= (async () => {
    const existing = await tx([KEYS], 'readonly', (t) => reqP(t.objectStore(KEYS).get('aes-gcm')));
    if (existing) return existing as CryptoKey;
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
      'decrypt',
    ]);
    // Another tab may have stored one meanwhile: `add` fails then, and that tab's key wins.
    try {
      await tx([KEYS], 'readwrite', (t) => reqP(t.objectStore(KEYS).add(key, 'aes-gcm')));
      return key;
    } catch {
      return (await tx([KEYS], 'readonly', (t) => reqP(t.objectStore(KEYS).get('aes-gcm')))) as CryptoKey;
    }
  })().catch((e) => {
    keyPromise = null;
    throw e;
  });
  return keyPromise;
}

export async function seal(plain: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await outboxKey(), plain);
  return { iv, data };
}

export async function unseal(s: Sealed): Promise<ArrayBuffer> {
  return crypto.subtle.decrypt({ name: 'AES-GCM', iv: s.iv }, await outboxKey(), s.data);
}

export async function sealJson(value: unknown): Promise<Sealed> {
  return seal(new TextEncoder().encode(JSON.stringify(value)));
}

export async function unsealJson<T>(s: Sealed): Promise<T> {
  return JSON.parse(new TextDecoder().decode(await unseal(s))) as T;
}
