// The transcript editor: a contentEditable div with one <div class="p"> per paragraph, each
// holding ONE text node. The words — text, trailing whitespace, start/end time, confidence — live
// in a plain array of immutable paragraphs outside React and outside the DOM; a word's place in
// the text is its character offset. Measured in Chromium, this matters: with a <span> per word,
// Chrome's own editing work (TypingCommand, selection sync, paint) costs ~18 ms per keystroke in a
// 9,000-word document and over a second in one long paragraph; with one text node per paragraph
// it is ~3 ms (see bench/editor).
//
// After each native edit (typing, deleting, spell-check replacement, IME) the changed paragraph is
// diffed against its model and only the words around the change are re-derived (nativeEdits,
// modelEdits).
// Structural edits (Enter, paste, deleting across paragraphs, text expanders, blanks) are done on
// the model, not by the browser (editorInput decides which is which). The playing word,
// low-confidence words and blanks are drawn with the CSS Custom Highlight API
// (transcriptHighlights): playback never touches the document.
//
// This class is the facade that keeps the model and the paragraph elements (paragraphView) in step
// and offers the editing operations; positions (caretMapping), undo (undoHistory), the playback
// lookup (playbackIndex) and word queries (wordQueries) live in their own modules.

import {
  type Caret,
  collapseAt,
  focusCaret,
  indexOfPara,
  keepVisible,
  offsetAtPoint,
  pointOverRange,
  rangeAt,
  selectionCarets,
  selectionIn,
  selectRange,
  topPara,
} from './caretMapping';
import { type BeforeInputHost, handleBeforeInput } from './editorInput';
import { replaceText } from './modelEdits';
import { readNativeEdits } from './nativeEdits';
import { ParagraphView } from './paragraphView';
import { PlaybackIndex } from './playbackIndex';
import { misspelledAt, SPELL_WORD, type SpellTarget } from './spellMarks';
import { isUncertain, TranscriptHighlights } from './transcriptHighlights';
import { UndoHistory } from './undoHistory';
import {
  BLANK_TEXT,
  documentText,
  HUMAN_CONFIDENCE,
  isWs,
  offsetsOf,
  type Para,
  serialize,
  textOf,
  unitAt,
  type Word,
} from './wordModel';
import { blankIdsIn, docPosition, findWordWhere, nextWordWhere, spanOf, wordsIn } from './wordQueries';

export type { Caret } from './caretMapping';
export { SPELL_WORD, type SpellTarget } from './spellMarks';
export {
  HIGHLIGHT_BLANK,
  HIGHLIGHT_LOWCONF,
  HIGHLIGHT_MISSPELLED,
  HIGHLIGHT_PLAYING,
  HIGHLIGHT_SILENCE,
  isUncertain,
  LOW_CONFIDENCE,
} from './transcriptHighlights';

export interface EditorCallbacks {
  /** The document changed (any edit, undo, load). */
  onChange?: () => void;
  /** A word was clicked (without selecting text). */
  onWordClick?: (word: Word, event: MouseEvent) => void;
  /** Current audio position, for timing text typed where no neighbour has a time. */
  audioTime?: () => number;
  /** Text expander lookup: abbreviation → expansion. */
  expand?: (abbreviation: string) => string | undefined;
  /** Paragraphs came into or left the viewport (the spell check looks at what is visible). */
  onViewChange?: () => void;
  /** Right-click or Ctrl+. on a word marked misspelled: show its suggestions. */
  onSpellMenu?: (target: SpellTarget) => void;
}

/** Playback does not scroll the text while the transcriptionist typed this recently. */
const FOLLOW_AFTER_TYPING_MS = 4000;

