// Everything the editor screen does that is not drawing React: loading the job, the transcript
// editor, the player, the pedal, autosave with If-Match versions, the local copy of unsaved text,
// blanks. React subscribes to a small UI state that changes a few times per save, never per
// keystroke or per audio frame.
import { ApiError, api, errorMessage } from '../api/client';
import type { Blank, BlankStatus, Dictation, TextExpander, Transcript, WorkType } from '../api/types';
import {
  type AuthorContext,
  authorContext,
  snippetsApi,
  type TextSnippet,
  worklistStats,
} from '../api/worklist-stats';
import { clearDraft, type LocalDraft, readDraft, writeDraft } from '../lib/drafts';
import { uuid } from '../lib/format';
import { getSettings } from '../lib/settings';
import { FootPedal, type PedalButton, webHidSupported } from './footPedal';
import { Player } from './Player';
import { SpellingClient } from './spelling';
import { isUncertain, type SpellTarget, TranscriptEditor } from './TranscriptEditor';
import { BLANK_TEXT, looksLikeHeading, type Para, parseDocument, type Word } from './wordModel';

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

const AUTOSAVE_MS = 3000;
/**
 * Autosave waits for a pause in typing (this long), or saves anyway once changes are this old:
 * a version per pause, not one per 3 s of continuous typing (and never one after the first key).
 */
const AUTOSAVE_IDLE_MS = 1200;
const AUTOSAVE_MAX_DIRTY_MS = 10_000;
/** The spell check runs once typing pauses this long (and when other paragraphs scroll into view). */
const SPELL_PAUSE_MS = 700;
/** While a question waits for the author, the blanks are re-read this often to show the answer. */
const BLANK_POLL_MS = 20_000;

export class EditorSession {
  editor: TranscriptEditor | null = null;
  player: Player | null = null;
  private pedal: FootPedal | null = null;
  private state: UiState;
  private listeners = new Set<() => void>();
  private savedEditorVersion = 0;
  private lastSaveAttempt = 0;
  private lastEditAt = 0;
  /** When the unsaved changes began (0: none). */
  private dirtySince = 0;
  private retryAt = 0;
  private retryDelay = 2000;
  private timer: number | null = null;
  private draftTimer: number | null = null;
  private savingPromise: Promise<boolean> | null = null;
  private resolvedHere = new Set<string>();
  private expanders = new Map<string, string>();
  private destroyed = false;
  /** Guards against a load that finishes after destroy() (React StrictMode mounts twice in dev). */
  private loadToken = 0;
  private timeEl: HTMLElement | null = null;
  private disposers: (() => void)[] = [];
  readonly spelling = new SpellingClient();
  private spellTimer: number | null = null;
  private lastBlankPoll = 0;

