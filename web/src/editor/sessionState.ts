// The small UI state of the editor screen and its store. React subscribes to it; it changes a few
// times per save, never per keystroke or per audio frame. The session and its controllers
// (autosave, blanks, spelling, snippets) all write through the one store.
import type { Blank, Dictation, TextExpander, WorkType } from '../api/types';
import type { AuthorContext, TextSnippet } from '../api/worklist-stats';
import { getSettings } from '../lib/settings';
import { webHidSupported } from './footPedal';
import type { Player } from './Player';
import type { SpellTarget } from './spellMarks';
import type { TranscriptEditor } from './TranscriptEditor';

export type SaveStatus =
  | 'saved'
  | 'dirty'
  | 'saving'
  | 'conflict'
  | 'offline'
  | 'unauthenticated'
  | 'not-claimed'
  | 'error';

export interface UiBlank extends Blank {
  pending?: boolean;
}

export interface UiState {
  phase: 'loading' | 'ready' | 'error';
  error: string | null;
  dictation: Dictation | null;
  workType: WorkType | null;
  engine: string | null;
  /** No engine draft: transcribing from the audio (after TRANSCRIPTION_FAILED). */
  manual: boolean;
  save: {
    status: SaveStatus;
    serverVersion: number | null;
    savedAt: number | null;
    message: string | null;
    conflictVersion: number | null;
  };
  /** Shown once after loading: unsaved text from this browser was restored. */
  restoredAt: string | null;
  blanks: UiBlank[];
  playing: boolean;
  rate: number;
  duration: number;
  audioError: string | null;
  pedal: { supported: boolean; name: string | null };
  expanders: TextExpander[];
  /** The suggestions menu of a misspelled word (right-click or Ctrl+.). */
  spellMenu: { target: SpellTarget; suggestions: string[] } | null;
  /** Patient DOB/sex, the author's preferences and earlier notes (null until loaded or if refused). */
  context: AuthorContext | null;
  /** My finalized lines and jobs today (the header shows them). */
  today: { lines: number; jobs: number } | null;
  /** My and this author's expanders and normals (looked up before the shared expanders). */
  snippets: TextSnippet[];
}

export class UiStore {
  private state: UiState = {
    phase: 'loading',
    error: null,
    dictation: null,
    workType: null,
    engine: null,
    manual: false,
    save: { status: 'saved', serverVersion: null, savedAt: null, message: null, conflictVersion: null },
    restoredAt: null,
    blanks: [],
    playing: false,
    rate: getSettings().rate,
    duration: 0,
    audioError: null,
    pedal: { supported: webHidSupported(), name: null },
    expanders: [],
    spellMenu: null,
    context: null,
    today: null,
    snippets: [],
  };
  private listeners = new Set<() => void>();

  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  get = () => this.state;

  set(patch: Partial<UiState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  setSave(patch: Partial<UiState['save']>) {
    this.set({ save: { ...this.state.save, ...patch } });
  }
}

/** What the session's controllers see of it. The editor and player exist once the job has loaded. */
export interface SessionContext {
  readonly dictationId: string;
  readonly userId: string;
  readonly store: UiStore;
  readonly editor: TranscriptEditor | null;
  readonly player: Player | null;
  /** The screen was left: late answers must not touch the state any more. */
  readonly destroyed: boolean;
}