export class TranscriptEditor {
  readonly root: HTMLElement;
  /** Bumped on every change; autosave and the local draft compare it. */
  version = 0;
  followPlayback = true;
  private paras: Para[] = [];
  private mo: MutationObserver;
  private composing = false;
  private history = new UndoHistory();
  private lastCaret: Caret | null = null;
  private playIndex = new PlaybackIndex();
  private playingWord: Word | null = null;
  private marks: TranscriptHighlights;
  private view: ParagraphView;
  private lastTypedAt = 0;
  private cleanup: (() => void)[] = [];

  constructor(
    root: HTMLElement,
    private cb: EditorCallbacks = {},
  ) {
    this.root = root;
    root.contentEditable = 'true';
    root.spellcheck = true;
    root.setAttribute('lang', 'en-US');
    root.setAttribute('role', 'textbox');
    root.setAttribute('aria-multiline', 'true');
    if (!root.hasAttribute('aria-label')) root.setAttribute('aria-label', 'Transcript');
    root.classList.add('transcript');
    this.mo = new MutationObserver((recs) => this.process(recs));
    this.mo.observe(root, { childList: true, characterData: true, subtree: true });
    const on = <K extends keyof HTMLElementEventMap>(type: K, fn: (e: HTMLElementEventMap[K]) => void) => {
      root.addEventListener(type, fn as EventListener);
      this.cleanup.push(() => root.removeEventListener(type, fn as EventListener));
    };
    const input = this.inputHost();
    on('beforeinput', (e) => handleBeforeInput(input, e));
    on('input', () => this.flush());
    on('keydown', (e) => this.onKeyDown(e));
    on('compositionstart', () => {
      this.composing = true;
    });
    on('compositionend', () => {
      this.composing = false;
      this.flush();
    });
    on('click', (e) => this.onClick(e));
    on('contextmenu', (e) => this.onContextMenu(e));
    on('dragstart', (e) => e.preventDefault());
    on('drop', (e) => e.preventDefault());
    const onSel = () => {
      const sel = getSelection();
      if (!sel?.focusNode || !root.contains(sel.focusNode)) return;
      const c = this.caret();
      if (c) this.lastCaret = c;
    };
    document.addEventListener('selectionchange', onSel);
    this.cleanup.push(() => document.removeEventListener('selectionchange', onSel));
    this.marks = new TranscriptHighlights(
      root,
      (el) => this.view.paraOf(el),
      () => this.cb.onViewChange?.(),
    );
    this.view = new ParagraphView(root, this.marks);
    this.load([{ lead: '', words: [] }]);
  }

  destroy() {
    this.mo.disconnect();
    for (const c of this.cleanup) c();
    this.marks.destroy();
  }

  // ---------------------------------------------------------------- document

  /** Replace the whole document (no undo entry). */
  load(paras: Para[]) {
    if (paras.length === 0) paras = [{ lead: '', words: [] }];
    this.view.renderAll(paras);
    this.paras = paras.slice();
    this.history.clear();
    this.playIndex.invalidate();
    this.playingWord = null;
    this.mo.takeRecords();
    this.changed();
  }

  getParas(): readonly Para[] {
    this.flush();
    return this.paras;
  }
  getText(): string {
    return documentText(this.getParas());
  }
  serialize() {
    return serialize(this.getParas());
  }
  wordCount(): number {
    let n = 0;
    for (const p of this.getParas()) n += p.words.length;
    return n;
  }

  focus() {
    this.root.focus({ preventScroll: true });
    if (this.lastCaret && !selectionIn(this.root)) this.setCaret(this.lastCaret.pi, this.lastCaret.off);
  }

  setLowConfidenceVisible(on: boolean) {
    this.root.classList.toggle('show-lc', on);
    this.marks.setLowConfidenceVisible(on);
  }

  // ---------------------------------------------------------------- spelling

  /** The browser's own spell checker; off while the server's medical check is active. */
  setNativeSpellcheck(on: boolean) {
    this.root.spellcheck = on;
  }

  /** Mark these words (letter runs, as written) as misspelled, wherever they are in view. */
  setMisspelled(words: ReadonlySet<string>) {
    this.marks.setMisspelled(words);
  }

