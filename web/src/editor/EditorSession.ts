// Everything the editor screen does that is not drawing React: loading and claiming the job,
// the transcript editor, the player, the pedal, finalizing. Autosave, blanks, the spell check and
// the snippets are controllers of their own (autosave, blanks, spellcheck, snippets) that share the
// session's UI store; React subscribes to that store, which changes a few times per save, never
// per keystroke or per audio frame.
import { ApiError, api, errorMessage } from '../api/client';
import type { Blank, Dictation, TextExpander, WorkType } from '../api/types';
import { authorContext, worklistStats } from '../api/worklist-stats';
import { getSettings } from '../lib/settings';
import { Autosave } from './autosave';
import { attachBlanks, BlankController } from './blanks';
import { FootPedal, type PedalButton, webHidSupported } from './footPedal';
import { Player } from './Player';
import { type SessionContext, UiStore } from './sessionState';
import { SnippetController } from './snippets';
import { SPELL_PAUSE_MS, SpellcheckController } from './spellcheck';
import { isEmptyDraft, startingDocument, templateHeadings } from './startingDocument';
import { isUncertain, TranscriptEditor } from './TranscriptEditor';
import { BLANK_TEXT, looksLikeHeading, type Word } from './wordModel';

export { attachBlanks } from './blanks';
export type { SaveStatus, UiBlank, UiState } from './sessionState';
export { isEmptyDraft } from './startingDocument';

export class EditorSession implements SessionContext {
  editor: TranscriptEditor | null = null;
  player: Player | null = null;
  readonly store = new UiStore();
  readonly autosave: Autosave;
  readonly blanks = new BlankController(this);
  readonly spellcheck = new SpellcheckController(this);
  readonly snippets = new SnippetController(this);
  destroyed = false;
  private pedal: FootPedal | null = null;
  private timer: number | null = null;
  private expanders = new Map<string, string>();
  /** Guards against a load that finishes after destroy() (React StrictMode mounts twice in dev). */
  private loadToken = 0;
  private timeEl: HTMLElement | null = null;
  private disposers: (() => void)[] = [];

  constructor(
    readonly dictationId: string,
    readonly userId: string,
  ) {
    this.autosave = new Autosave(this, () => this.blanks.sync());
  }

  // ------------------------------------------------------------ store for React

  subscribe = (l: () => void) => this.store.subscribe(l);
  getState = () => this.store.get();

  get dirty(): boolean {
    return this.autosave.dirty;
  }

  // ------------------------------------------------------------ lifecycle

  async load(editorHost: HTMLElement, waveHost: HTMLElement, timeEl: HTMLElement | null) {
    this.timeEl = timeEl;
    const token = ++this.loadToken;
    this.destroyed = false;
    const stale = () => token !== this.loadToken;
    let dictation: Dictation;
    try {
      dictation = await this.claimed();
    } catch (e) {
      if (!stale()) this.store.set({ phase: 'error', error: errorMessage(e) });
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
      if (!stale()) this.store.set({ phase: 'error', error: errorMessage(e) });
      return [undefined, null, [], [], []] as const;
    });
    if (stale() || transcript === undefined) return;
    this.expanders.clear();

    for (const x of expanders) this.expanders.set(x.abbreviation.toLowerCase(), x.expansion);
    const workType = workTypes.find((w) => w.code === dictation.workType.code) ?? null;
    const duration = peaks?.durationSec ?? dictation.durationSec ?? 0;