  constructor(
    readonly dictationId: string,
    readonly userId: string,
  ) {
    this.state = {
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
  }

  // ------------------------------------------------------------ store for React

  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  getState = () => this.state;
  private set(patch: Partial<UiState>) {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
  private setSave(patch: Partial<UiState['save']>) {
    this.set({ save: { ...this.state.save, ...patch } });
  }

  get dirty(): boolean {
    return !!this.editor && this.editor.version !== this.savedEditorVersion;
  }

  // ------------------------------------------------------------ lifecycle

  async load(editorHost: HTMLElement, waveHost: HTMLElement, timeEl: HTMLElement | null) {
    this.timeEl = timeEl;
    const token = ++this.loadToken;
    this.destroyed = false;
    const stale = () => token !== this.loadToken;
    let dictation: Dictation;
    try {
      dictation = await api.dictation(this.dictationId);
      if (dictation.status === 'IN_EDIT' && dictation.assignee && dictation.assignee.id !== this.userId) {
        throw new ApiError(
          409,
          'ALREADY_CLAIMED',
          `This dictation is being edited by ${dictation.assignee.username}.`,
        );
      }
      if (dictation.status === 'DRAFT_READY' || dictation.status === 'TRANSCRIPTION_FAILED') {
        dictation = await api.claim(this.dictationId).catch(async (e) => {
          // A claim of ours that won the race (the page mounted twice while loading): carry on.
          if (!(e instanceof ApiError && e.code === 'ALREADY_CLAIMED')) throw e;
          const now = await api.dictation(this.dictationId);
          if (now.status === 'IN_EDIT' && now.assignee?.id === this.userId) return now;
          throw e;
        });
      } else if (dictation.status !== 'IN_EDIT') {
        throw new ApiError(
          409,
          'WRONG_STATE',
          `This dictation is ${dictation.status.toLowerCase().replace(/_/g, ' ')}; it cannot be edited.`,
        );
      }
    } catch (e) {
      if (!stale()) this.set({ phase: 'error', error: errorMessage(e) });
      return;
    }
    if (stale()) return;
    const [transcript, peaks, blanks, workTypes, expanders] = await Promise.all([
      api.transcript(this.dictationId).catch((e) => {
        if (e instanceof ApiError && (e.code === 'NO_TRANSCRIPT' || e.status === 404)) return null;
        throw e;
      }),
      api.peaks(this.dictationId).catch(() => null),
      api.blanks(this.dictationId).catch(() => [] as Blank[]),
      api.workTypes().catch(() => [] as WorkType[]),
      api.textExpanders().catch(() => [] as TextExpander[]),
    ]).catch((e) => {
      if (!stale()) this.set({ phase: 'error', error: errorMessage(e) });
      return [undefined, null, [], [], []] as const;
    });
    if (stale() || transcript === undefined) return;
    this.expanders.clear();

    for (const x of expanders) this.expanders.set(x.abbreviation.toLowerCase(), x.expansion);
    const workType = workTypes.find((w) => w.code === dictation.workType.code) ?? null;
    const duration = peaks?.durationSec ?? dictation.durationSec ?? 0;

    const editorRoot = document.createElement('div');
    editorHost.replaceChildren(editorRoot);
    this.editor = new TranscriptEditor(editorRoot, {
      onChange: () => this.onEdit(),
      onWordClick: (w) => this.seekToWord(w),
      audioTime: () => this.player?.currentTime ?? 0,
      // Mine first, then the author's, then the shared list.
      expand: (abbr) => this.snippetExpansion(abbr) ?? this.expanders.get(abbr.toLowerCase()),
      onViewChange: () => this.scheduleSpellcheck(SPELL_PAUSE_MS / 2),
      onSpellMenu: (target) => this.openSpellMenu(target),
    });
    // The server's medical spell check replaces the browser's (no word is flagged twice); the
    // browser's comes back if the server has no spell check.
    this.editor.setNativeSpellcheck(!this.spelling.available);
    const s = getSettings();
    this.editor.setLowConfidenceVisible(s.showLowConfidence);
    this.editor.followPlayback = s.followPlayback;

    const serverVersion = transcript?.version ?? null;
    let paras = this.parasFrom(transcript, workType, duration);
    paras = attachBlanks(paras, blanks);
    this.editor.load(paras);
    this.savedEditorVersion = this.editor.version;

    // Unsaved text from an earlier visit (reload, expired session) wins over the server copy; it
    // is never dropped silently.
    let restoredAt: string | null = null;
    let status: SaveStatus = 'saved';
    let conflictVersion: number | null = null;
    let draft = readDraft(this.userId, this.dictationId);
    if (draft && transcript && draft.baseVersion !== serverVersion && draft.text === transcript.text) {
      // A save that left as the page closed made it after all: nothing is unsaved.
      clearDraft(this.userId, this.dictationId);
      draft = null;
    }
    if (draft) {
      this.editor.load(attachBlanks(parseDocument(draft.text, draft.words, duration), blanks));
      restoredAt = draft.savedAt;
      if (draft.baseVersion === serverVersion) status = 'dirty';
      else {
        status = 'conflict';
        conflictVersion = serverVersion;
      }
    }

    this.player = new Player({
      container: waveHost,
      url: api.audioUrl(this.dictationId),
      peaks: peaks?.peaks ?? null,
      duration: duration || null,
      autoRewindSec: s.autoRewindSec,
      onTime: (t) => this.onTime(t),
      onState: () => this.onPlayerState(),
    });
    this.player.setRate(s.rate);

    this.pedal = new FootPedal(
      (b, down) => this.onPedal(b, down),
      () =>
        this.set({ pedal: { supported: webHidSupported(), name: this.pedal?.device?.productName ?? null } }),
    );
    if (webHidSupported()) void this.pedal.reconnect().catch(() => {});

    this.set({
      phase: 'ready',
      dictation,
      workType,
      engine: transcript?.engine ?? null,
      manual: transcript === null || isEmptyDraft(transcript),
      blanks,
      duration,
      restoredAt,
      expanders,
      save: { status, serverVersion, savedAt: null, message: null, conflictVersion },
    });

    this.scheduleSpellcheck(0);
    // Beside the job, not needed to start typing: loaded after the editor is up.
    void authorContext(this.dictationId)
      .then((context) => !stale() && this.set({ context }))
      .catch(() => {});
    void worklistStats()
      .then((st) => !stale() && this.set({ today: st.me.today }))
      .catch(() => {});
    void this.loadSnippets();
    this.timer = window.setInterval(() => this.tick(), 1000);
    const onHide = () => {
      if (document.visibilityState === 'hidden') {
        this.writeLocal();
        void this.saveNow();
      }
    };
    const onPageHide = () => this.writeLocal();
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      this.writeLocal();
      if (this.dirty) e.preventDefault();
    };
    const onBlur = () => {
      if (this.dirty) void this.saveNow();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('beforeunload', onBeforeUnload);
    editorRoot.addEventListener('blur', onBlur);
    window.addEventListener('blur', onBlur);
    this.disposers.push(() => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('beforeunload', onBeforeUnload);
      editorRoot.removeEventListener('blur', onBlur);
      window.removeEventListener('blur', onBlur);
    });
    this.editor.focus();
  }

  destroy() {
    this.loadToken++;
    this.destroyed = true;
    this.writeLocal();
    if (this.timer !== null) clearInterval(this.timer);
    if (this.draftTimer !== null) clearTimeout(this.draftTimer);
    if (this.spellTimer !== null) clearTimeout(this.spellTimer);
    this.timer = this.draftTimer = this.spellTimer = null;
    for (const d of this.disposers) d();
    this.disposers = [];
    this.pedal?.destroy();
    this.player?.destroy();
    this.editor?.destroy();
    this.pedal = null;
    this.player = null;
    this.editor = null;
  }

  private parasFrom(t: Transcript | null, wt: WorkType | null, duration: number): Para[] {
    if (t && !isEmptyDraft(t)) return parseDocument(t.text, t.words ?? [], duration);
    // Manual job: start from the work type's section headings.
    const headings = (wt?.template ?? '')
      .split('\n')
      .map((h) => h.trim())
      .filter(Boolean);
    const text = headings.map((h) => `${h}\n`).join('\n');
    return parseDocument(text, [], 0);
  }

  // ------------------------------------------------------------ editing and saving

  private onEdit() {
    this.lastEditAt = performance.now();
    if (!this.dirtySince) this.dirtySince = this.lastEditAt;
    this.scheduleSpellcheck(SPELL_PAUSE_MS);
    if (this.state.save.status === 'saved') this.setSave({ status: 'dirty' });
    if (this.draftTimer === null)
      this.draftTimer = window.setTimeout(() => {
        this.draftTimer = null;
        this.writeLocal();
      }, 800);
  }

  /** Keep unsaved text in localStorage (cleared once saved). */
  writeLocal() {
    if (!this.editor) return;
    if (!this.dirty && this.state.save.status !== 'conflict') return;
    const { text, words } = this.editor.serialize();
    // In a conflict the base is unknown (-1 never matches), so reopening shows the conflict again.
    const d: LocalDraft = {
      dictationId: this.dictationId,
      baseVersion: this.state.save.status === 'conflict' ? -1 : this.state.save.serverVersion,
      text,
      words,
      savedAt: new Date().toISOString(),
    };
    writeDraft(this.userId, d);
  }

  private tick() {
    if (!this.editor || this.destroyed) return;
    this.pollRoutedBlanks();
    const st = this.state.save.status;
    if (!this.dirty) return;
    if (
      st === 'conflict' ||
      st === 'unauthenticated' ||
      st === 'not-claimed' ||
      st === 'saving' ||
      st === 'error'
    )
      return;
    const now = performance.now();
    if (st === 'offline' && now < this.retryAt) return;
    if (now - this.lastSaveAttempt < AUTOSAVE_MS) return;
    if (now - this.lastEditAt < AUTOSAVE_IDLE_MS && now - this.dirtySince < AUTOSAVE_MAX_DIRTY_MS) return;
    void this.save();
  }

  /** Save now if there is anything to save; resolves true when everything is saved. */
  async saveNow(): Promise<boolean> {
    if (this.savingPromise) await this.savingPromise;
    if (!this.dirty) return this.state.save.status === 'saved';
    const st = this.state.save.status;
    if (st === 'conflict' || st === 'unauthenticated' || st === 'not-claimed') return false;
    return this.save();
  }

  private save(ifMatch?: number | null): Promise<boolean> {
    if (this.savingPromise) return this.savingPromise;
    this.savingPromise = this.doSave(ifMatch).finally(() => {
      this.savingPromise = null;
    });
    return this.savingPromise;
  }

  private async doSave(ifMatch?: number | null): Promise<boolean> {
    const ed = this.editor;
    if (!ed) return false;
    this.lastSaveAttempt = performance.now();
    // Edits from here on are not in this save.
    this.dirtySince = 0;
    const v = ed.version;
    const { text, words } = ed.serialize();
    const base = ifMatch !== undefined ? ifMatch : this.state.save.serverVersion;
    this.setSave({ status: 'saving', message: null });
    try {
      const res = await api.saveTranscript(this.dictationId, base, text, words);
      this.savedEditorVersion = v;
      this.retryDelay = 2000;
      const clean = ed.version === v;
      this.setSave({
        status: clean ? 'saved' : 'dirty',
        serverVersion: res.version,
        savedAt: Date.now(),
        conflictVersion: null,
        message: null,
      });
      if (clean) clearDraft(this.userId, this.dictationId);
      else this.writeLocal();
      void this.syncBlanks();
      return clean;
    } catch (e) {
      this.writeLocal();
      if (e instanceof ApiError) {
        if (e.status === 412) {
          this.setSave({ status: 'conflict', conflictVersion: currentVersionOf(e.body), message: null });
          this.writeLocal();
          return false;
        }
        if (e.status === 409) {
          this.setSave({
            status: 'not-claimed',
            message: e.code === 'NOT_CLAIMED_BY_YOU' ? 'You no longer hold this job.' : e.message,
          });
          return false;
        }
        if (e.status === 401) {
          this.setSave({ status: 'unauthenticated' });
          return false;
        }
        if (e.status === 0 || e.status >= 500 || e.status === 429) {
          this.retryAt = performance.now() + this.retryDelay;
          this.retryDelay = Math.min(30000, this.retryDelay * 2);
          this.setSave({
            status: 'offline',
            message: e.status === 0 ? 'Offline' : `Server error ${e.status}`,
          });
          return false;
        }
      }
      this.setSave({ status: 'error', message: errorMessage(e) });
      return false;
    }
  }

  /** After signing in again (the session had expired), carry on. */
  resume() {
    const st = this.state.save.status;
    if (st === 'unauthenticated' || st === 'offline' || st === 'error') {
      this.setSave({ status: this.dirty ? 'dirty' : 'saved' });
      void this.save();
    }
  }

  async claimAgain() {
    try {
      const d = await api.claim(this.dictationId);
      this.set({ dictation: d });
      this.setSave({ status: 'dirty', message: null });
      await this.save();
    } catch (e) {
      this.setSave({ status: 'not-claimed', message: `Could not claim: ${errorMessage(e)}` });
    }
  }

  /** Conflict: keep my text, saved as a new version on top of the current one. */
  async keepMine() {
    let current = this.state.save.conflictVersion;
    try {
      const t = await api.transcript(this.dictationId);
      current = t.version;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) {
        this.setSave({ message: errorMessage(e) });
        return;
      }
      current = null;
    }
    this.savedEditorVersion = -1; // force a save even if unchanged since the conflict
    await this.save(current);
  }

