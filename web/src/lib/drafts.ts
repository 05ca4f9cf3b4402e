// Unsaved editor text kept in localStorage so it survives a reload or an expired session, encrypted
// (AES-256-GCM) under a key the server gives a signed-in session. The key lives in page memory only:
// after sign-out, session expiry and a closed tab, localStorage holds ciphertext nobody on the device
// can read; signing in again as the same user brings the same key back, and with it the text.
// Synchronous on purpose (noble's AES-GCM, not WebCrypto): the last write on `pagehide` must land
// before the page is gone. Keyed by user and dictation; all of them are removed on sign-out.
import { gcm } from '@noble/ciphers/aes.js';
import type { TranscriptWord } from '../api/types';

const PREFIX = 'dictum.draft.';

export interface LocalDraft {
  dictationId: string;
  /** The server version the local text was based on (null: none yet). */
  baseVersion: number | null;
  text: string;
  words: TranscriptWord[];
  savedAt: string;
}

let draftKey: Uint8Array | null = null;

/** Given by sign-in (or /auth/me); null on sign-out. */
export function setDraftKey(base64: string | null | undefined) {
  draftKey = base64 ? Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)) : null;
}

const key = (userId: string, dictationId: string) => `${PREFIX}${userId}.${dictationId}`;
const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

function seal(plain: string, aad: string): string {
  if (!draftKey) throw new Error('no draft key');
  const nonce = crypto.getRandomValues(new Uint8Array(12));
  const body = gcm(draftKey, nonce, new TextEncoder().encode(aad)).encrypt(new TextEncoder().encode(plain));
  return JSON.stringify({ v: 1, n: toBase64(nonce), c: toBase64(body) });
}

function open(stored: string, aad: string): string | null {
  if (!draftKey) return null;
  const { v, n, c } = JSON.parse(stored) as { v?: number; n?: string; c?: string };
  if (v !== 1 || !n || !c) return null;
  const plain = gcm(draftKey, fromBase64(n), new TextEncoder().encode(aad)).decrypt(fromBase64(c));
  return new TextDecoder().decode(plain);
}

export function readDraft(userId: string, dictationId: string): LocalDraft | null {
  try {
    const raw = localStorage.getItem(key(userId, dictationId));
    const plain = raw ? open(raw, key(userId, dictationId)) : null;
    return plain ? (JSON.parse(plain) as LocalDraft) : null;
  } catch {
    return null;
  }
}

/** False when the text could not be kept (no key yet, storage full): the caller keeps it in memory. */
export function writeDraft(userId: string, d: LocalDraft): boolean {
  try {
    localStorage.setItem(key(userId, d.dictationId), seal(JSON.stringify(d), key(userId, d.dictationId)));
    return true;
  } catch {
    return false;
  }
}

export function clearDraft(userId: string, dictationId: string) {
  localStorage.removeItem(key(userId, dictationId));
}

export function listDrafts(userId?: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    if (k?.startsWith(PREFIX) && (!userId || k.startsWith(`${PREFIX}${userId}.`))) out.push(k);
  }
  return out;
}

/** On sign-out: no patient text stays in the browser, and the key leaves page memory. */
export function clearAllDrafts() {
  for (const k of listDrafts()) localStorage.removeItem(k);
  draftKey = null;
}
