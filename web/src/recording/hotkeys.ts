// The recorder's keyboard shortcuts (configurable per browser, no patient data). Keys are written
// as "Ctrl+Shift+F9": modifiers in a fixed order, then the key.
import type { MicAction } from './dictationMics';

export type RecorderKeys = Record<MicAction, string>;

export const DEFAULT_RECORDER_KEYS: RecorderKeys = {
  record: 'F9',
  stop: 'F10',
  rewind: 'F6',
  play: 'F7',
  forward: 'F8',
  insOvr: 'F4',
  send: 'Ctrl+Shift+Enter',
};

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

const MODIFIER_KEYS = new Set(['Control', 'Alt', 'Shift', 'Meta']);

/** "Ctrl+Shift+F9" for a key event; '' for a bare modifier. */
export function comboOf(e: KeyLike): string {
  if (MODIFIER_KEYS.has(e.key)) return '';
  const key = e.key === ' ' ? 'Space' : e.key.length === 1 ? e.key.toUpperCase() : e.key;
  return [e.ctrlKey && 'Ctrl', e.altKey && 'Alt', e.shiftKey && 'Shift', e.metaKey && 'Meta', key]
    .filter(Boolean)
    .join('+');
}

/** The action bound to a key event, if any. */
export function actionFor(e: KeyLike, keys: RecorderKeys): MicAction | null {
  const c = comboOf(e);
  if (!c) return null;
  for (const [a, k] of Object.entries(keys) as [MicAction, string][]) if (k && k === c) return a;
  return null;
}

const STORE = 'dictum.recorderKeys';

export function loadRecorderKeys(): RecorderKeys {
  try {
    const raw = localStorage.getItem(STORE);
    return raw
      ? { ...DEFAULT_RECORDER_KEYS, ...(JSON.parse(raw) as Partial<RecorderKeys>) }
      : DEFAULT_RECORDER_KEYS;
  } catch {
    return DEFAULT_RECORDER_KEYS;
  }
}

export function saveRecorderKeys(keys: RecorderKeys) {
  localStorage.setItem(STORE, JSON.stringify(keys));
}