  /** Conflict: fetch the server's version (to compare or to take). */
  async fetchServer(): Promise<Transcript | null> {
    try {
      return await api.transcript(this.dictationId);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }

  /** Conflict: replace my text with the server's version (the caller has confirmed). */
  async takeServer() {
    const t = await this.fetchServer();
    if (!this.editor) return;
    this.editor.load(
      attachBlanks(this.parasFrom(t, this.state.workType, this.state.duration), this.state.blanks),
    );
    this.savedEditorVersion = this.editor.version;
    clearDraft(this.userId, this.dictationId);
    this.setSave({
      status: 'saved',
      serverVersion: t?.version ?? null,
      conflictVersion: null,
      message: null,
    });
  }

  // ------------------------------------------------------------ blanks

  async addBlank(note: string) {
    if (!this.editor) return;
    const audioTime = this.player?.currentTime ?? 0;
    const tmp = `tmp-${uuid()}`;
    const position = this.editor.insertBlank(tmp, audioTime);
    const local: UiBlank = {
      id: tmp,
      position,
      audioTime,
      note: note || null,
      status: 'OPEN',
      pending: true,
    };
    this.set({ blanks: [...this.state.blanks, local] });
    try {
      const b = await api.addBlank(this.dictationId, { position, audioTime, note: note || undefined });
      this.editor.renameBlank(tmp, b.id);
      this.set({ blanks: this.state.blanks.map((x) => (x.id === tmp ? b : x)) });
    } catch (e) {
      this.set({
        blanks: this.state.blanks.map((x) =>
          x.id === tmp
            ? { ...x, pending: false, note: `${x.note ?? ''} (not saved: ${errorMessage(e)})` }
            : x,
        ),
      });
    }
  }

  async setBlankStatus(id: string, status: BlankStatus) {
    if (id.startsWith('tmp-')) return;
    try {
      const b = await api.updateBlank(this.dictationId, id, { status });
      if (status === 'RESOLVED') this.resolvedHere.add(id);
      this.set({
        blanks: this.state.blanks.map((x) => (x.id === id ? { ...x, ...b, status: b?.status ?? status } : x)),
      });
    } catch (e) {
      this.setSave({ message: `Blank: ${errorMessage(e)}` });
    }
  }

  /** A blank whose "___" was typed over is resolved; one brought back by undo is open again. */
  private async syncBlanks() {
    if (!this.editor) return;
    const present = this.editor.blankIds();
    for (const b of this.state.blanks) {
      if (b.id.startsWith('tmp-')) continue;
      if ((b.status === 'OPEN' || b.status === 'ROUTED_TO_AUTHOR') && !present.has(b.id))
        await this.setBlankStatus(b.id, 'RESOLVED');
      else if (b.status === 'RESOLVED' && present.has(b.id) && this.resolvedHere.has(b.id))
        await this.setBlankStatus(b.id, 'OPEN');
    }
  }

  /** While a blank waits for the author, re-read the blanks now and then to show the answer. */
  private pollRoutedBlanks() {
    const now = performance.now();
    if (now - this.lastBlankPoll < BLANK_POLL_MS) return;
    if (!this.state.blanks.some((b) => b.status === 'ROUTED_TO_AUTHOR')) return;
    this.lastBlankPoll = now;
    void api
      .blanks(this.dictationId)
      .then((server) => {
        const byId = new Map(server.map((b) => [b.id, b]));
        let changed = false;
        const blanks = this.state.blanks.map((b) => {
          const s = byId.get(b.id);
          if (b.status !== 'ROUTED_TO_AUTHOR' || !s || (s.status === b.status && s.answer === b.answer))
            return b;
          changed = true;
          return { ...b, status: s.status, answer: s.answer ?? null, answeredAt: s.answeredAt ?? null };
        });
        if (changed && !this.destroyed) this.set({ blanks });
      })
      .catch(() => {});
  }

  /** Type the author's answer over the blank's "___" (which resolves the blank on the next save). */
  fillBlankWithAnswer(b: Blank) {
    if (!this.editor || !b.answer) return;
    if (this.editor.selectBlank(b.id)) this.editor.insertText(b.answer);
  }

  goToBlank(b: Blank) {
    this.player?.seek(Math.max(0, b.audioTime - 1));
    this.editor?.selectBlank(b.id);
  }

  /** Blanks that block finalizing: open ones, and ones waiting for the author's answer. */
  openBlanks(): UiBlank[] {
    return this.state.blanks.filter((b) => b.status === 'OPEN' || b.status === 'ROUTED_TO_AUTHOR');
  }

  // ------------------------------------------------------------ spelling

  private scheduleSpellcheck(delayMs: number) {
    if (!this.spelling.available || this.destroyed) return;
    if (this.spellTimer !== null) clearTimeout(this.spellTimer);
    this.spellTimer = window.setTimeout(() => {
      this.spellTimer = null;
      void this.runSpellcheck();
    }, delayMs);
  }

  /** Check the words in view that the server has not judged yet; underline the misspelled ones. */
  async runSpellcheck() {
    const ed = this.editor;
    if (!ed || this.destroyed) return;
    const changed = await this.spelling.check(ed.visibleWords());
    if (ed !== this.editor) return;
    if (!this.spelling.available) {
      ed.setNativeSpellcheck(true);
      return;
    }
    if (changed) ed.setMisspelled(this.spelling.misspelled());
  }

  private openSpellMenu(target: SpellTarget) {
    this.player?.pause();
    this.set({ spellMenu: { target, suggestions: this.spelling.suggestions(target.word) } });
  }

  /** Replace the word of the open suggestions menu. */
  applySuggestion(replacement: string) {
    const menu = this.state.spellMenu;
    this.set({ spellMenu: null });
    if (!menu || !this.editor) return;
    this.editor.replaceMisspelled(menu.target, replacement);
    this.editor.focus();
  }

  /** Stop flagging the menu's word in this editor session. */
  ignoreSpelling() {
    const menu = this.state.spellMenu;
    this.set({ spellMenu: null });
    if (!menu || !this.editor) return;
    this.spelling.ignore(menu.target.word);
    this.editor.setMisspelled(this.spelling.misspelled());
    this.editor.focus();
  }

  closeSpellMenu() {
    if (!this.state.spellMenu) return;
    this.set({ spellMenu: null });
    this.editor?.focus();
  }

  // ------------------------------------------------------------ finalize

  /** Save, then sign off. Returns the document id, or throws with a readable message. */
  async finalize(): Promise<string> {
    if (!this.hasContent())
      throw new Error('The transcript is empty. Type what the author dictated before finalizing.');
    const open = this.openBlanks();
    if (open.length)
      throw new Error(
        `${open.length} blank${open.length > 1 ? 's are' : ' is'} still open or waiting for the author. Resolve ${open.length > 1 ? 'them' : 'it'} first.`,
      );
    const saved = (await this.saveNow()) || (!this.dirty && this.state.save.status === 'saved');
    if (!saved)
      throw new Error(
        'The transcript could not be saved, so it was not finalized. See the message above the audio.',
      );
    await this.syncBlanks();
    try {
      const res = await api.finalize(this.dictationId);
      clearDraft(this.userId, this.dictationId);
      return res.documentId;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'BLANKS_OPEN') {
        const blanks = await api.blanks(this.dictationId).catch(() => this.state.blanks);
        this.set({ blanks });
        throw new Error('The server reports open blanks. Resolve or route them to the author first.');
      }
      throw new Error(errorMessage(e));
    }
  }

