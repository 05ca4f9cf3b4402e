import { beforeEach, describe, expect, it } from 'vitest';
import { clearAllDrafts, readDraft, setDraftKey, writeDraft } from './drafts';

// A Map-backed localStorage (the node test environment has none).
class MemoryStorage {
  private m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  values() {
    return [...this.m.values()];
  }
}

const KEY = btoa(String.fromCharCode(...new Uint8Array(32).map((_, i) => i * 7)));
const OTHER = btoa(String.fromCharCode(...new Uint8Array(32).fill(9)));
const draft = {
  dictationId: 'd1',
  baseVersion: 3,
  text: 'Patient Canary McTest has chest pain.',
  words: [],
  savedAt: '2026-12-06T00:00:00Z',
};

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  (globalThis as { localStorage?: unknown }).localStorage = storage;
  setDraftKey(KEY);
});

describe('local drafts', () => {
  it('store no readable transcript text, and read back with the same key', () => {
    expect(writeDraft('u1', draft)).toBe(true);
    expect(storage.values().join()).not.toContain('Canary');
    expect(storage.values().join()).not.toContain('chest');
    expect(readDraft('u1', 'd1')).toEqual(draft);
  });

  it('after the key is gone (reload, expiry) nothing is readable until the same user signs in again', () => {
    writeDraft('u1', draft);
    setDraftKey(null);
    expect(readDraft('u1', 'd1')).toBeNull();
    expect(writeDraft('u1', draft)).toBe(false);
    setDraftKey(OTHER);
    expect(readDraft('u1', 'd1')).toBeNull();
    setDraftKey(KEY);
    expect(readDraft('u1', 'd1')?.text).toBe(draft.text);
  });

  it('a draft moved to another user or dictation does not open', () => {
    writeDraft('u1', draft);
    const sealed = storage.getItem('dictum.draft.u1.d1')!;
    storage.setItem('dictum.draft.u2.d1', sealed);
    expect(readDraft('u2', 'd1')).toBeNull();
  });

  it('sign-out removes every draft', () => {
    writeDraft('u1', draft);
    clearAllDrafts();
    expect(storage.length).toBe(0);
  });
});
