// Autosave: the transcript is saved with If-Match versions after a pause in typing, and every
// unsaved change is also kept in this browser (localStorage) until the server has it, so a reload,
// an expired session or a lost connection never loses text. A save refused because the server has
// a newer version is a conflict the transcriptionist resolves; it is never overwritten silently.
import { ApiError, api, errorMessage } from '../api/client';
import type { Blank, Transcript } from '../api/types';
import { clearDraft, type LocalDraft, readDraft, writeDraft } from '../lib/drafts';
import { attachBlanks } from './blanks';
import type { SaveStatus, SessionContext } from './sessionState';
import { startingDocument } from './startingDocument';
import { parseDocument } from './wordModel';

const AUTOSAVE_MS = 3000;
/**
 * Autosave waits for a pause in typing (this long), or saves anyway once changes are this old:
 * a version per pause, not one per 3 s of continuous typing (and never one after the first key).
 */
const AUTOSAVE_IDLE_MS = 1200;
const AUTOSAVE_MAX_DIRTY_MS = 10_000;
/** The local copy is written this long after the first unsaved edit (not on every keystroke). */
const DRAFT_DELAY_MS = 800;
const RETRY_FIRST_MS = 2000;
const RETRY_MAX_MS = 30_000;

export class Autosave {
  private savedEditorVersion = 0;
  private lastSaveAttempt = 0;
  private lastEditAt = 0;
  /** When the unsaved changes began (0: none). */
  private dirtySince = 0;
  private retryAt = 0;
  private retryDelay = RETRY_FIRST_MS;
  private draftTimer: number | null = null;
  private savingPromise: Promise<boolean> | null = null;

  constructor(
    private s: SessionContext,
    /** After each successful save (the blanks follow the saved text). */
    private afterSave: () => Promise<void>,
  ) {}

  get dirty(): boolean {
    return !!this.s.editor && this.s.editor.version !== this.savedEditorVersion;
  }

  private get ui(): SessionContext['store'] {
    return this.s.store;
  }

  /**
   * The editor has just loaded the server's text: remember it as saved, then restore unsaved
   * text from an earlier visit (reload, expired session), which wins over the server copy — it
   * is never dropped silently. Returns the save state to start from.
   */
  loaded(transcript: Transcript | null, blanks: Blank[], duration: number) {
    const ed = this.s.editor!;
    this.savedEditorVersion = ed.version;
    const serverVersion = transcript?.version ?? null;
    let restoredAt: string | null = null;
    let status: SaveStatus = 'saved';
    let conflictVersion: number | null = null;
    let draft = readDraft(this.s.userId, this.s.dictationId);
    if (draft && transcript && draft.baseVersion !== serverVersion && draft.text === transcript.text) {
      // A save that left as the page closed made it after all: nothing is unsaved.
      clearDraft(this.s.userId, this.s.dictationId);
      draft = null;
    }
    if (draft) {
      ed.load(attachBlanks(parseDocument(draft.text, draft.words, duration), blanks));
      restoredAt = draft.savedAt;
      if (draft.baseVersion === serverVersion) status = 'dirty';
      else {
        status = 'conflict';
        conflictVersion = serverVersion;
      }
    }
    return { restoredAt, save: { status, serverVersion, savedAt: null, message: null, conflictVersion } };
  }