  async release() {
    await this.saveNow();
    await api.release(this.dictationId);
    if (!this.dirty) clearDraft(this.userId, this.dictationId);
  }

  // ------------------------------------------------------------ playback

  private onTime(t: number) {
    this.editor?.setPlaybackTime(t);
    if (this.timeEl) this.timeEl.textContent = fmtTime(t);
  }

  private onPlayerState() {
    const p = this.player;
    if (!p) return;
    this.set({
      playing: p.playing,
      rate: p.rate,
      duration: p.duration || this.state.duration,
      audioError: p.error,
    });
  }

  seekToWord(w: Word) {
    if (!this.player || Number.isNaN(w.start)) return;
    this.player.seek(w.start);
  }

  /** Play from the word at the caret (an explicit seek: no auto-rewind). */
  playFromCaret() {
    const w = this.editor?.wordAtCaret();
    if (w && this.player && !Number.isNaN(w.start)) {
      this.player.seek(w.start);
      void this.player.play();
    }
  }

  /**
   * Play only the selected words: from the first one's start to the last one's end, then stop
   * (or loop until asked again). Without a selection, the word at the caret.
   */
  playSelection(loop = false) {
    const p = this.player;
    const ed = this.editor;
    if (!p || !ed) return;
    if (loop && p.playingRange?.loop) {
      p.stopRange();
      p.pause();
      return;
    }
    let span = ed.selectionSpan();
    if (!span) {
      const w = ed.wordAtCaret();
      if (w && !Number.isNaN(w.start) && w.end > w.start) span = { start: w.start, end: w.end };
    }
    if (span) p.playRange(span.start, span.end, loop);
  }