  /** The distinct words (letter runs) of the paragraphs near the viewport: what the spell check reads. */
  visibleWords(): string[] {
    this.flush();
    const out = new Set<string>();
    const kids = this.root.children;
    for (let i = 0; i < kids.length; i++) {
      const el = kids[i]!;
      const p = this.marks.isNear(el) ? this.view.paraOf(el) : undefined;
      if (!p) continue;
      const [lo, hi] = this.marks.wordWindow(el, p);
      for (let wi = lo; wi < hi; wi++) for (const m of p.words[wi]!.text.matchAll(SPELL_WORD)) out.add(m[0]);
    }
    return [...out];
  }

  /** The misspelled word at (or just after) the caret, with where to show its menu. */
  misspelledAtCaret(): SpellTarget | null {
    this.flush();
    const c = this.caret();
    if (!c) return null;
    const hit = misspelledAt(this.paras[c.pi], c.off, this.marks.misspelled);
    if (!hit) return null;
    const rect = rangeAt(this.root, c.pi, hit.off, hit.word.length)?.getBoundingClientRect();
    return { word: hit.word, pi: c.pi, off: hit.off, x: rect?.left ?? 0, y: rect?.bottom ?? 0 };
  }

  /** Replace a misspelled word by a suggestion (one undo step). False if the text moved on. */
  replaceMisspelled(t: SpellTarget, replacement: string): boolean {
    this.flush();
    const p = this.paras[t.pi];
    if (!p || textOf(p).slice(t.off, t.off + t.word.length) !== t.word) return false;
    this.root.focus({ preventScroll: true });
    this.checkpoint('struct', true);
    this.replaceRange({ pi: t.pi, off: t.off }, { pi: t.pi, off: t.off + t.word.length }, replacement);
    return true;
  }

  private onContextMenu(e: MouseEvent) {
    if (!this.cb.onSpellMenu || this.marks.misspelled.size === 0) return;
    const el = topPara(this.root, e.target as Node);
    const tn = el?.firstChild;
    if (!el || tn?.nodeType !== 3) return;
    const off = offsetAtPoint(e.clientX, e.clientY, tn);
    if (off === null) return;
    const pi = indexOfPara(this.root, el);
    const hit = misspelledAt(this.paras[pi], off, this.marks.misspelled);
    if (!hit) return; // not on a flagged word: the browser's own menu
    e.preventDefault();
    this.setCaret(pi, off);
    this.cb.onSpellMenu({ word: hit.word, pi, off: hit.off, x: e.clientX, y: e.clientY });
  }

  // ---------------------------------------------------------------- playback

  /** Highlight the word being played at time `t` (seconds). Never changes the document. */
  setPlaybackTime(t: number) {
    const idx = this.playIndex;
    const i = idx.indexAt(this.paras, this.version, t);
    const w = i >= 0 ? idx.word(i) : null;
    if (w === this.playingWord) return;
    this.playingWord = w;
    const r = w ? rangeAt(this.root, idx.paraOf(i), idx.offsetOf(i), w.text.length) : null;
    if (!this.marks.showPlaying(r)) return;
    if (r && this.followPlayback && performance.now() - this.lastTypedAt > FOLLOW_AFTER_TYPING_MS)
      keepVisible(this.root, r);
  }

  /** The word currently highlighted for playback. */
  get playing(): Word | null {
    return this.playingWord;
  }

  // ---------------------------------------------------------------- words

  /** A live Range over word `wi` of paragraph `pi` (for tests and scrolling). */
  wordRange(pi: number, wi: number): Range | null {
    const p = this.paras[pi];
    if (!p?.words[wi]) return null;
    return rangeAt(this.root, pi, offsetsOf(p)[wi]!, p.words[wi]!.text.length);
  }

  /** Find a word by text (first match at or after paragraph `fromPi`): [pi, wi]. */
  findWord(text: string, fromPi = 0): [number, number] | null {
    return findWordWhere(this.paras, (w) => w.text === text, fromPi);
  }

