// Per-browser editor settings (hotkeys, playback). No patient data here.
import { useSyncExternalStore } from 'react';

export type Action =
  | 'playPause'
  | 'rewind'
  | 'forward'
  | 'slower'
  | 'faster'
  | 'insertBlank'
  | 'playFromCaret'
  | 'toggleLowConfidence'
  | 'save'
  | 'finalize'
  | 'playWhileHeld'
  | 'playSelection'
  | 'loopSelection'
  | 'nextUncertain'
  | 'prevUncertain'
  | 'nextBlank'
  | 'prevBlank'
  | 'acceptWord'
  | 'insertNormal';

export const ACTIONS: { id: Action; label: string }[] = [
  { id: 'playPause', label: 'Play / pause' },
  { id: 'rewind', label: 'Rewind' },
  { id: 'forward', label: 'Fast forward' },
  { id: 'slower', label: 'Slower' },
  { id: 'faster', label: 'Faster' },
  { id: 'insertBlank', label: 'Insert blank' },
  { id: 'playFromCaret', label: 'Play from the word at the cursor' },
  { id: 'toggleLowConfidence', label: 'Show / hide low-confidence words' },
  { id: 'save', label: 'Save now' },
  { id: 'finalize', label: 'Finalize' },
  { id: 'playWhileHeld', label: 'Play while held (key-emulating pedals)' },
  { id: 'playSelection', label: 'Play the selected words only' },
  { id: 'loopSelection', label: 'Loop the selected words (again to stop)' },
  { id: 'nextUncertain', label: 'Next low-confidence word' },
  { id: 'prevUncertain', label: 'Previous low-confidence word' },
  { id: 'nextBlank', label: 'Next blank' },
  { id: 'prevBlank', label: 'Previous blank' },
  { id: 'acceptWord', label: 'Accept word (clear its low-confidence mark)' },
  { id: 'insertNormal', label: "Insert the normal (the author's, else mine) for this work type" },
];

export interface Settings {
  hotkeys: Record<Action, string>;
  /** Seconds rewound when playback resumes (0 = off). */
  autoRewindSec: number;
  /** Seconds per rewind / forward press. */
  skipSec: number;
  rate: number;
  /** Foot pedal middle pedal: play while held, or toggle on press. */
  pedalMode: 'hold' | 'toggle';
  showLowConfidence: boolean;
  followPlayback: boolean;
  /** After finalizing, claim and open the next job of the worklist. */
  nextJobAfterFinalize: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  hotkeys: {
    playPause: 'F4',
    rewind: 'F7',
    forward: 'F8',
    slower: 'F9',
    faster: 'F10',
    insertBlank: 'F2',
    playFromCaret: 'Alt+P',
    toggleLowConfidence: 'Alt+L',
    save: 'Ctrl+S',
    finalize: 'Ctrl+Enter',
    playWhileHeld: '',
    playSelection: 'Alt+S',
    loopSelection: 'Alt+Shift+S',
    nextUncertain: 'Alt+N',
    prevUncertain: 'Alt+Shift+N',
    nextBlank: 'Alt+B',
    prevBlank: 'Alt+Shift+B',
    acceptWord: 'Alt+A',
    insertNormal: 'Alt+R',
  },
  autoRewindSec: 1.5,
  skipSec: 3,
  rate: 1,
  pedalMode: 'hold',
  showLowConfidence: true,
  followPlayback: true,
  nextJobAfterFinalize: true,
};

const KEY = 'dictum.settings';
let current: Settings = load();
const listeners = new Set<() => void>();

function load(): Settings {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return DEFAULT_SETTINGS;
    const s = JSON.parse(raw) as Partial<Settings>;
    return { ...DEFAULT_SETTINGS, ...s, hotkeys: { ...DEFAULT_SETTINGS.hotkeys, ...(s.hotkeys ?? {}) } };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export function getSettings(): Settings {
  return current;
}

export function updateSettings(patch: Partial<Settings>) {
  current = { ...current, ...patch, hotkeys: { ...current.hotkeys, ...(patch.hotkeys ?? {}) } };
  try {
    localStorage.setItem(KEY, JSON.stringify(current));
  } catch {
    /* storage full or disabled */
  }
  for (const l of listeners) l();
}

export function useSettings(): Settings {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

/** "Ctrl+Shift+F7" for a keyboard event (letters and digits by physical key, so Alt works on macOS). */
export function keyName(e: KeyboardEvent): string {
  let k = e.key;
  if (/^Key[A-Z]$/.test(e.code)) k = e.code.slice(3);
  else if (/^Digit\d$/.test(e.code)) k = e.code.slice(5);
  else if (k === ' ') k = 'Space';
  else if (k.length === 1) k = k.toUpperCase();
  if (['Control', 'Shift', 'Alt', 'Meta'].includes(k)) return '';
  const mods = [
    e.ctrlKey || e.metaKey ? 'Ctrl' : '',
    e.altKey ? 'Alt' : '',
    e.shiftKey ? 'Shift' : '',
  ].filter(Boolean);
  return [...mods, k].join('+');
}

export function actionFor(e: KeyboardEvent, s: Settings = current): Action | null {
  const name = keyName(e);
  if (!name) return null;
  for (const a of ACTIONS) if (s.hotkeys[a.id] === name) return a.id;
  return null;
}