  /** Select the next/previous low-confidence (or silence-flagged) word and play it. */
  goToUncertain(dir: 1 | -1) {
    const w = this.editor?.selectNext(isUncertain, dir);
    if (w && this.player && !Number.isNaN(w.start)) this.player.seek(w.start);
    return w ?? null;
  }

  /** Select the next/previous blank ("___") and move the audio a little before it. */
  goToBlankInText(dir: 1 | -1) {
    const w = this.editor?.selectNext((x) => x.text === BLANK_TEXT, dir);
    if (w && this.player && !Number.isNaN(w.start)) this.player.seek(Math.max(0, w.start - 1));
    return w ?? null;
  }

  /** Accept the selected word(s) as heard: clears the low-confidence mark without retyping. */
  acceptWord() {
    return this.editor?.acceptWords() ?? 0;
  }

  async loadSnippets() {
    const d = this.state.dictation;
    if (!d) return;
    try {
      const snippets = await snippetsApi.list(d.author.id, d.workType.code);
      if (!this.destroyed) this.set({ snippets });
    } catch {
      /* the shared expanders still work */
    }
  }

  private snippetExpansion(abbr: string): string | undefined {
    const a = abbr.toLowerCase();
    const of = (scope: 'mine' | 'author') =>
      this.state.snippets.find(
        (s) => s.kind === 'EXPANDER' && s.scope === scope && s.abbreviation?.toLowerCase() === a,
      );
    return (of('mine') ?? of('author'))?.text;
  }