  /** The word at (or just before) the caret. */
  wordAtCaret(): Word | null {
    this.flush();
    const c = this.caret() ?? this.lastCaret;
    if (!c) return null;
    const p = this.paras[c.pi];
    if (!p || p.words.length === 0) return null;
    return p.words[Math.max(0, unitAt(p, c.off))]!;
  }

  /**
   * Select the next (dir 1) or previous (-1) word matching `test`, scrolled into view; returns it.
   * Searching wraps around the document once.
   */
  selectNext(test: (w: Word) => boolean, dir: 1 | -1): Word | null {
    this.flush();
    const sc = selectionCarets(this.root);
    const c = sc ? sc[0] : this.lastCaret;
    const p = c ? this.paras[c.pi] : undefined;
    // The search starts at the caret's word (or before the start).
    const origin = c ? { pi: c.pi, wi: p ? unitAt(p, c.off) : -1 } : { pi: 0, wi: -1 };
    const hit = nextWordWhere(this.paras, origin, test, dir);
    if (!hit) return null;
    const [pi, wi] = hit;
    const r = this.wordRange(pi, wi);
    if (!r) return null;
    selectRange(this.root, r);
    this.lastCaret = { pi, off: offsetsOf(this.paras[pi]!)[wi]! };
    keepVisible(this.root, r);
    return this.paras[pi]!.words[wi]!;
  }

  /** Clear the low-confidence flag of the selected words (or the word at the caret) without retyping. */
  acceptWords(): number {
    this.flush();
    const sc = selectionCarets(this.root) ?? (this.lastCaret ? [this.lastCaret, this.lastCaret] : null);
    if (!sc) return 0;
    const hits = wordsIn(this.paras, sc[0], sc[1]).filter(([pi, wi]) =>
      isUncertain(this.paras[pi]!.words[wi]!),
    );
    if (!hits.length) return 0;
    this.checkpoint('struct', true);
    for (const [pi, wi] of hits) {
      const { overSilence: _, ...w } = this.paras[pi]!.words[wi]!;
      this.replaceWord(pi, wi, { ...w, conf: HUMAN_CONFIDENCE }, false);
    }
    this.changed();
    return hits.length;
  }

  /** Audio span of the selected words: the first one's start to the last one's end. */
  selectionSpan(): { start: number; end: number } | null {
    this.flush();
    const sc = selectionCarets(this.root);
    if (!sc) return null;
    const [a, b] = sc;
    if (a.pi === b.pi && a.off === b.off) return null;
    return spanOf(this.paras, wordsIn(this.paras, a, b));
  }

  /** Insert text at the caret (replacing a selection; or at the last caret, or the end). */
  insertText(text: string) {
    this.flush();
    this.ensureSelection();
    this.checkpoint('struct', true);
    const [a, b] = selectionCarets(this.root) ?? [this.endCaret(), this.endCaret()];
    this.replaceRange(a, b, text);
  }

  // ---------------------------------------------------------------- blanks

  /**
   * Insert a blank ("___") at the caret, anchored to `audioTime`. Returns its character position
   * in the document text.
   */
  insertBlank(blankId: string, audioTime: number): number {
    this.flush();
    this.ensureSelection();
    this.checkpoint('struct', true);
    let [a, b] = selectionCarets(this.root) ?? [this.endCaret(), this.endCaret()];
    if (a.pi !== b.pi || a.off !== b.off) {
      this.replaceRange(a, b, '');
      a = b = this.caret() ?? a;
    }
    const text = textOf(this.paras[a.pi]!);
    const pre = a.off > 0 && !isWs(text[a.off - 1]!) ? ' ' : '';
    const post = a.off < text.length && !isWs(text[a.off]!) ? ' ' : '';
    this.replaceRange(a, a, pre + BLANK_TEXT + post);
    const at = a.off + pre.length;
    const p = this.paras[a.pi]!;
    const wi = unitAt(p, at);
    const w = p.words[wi];
    if (w && w.text === BLANK_TEXT)
      this.replaceWord(a.pi, wi, { ...w, start: audioTime, end: audioTime, conf: HUMAN_CONFIDENCE, blankId });
    return docPosition(this.paras, a.pi, at);
  }