    const editorRoot = document.createElement('div');
    editorHost.replaceChildren(editorRoot);
    const editor = new TranscriptEditor(editorRoot, {
      onChange: () => this.onEdit(),
      onWordClick: (w) => this.seekToWord(w),
      audioTime: () => this.player?.currentTime ?? 0,
      // Mine first, then the author's, then the shared list.
      expand: (abbr) => this.snippets.expansion(abbr) ?? this.expanders.get(abbr.toLowerCase()),
      onViewChange: () => this.spellcheck.schedule(SPELL_PAUSE_MS / 2),
      onSpellMenu: (target) => this.spellcheck.openMenu(target),
    });
    this.editor = editor;
    // The server's medical spell check replaces the browser's (no word is flagged twice); the
    // browser's comes back if the server has no spell check.
    editor.setNativeSpellcheck(!this.spellcheck.available);
    const s = getSettings();
    editor.setLowConfidenceVisible(s.showLowConfidence);
    editor.followPlayback = s.followPlayback;
    editor.load(attachBlanks(startingDocument(transcript, workType, duration), blanks));
    const restored = this.autosave.loaded(transcript, blanks, duration);

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
        this.store.set({
          pedal: { supported: webHidSupported(), name: this.pedal?.device?.productName ?? null },
        }),
    );
    if (webHidSupported()) void this.pedal.reconnect().catch(() => {});

    this.store.set({
      phase: 'ready',
      dictation,
      workType,
      engine: transcript?.engine ?? null,
      manual: transcript === null || isEmptyDraft(transcript),
      blanks,
      duration,
      expanders,
      ...restored,
    });

    this.spellcheck.schedule(0);
    // Beside the job, not needed to start typing: loaded after the editor is up.
    void authorContext(this.dictationId)
      .then((context) => !stale() && this.store.set({ context }))
      .catch(() => {});
    void worklistStats()
      .then((st) => !stale() && this.store.set({ today: st.me.today }))
      .catch(() => {});
    void this.snippets.load();
    this.timer = window.setInterval(() => this.tick(), 1000);
    this.disposers.push(this.autosave.watchPage(editorRoot));
    editor.focus();
  }

  /** The job, claimed by me (claiming it if it is waiting); throws if it cannot be edited. */
  private async claimed(): Promise<Dictation> {
    const dictation = await api.dictation(this.dictationId);
    if (dictation.status === 'IN_EDIT' && dictation.assignee && dictation.assignee.id !== this.userId)
      throw new ApiError(
        409,
        'ALREADY_CLAIMED',
        `This dictation is being edited by ${dictation.assignee.username}.`,
      );
    if (dictation.status === 'DRAFT_READY' || dictation.status === 'TRANSCRIPTION_FAILED')
      return api.claim(this.dictationId).catch(async (e) => {
        // A claim of ours that won the race (the page mounted twice while loading): carry on.
        if (!(e instanceof ApiError && e.code === 'ALREADY_CLAIMED')) throw e;
        const now = await api.dictation(this.dictationId);
        if (now.status === 'IN_EDIT' && now.assignee?.id === this.userId) return now;
        throw e;
      });
    if (dictation.status !== 'IN_EDIT')
      throw new ApiError(
        409,
        'WRONG_STATE',
        `This dictation is ${dictation.status.toLowerCase().replace(/_/g, ' ')}; it cannot be edited.`,
      );
    return dictation;
  }

  destroy() {
    this.loadToken++;
    this.destroyed = true;
    this.autosave.destroy();
    this.spellcheck.destroy();
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    for (const d of this.disposers) d();
    this.disposers = [];
    this.pedal?.destroy();
    this.player?.destroy();
    this.editor?.destroy();
    this.pedal = null;
    this.player = null;
    this.editor = null;
  }

  private onEdit() {
    this.spellcheck.schedule();
    this.autosave.edited();
  }

  private tick() {
    if (!this.editor || this.destroyed) return;
    this.blanks.poll();
    this.autosave.tick();
  }

  // ------------------------------------------------------------ finalize

  /** Save, then sign off. Returns the document id, or throws with a readable message. */
  async finalize(): Promise<string> {
    if (!this.hasContent())
      throw new Error('The transcript is empty. Type what the author dictated before finalizing.');
    const open = this.blanks.open();
    if (open.length)
      throw new Error(
        `${open.length} blank${open.length > 1 ? 's are' : ' is'} still open or waiting for the author. Resolve ${open.length > 1 ? 'them' : 'it'} first.`,
      );
    const saved = (await this.autosave.saveNow()) || (!this.dirty && this.getState().save.status === 'saved');
    if (!saved)
      throw new Error(
        'The transcript could not be saved, so it was not finalized. See the message above the audio.',
      );
    await this.blanks.sync();
    try {
      const res = await api.finalize(this.dictationId);
      this.autosave.forgetLocal();
      return res.documentId;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'BLANKS_OPEN') {
        const blanks = await api.blanks(this.dictationId).catch(() => this.getState().blanks);
        this.store.set({ blanks });
        throw new Error('The server reports open blanks. Resolve or route them to the author first.');
      }
      throw new Error(errorMessage(e));
    }
  }

  async release() {
    await this.autosave.saveNow();
    await api.release(this.dictationId);
    if (!this.dirty) this.autosave.forgetLocal();
  }

  /** Whether the transcript has any text beyond section headings (an empty one cannot be finalized). */
  hasContent(): boolean {
    const headings = new Set(templateHeadings(this.getState().workType).map((h) => h.toUpperCase()));
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

  /** The selected text (for "save as normal"). */
  selectedText(): string {
    const sel = getSelection();
    return sel && this.editor?.root.contains(sel.anchorNode) ? sel.toString() : '';
  }

  // ------------------------------------------------------------ playback

  private onTime(t: number) {
    this.editor?.setPlaybackTime(t);
    if (this.timeEl) this.timeEl.textContent = fmtTime(t);
  }

  private onPlayerState() {
    const p = this.player;
    if (!p) return;
    this.store.set({
      playing: p.playing,
      rate: p.rate,
      duration: p.duration || this.getState().duration,
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

  zoom(pxPerSec: number) {
    return this.player?.zoom(pxPerSec) ?? 0;
  }

  setRate(r: number) {
    const rate = this.player?.setRate(r) ?? r;
    this.store.set({ rate });
    return rate;
  }

  setAutoRewind(sec: number) {
    if (this.player) this.player.autoRewindSec = sec;
  }

  async connectPedal() {
    try {
      await this.pedal?.request();
    } catch (e) {
      this.store.setSave({ message: `Pedal: ${errorMessage(e)}` });
    }
  }

  private onPedal(b: PedalButton, down: boolean) {
    const p = this.player;
    if (!p) return;
    if (b === 'left' || b === 'right') {
      if (down) p.startScan(b === 'left' ? -1 : 1);
      else p.stopScan();
    } else if (getSettings().pedalMode === 'hold') {
      if (down) void p.play();
      else p.pause();
    } else if (down) p.toggle();
  }
}

function fmtTime(t: number) {
  const m = Math.floor(t / 60);
  const s = t - m * 60;
  return `${String(m).padStart(2, '0')}:${s.toFixed(1).padStart(4, '0')}`;
}