  /** The normal for this work type: the author's if there is one, else mine. */
  normal(): TextSnippet | null {
    const wt = this.state.dictation?.workType.code;
    const of = (scope: 'mine' | 'author') =>
      this.state.snippets.find((s) => s.kind === 'NORMAL' && s.scope === scope && s.workType === wt);
    return of('author') ?? of('mine') ?? null;
  }

  /** Insert this work type's normal at the caret; false when there is none. */
  insertNormal(): boolean {
    const n = this.normal();
    if (!n || !this.editor) return false;
    this.editor.insertText(n.text);
    return true;
  }

  /** Add an expander (for me or for this author), or save the selected text as a normal. */
  async addSnippet(input: {
    kind: 'EXPANDER' | 'NORMAL';
    scope: 'mine' | 'author';
    abbreviation?: string;
    text: string;
  }) {
    const d = this.state.dictation;
    if (!d) return;
    await snippetsApi.create({
      ...input,
      ...(input.scope === 'author' ? { authorId: d.author.id } : {}),
      ...(input.kind === 'NORMAL' ? { workType: d.workType.code } : {}),
    });
    await this.loadSnippets();
  }

  async removeSnippet(id: string) {
    await snippetsApi.remove(id);
    await this.loadSnippets();
  }

  /** The selected text (for "save as normal"). */
  selectedText(): string {
    const sel = getSelection();
    return sel && this.editor?.root.contains(sel.anchorNode) ? sel.toString() : '';
  }