  /** Save when the page is hidden or the editor loses focus; keep a local copy when it closes. */
  watchPage(editorRoot: HTMLElement): () => void {
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
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('beforeunload', onBeforeUnload);
      editorRoot.removeEventListener('blur', onBlur);
      window.removeEventListener('blur', onBlur);
    };
  }

  destroy() {
    this.writeLocal();
    if (this.draftTimer !== null) clearTimeout(this.draftTimer);
    this.draftTimer = null;
  }

  /** The document changed. */
  edited() {
    this.lastEditAt = performance.now();
    if (!this.dirtySince) this.dirtySince = this.lastEditAt;
    if (this.ui.get().save.status === 'saved') this.ui.setSave({ status: 'dirty' });
    if (this.draftTimer === null)
      this.draftTimer = window.setTimeout(() => {
        this.draftTimer = null;
        this.writeLocal();
      }, DRAFT_DELAY_MS);
  }

  /** Keep unsaved text in localStorage (cleared once saved). */
  writeLocal() {
    const ed = this.s.editor;
    if (!ed) return;
    const save = this.ui.get().save;
    if (!this.dirty && save.status !== 'conflict') return;
    const { text, words } = ed.serialize();
    // In a conflict the base is unknown (-1 never matches), so reopening shows the conflict again.
    const d: LocalDraft = {
      dictationId: this.s.dictationId,
      baseVersion: save.status === 'conflict' ? -1 : save.serverVersion,
      text,
      words,
      savedAt: new Date().toISOString(),
    };
    writeDraft(this.s.userId, d);
  }

  /** Once a second: save if there are changes, typing has paused and no failure waits for the user. */
  tick() {
    const st = this.ui.get().save.status;
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
    void this.run();
  }

  /** Save now if there is anything to save; resolves true when everything is saved. */
  async saveNow(): Promise<boolean> {
    if (this.savingPromise) await this.savingPromise;
    const st = this.ui.get().save.status;
    if (!this.dirty) return st === 'saved';
    if (st === 'conflict' || st === 'unauthenticated' || st === 'not-claimed') return false;
    return this.run();
  }

  /** After signing in again (the session had expired), carry on. */
  resume() {
    const st = this.ui.get().save.status;
    if (st === 'unauthenticated' || st === 'offline' || st === 'error') {
      this.ui.setSave({ status: this.dirty ? 'dirty' : 'saved' });
      void this.run();
    }
  }

  async claimAgain() {
    try {
      const d = await api.claim(this.s.dictationId);
      this.ui.set({ dictation: d });
      this.ui.setSave({ status: 'dirty', message: null });
      await this.run();
    } catch (e) {
      this.ui.setSave({ status: 'not-claimed', message: `Could not claim: ${errorMessage(e)}` });
    }
  }

  /** Conflict: keep my text, saved as a new version on top of the current one. */
  async keepMine() {
    let current = this.ui.get().save.conflictVersion;
    try {
      const t = await api.transcript(this.s.dictationId);
      current = t.version;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) {
        this.ui.setSave({ message: errorMessage(e) });
        return;
      }
      current = null;
    }
    this.savedEditorVersion = -1; // force a save even if unchanged since the conflict
    await this.run(current);
  }

  /** Conflict: fetch the server's version (to compare or to take). */
  async fetchServer(): Promise<Transcript | null> {
    try {
      return await api.transcript(this.s.dictationId);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }

  /** Conflict: replace my text with the server's version (the caller has confirmed). */
  async takeServer() {
    const t = await this.fetchServer();
    const ed = this.s.editor;
    if (!ed) return;
    const ui = this.ui.get();
    ed.load(attachBlanks(startingDocument(t, ui.workType, ui.duration), ui.blanks));
    this.savedEditorVersion = ed.version;
    clearDraft(this.s.userId, this.s.dictationId);
    this.ui.setSave({
      status: 'saved',
      serverVersion: t?.version ?? null,
      conflictVersion: null,
      message: null,
    });
  }

  /** The local copy is no longer needed (the job was finalized or released with nothing unsaved). */
  forgetLocal() {
    clearDraft(this.s.userId, this.s.dictationId);
  }

  /** One save at a time: a save asked for while one runs joins it. */
  private run(ifMatch?: number | null): Promise<boolean> {
    if (this.savingPromise) return this.savingPromise;
    this.savingPromise = this.put(ifMatch).finally(() => {
      this.savingPromise = null;
    });
    return this.savingPromise;
  }

  private async put(ifMatch?: number | null): Promise<boolean> {
    const ed = this.s.editor;
    if (!ed) return false;
    this.lastSaveAttempt = performance.now();
    // Edits from here on are not in this save.
    this.dirtySince = 0;
    const v = ed.version;
    const { text, words } = ed.serialize();
    const base = ifMatch !== undefined ? ifMatch : this.ui.get().save.serverVersion;
    this.ui.setSave({ status: 'saving', message: null });
    try {
      const res = await api.saveTranscript(this.s.dictationId, base, text, words);
      this.savedEditorVersion = v;
      this.retryDelay = RETRY_FIRST_MS;
      const clean = ed.version === v;
      this.ui.setSave({
        status: clean ? 'saved' : 'dirty',
        serverVersion: res.version,
        savedAt: Date.now(),
        conflictVersion: null,
        message: null,
      });
      if (clean) clearDraft(this.s.userId, this.s.dictationId);
      else this.writeLocal();
      void this.afterSave();
      return clean;
    } catch (e) {
      this.writeLocal();
      this.failed(e);
      return false;
    }
  }

  private failed(e: unknown) {
    if (e instanceof ApiError) {
      if (e.status === 412) {
        this.ui.setSave({ status: 'conflict', conflictVersion: currentVersionOf(e.body), message: null });
        this.writeLocal();
        return;
      }
      if (e.status === 409) {
        this.ui.setSave({
          status: 'not-claimed',
          message: e.code === 'NOT_CLAIMED_BY_YOU' ? 'You no longer hold this job.' : e.message,
        });
        return;
      }
      if (e.status === 401) {
        this.ui.setSave({ status: 'unauthenticated' });
        return;
      }
      if (e.status === 0 || e.status >= 500 || e.status === 429) {
        this.retryAt = performance.now() + this.retryDelay;
        this.retryDelay = Math.min(RETRY_MAX_MS, this.retryDelay * 2);
        this.ui.setSave({
          status: 'offline',
          message: e.status === 0 ? 'Offline' : `Server error ${e.status}`,
        });
        return;
      }
    }
    this.ui.setSave({ status: 'error', message: errorMessage(e) });
  }
}

/** The server's current version from a 412 answer (its shape has varied: look in each place). */
function currentVersionOf(body: unknown): number | null {
  const b = body as { error?: Record<string, unknown>; currentVersion?: unknown; version?: unknown } | null;
  const v = b?.error?.currentVersion ?? b?.error?.version ?? b?.currentVersion ?? b?.version;
  return typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null;
}