  /** Ids of blanks whose "___" is still in the text. */
  blankIds(): Set<string> {
    return blankIdsIn(this.getParas());
  }

  /** Select a blank's text (typing replaces it) and scroll to it. */
  selectBlank(blankId: string): boolean {
    const hit = findWordWhere(this.getParas(), (w) => w.blankId === blankId);
    if (!hit) return false;
    const r = this.wordRange(hit[0], hit[1]);
    if (!r) return false;
    selectRange(this.root, r);
    (this.root.children[hit[0]] as HTMLElement).scrollIntoView({ block: 'center' });
    return true;
  }

  /** Give a blank its server id once it has been created. */
  renameBlank(from: string, to: string) {
    this.flush();
    const hit = findWordWhere(this.paras, (w) => w.blankId === from);
    if (hit) this.replaceWord(hit[0], hit[1], { ...this.paras[hit[0]]!.words[hit[1]]!, blankId: to }, false);
  }

  // ---------------------------------------------------------------- undo

  canUndo() {
    return this.history.canUndo();
  }
  undo() {
    this.flush();
    const s = this.history.undo(() => this.snapshot());
    if (s) this.apply(s.paras, s.caret);
  }
  redo() {
    this.flush();
    const s = this.history.redo(() => this.snapshot());
    if (s) this.apply(s.paras, s.caret);
  }

  private snapshot() {
    return { paras: this.paras, caret: this.caret() };
  }

  private checkpoint(kind: string, force = false) {
    const now = performance.now();
    this.lastTypedAt = now;
    this.history.checkpoint(kind, () => this.snapshot(), force, now);
  }

  /** Show an undo/redo snapshot: only the paragraph elements that differ are re-rendered. */
  private apply(next: Para[], caret: Caret | null) {
    this.view.showDiff(next);
    this.paras = next.slice();
    this.mo.takeRecords();
    if (caret) this.setCaret(caret.pi, caret.off);
    this.changed();
  }

  // ---------------------------------------------------------------- carets

  caret(): Caret | null {
    return focusCaret(this.root);
  }

  setCaret(pi: number, off: number) {
    if (collapseAt(this.root, pi, off)) this.lastCaret = { pi, off };
  }

  private endCaret(): Caret {
    const pi = this.paras.length - 1;
    return { pi, off: textOf(this.paras[pi]!).length };
  }

  private ensureSelection() {
    const sel = getSelection()!;
    if (sel.rangeCount && this.root.contains(sel.anchorNode)) return;
    this.root.focus({ preventScroll: true });
    const c = this.lastCaret ?? this.endCaret();
    this.setCaret(c.pi, c.off);
  }

  // ---------------------------------------------------------------- events

  /** What the beforeinput handler may do to this editor. */
  private inputHost(): BeforeInputHost {
    return {
      isComposing: () => this.composing,
      flush: () => this.flush(),
      selection: () => selectionCarets(this.root),
      paraLength: (pi) => textOf(this.paras[pi]!).length,
      paraCount: () => this.paras.length,
      undo: () => this.undo(),
      redo: () => this.redo(),
      checkpoint: (kind, force) => this.checkpoint(kind, force),
      replaceRange: (a, b, text) => this.replaceRange(a, b, text),
      tryExpand: (c, typed) => this.tryExpand(c, typed),
    };
  }