  /** Whether the transcript has any text beyond section headings (an empty one cannot be finalized). */
  hasContent(): boolean {
    const headings = new Set(
      (this.state.workType?.template ?? '')
        .split('\n')
        .map((h) => h.trim().toUpperCase())
        .filter(Boolean),
    );
    const paras = this.editor?.getParas() ?? [];
    return paras.some(
      (p) =>
        p.words.length > 0 &&
        !looksLikeHeading(p) &&
        !headings.has(
          p.words
            .map((w) => w.text)
            .join(' ')
            .toUpperCase(),
        ),
    );
  }

  zoom(pxPerSec: number) {
    return this.player?.zoom(pxPerSec) ?? 0;
  }

  setRate(r: number) {
    const rate = this.player?.setRate(r) ?? r;
    this.set({ rate });
    return rate;
  }

  setAutoRewind(sec: number) {
    if (this.player) this.player.autoRewindSec = sec;
  }

  async connectPedal() {
    try {
      await this.pedal?.request();
    } catch (e) {
      this.setSave({ message: `Pedal: ${errorMessage(e)}` });
    }
  }

  private onPedal(b: PedalButton, down: boolean) {
    const p = this.player;
    if (!p) return;
    if (b === 'left') {
      if (down) p.startScan(-1);
      else p.stopScan();
    } else if (b === 'right') {
      if (down) p.startScan(1);
      else p.stopScan();
    } else if (getSettings().pedalMode === 'hold') {
      if (down) void p.play();
      else p.pause();
    } else if (down) p.toggle();
  }
}

