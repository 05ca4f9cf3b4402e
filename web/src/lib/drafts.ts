// Unsaved editor text kept in localStorage so it survives a reload or an expired session.
// Keyed by user and dictation; all of them are removed on sign-out.
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

const key = (userId: string, dictationId: string) => `${PREFIX}${userId}.${dictationId}`;

export function readDraft(userId: string, dictationId: string): LocalDraft | null {
  try {
    const raw = localStorage.getItem(key(userId, dictationId));
    return raw ? (JSON.parse(raw) as LocalDraft) : null;
  } catch {
    return null;
  }
}

export function writeDraft(userId: string, d: LocalDraft): boolean {
  try {
    localStorage.setItem(key(userId, d.dictationId), JSON.stringify(d));
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

/** On sign-out: no patient text stays in the browser. */
export function clearAllDrafts() {
  for (const k of listDrafts()) localStorage.removeItem(k);
}