  private onKeyDown(e: KeyboardEvent) {
    const mod = e.ctrlKey || e.metaKey;
    if (!mod || e.altKey) return;
    const k = e.key.toLowerCase();
    if (k === 'z' && !e.shiftKey) {
      e.preventDefault();
      this.undo();
    } else if ((k === 'z' && e.shiftKey) || k === 'y') {
      e.preventDefault();
      this.redo();
    } else if (k === 'b' || k === 'i' || k === 'u') {
      e.preventDefault(); // plain text: no formatting
    } else if (k === '.' && !e.shiftKey) {
      const t = this.misspelledAtCaret();
      if (t) {
        e.preventDefault();
        this.cb.onSpellMenu?.(t);
      }
    }
  }

  private onClick(e: MouseEvent) {
    const sel = getSelection();
    if (!sel?.isCollapsed) return;
    const c = this.caret();
    if (!c) return;
    const p = this.paras[c.pi];
    if (!p?.words.length) return;
    const wi = unitAt(p, c.off);
    // On a word, or right after its last letter — and the pointer really over it: a click below
    // the text (or past a line's end) puts the caret at the nearest word but is no word click.
    for (const i of [wi, wi + 1]) {
      const w = p.words[i];
      if (!w) continue;
      const o = offsetsOf(p)[i]!;
      if (c.off >= o && c.off <= o + w.text.length) {
        const r = e.detail > 0 ? rangeAt(this.root, c.pi, o, w.text.length) : null;
        if (e.detail > 0 && !(r && pointOverRange(r, e.clientX, e.clientY))) return;
        this.cb.onWordClick?.(w, e);
        return;
      }
    }
  }

  /** Expand a text-expander abbreviation just before the caret; `typed` is the key that ended it. */
  private tryExpand(c: Caret, typed: string): boolean {
    if (!this.cb.expand) return false;
    const before = textOf(this.paras[c.pi]!).slice(0, c.off);
    const m = /(\S+)$/.exec(before);
    if (!m) return false;
    const expansion = this.cb.expand(m[1]!);
    if (expansion === undefined) return false;
    this.checkpoint('struct', true);
    this.replaceRange({ pi: c.pi, off: c.off - m[1]!.length }, c, expansion + typed);
    return true;
  }

  // ---------------------------------------------------------------- structural edits (on the model)

  /** Replace the text between two carets with `text` ("\n" makes paragraphs), then re-render. */
  private replaceRange(a: Caret, b: Caret, text: string) {
    const { paras, caret } = replaceText(this.paras, a, b, text, this.audioTime());
    this.view.splice(a.pi, b.pi + 1, paras);
    this.paras = [...this.paras.slice(0, a.pi), ...paras, ...this.paras.slice(b.pi + 1)];
    this.mo.takeRecords();
    this.setCaret(caret.pi, caret.off);
    this.changed();
  }

  /** Replace one word's object (same text) without touching the DOM. */
  private replaceWord(pi: number, wi: number, w: Word, notify = true) {
    const p = this.paras[pi]!;
    const words = p.words.slice();
    words[wi] = w;
    const np: Para = { lead: p.lead, words };
    const el = this.root.children[pi] as HTMLElement | undefined;
    if (el) {
      this.view.show(el, np);
      this.view.mark(el, np);
    }
    this.paras = this.paras.slice();
    this.paras[pi] = np;
    if (notify) this.changed();
  }

  private audioTime() {
    return this.cb.audioTime?.() ?? 0;
  }

  private changed() {
    this.version++;
    this.cb.onChange?.();
  }

  // ---------------------------------------------------------------- native edits: diff and re-derive

  /** Process pending DOM mutations now (the input event, or before reading the model). */
  flush() {
    if (this.composing) return;
    const recs = this.mo.takeRecords();
    if (recs.length) this.process(recs);
  }

  private process(recs: MutationRecord[]) {
    if (this.composing) return; // compositionend flushes; re-rendering during IME would break it
    this.lastTypedAt = performance.now();
    this.paras = readNativeEdits(this.view, this.paras, recs, this.audioTime());
    this.mo.takeRecords();
    this.changed();
  }
}