/** An engine draft with no words (silence, or nothing recognised): transcribed by hand. */
export function isEmptyDraft(t: Transcript): boolean {
  return t.text.trim() === '';
}

function fmtTime(t: number) {
  const m = Math.floor(t / 60);
  const s = t - m * 60;
  return `${String(m).padStart(2, '0')}:${s.toFixed(1).padStart(4, '0')}`;
}

function currentVersionOf(body: unknown): number | null {
  const b = body as { error?: Record<string, unknown>; currentVersion?: unknown; version?: unknown } | null;
  const v = b?.error?.currentVersion ?? b?.error?.version ?? b?.currentVersion ?? b?.version;
  return typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null;
}

/** Match open/routed blanks to the "___" words of the text by character position. */
export function attachBlanks(paras: Para[], blanks: readonly Blank[]): Para[] {
  const wanted = blanks.filter((b) => b.status !== 'RESOLVED').sort((a, b) => a.position - b.position);
  if (!wanted.length) return paras;
  const slots: { pi: number; wi: number; pos: number }[] = [];
  let pos = 0;
  paras.forEach((p, pi) => {
    pos += p.lead.length;
    p.words.forEach((w, wi) => {
      if (w.text === BLANK_TEXT) slots.push({ pi, wi, pos });
      pos += w.text.length + w.ws.length;
    });
    pos += 1;
  });
  const out = paras.map((p) => ({ lead: p.lead, words: p.words.slice() }));
  const used = new Set<number>();
  for (const b of wanted) {
    let best = -1;
    for (let i = 0; i < slots.length; i++) {
      if (used.has(i)) continue;
      if (best < 0 || Math.abs(slots[i]!.pos - b.position) < Math.abs(slots[best]!.pos - b.position))
        best = i;
    }
    if (best < 0) break;
    used.add(best);
    const s = slots[best]!;
    const w = out[s.pi]!.words[s.wi]!;
    out[s.pi]!.words[s.wi] = { ...w, blankId: b.id, start: b.audioTime, end: Math.max(b.audioTime, w.end) };
  }
  return out;
}
