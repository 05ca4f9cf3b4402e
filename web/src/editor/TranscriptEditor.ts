// The transcript editor: a contentEditable div with one <div class="p"> per paragraph, each
// holding ONE text node. The words — text, trailing whitespace, start/end time, confidence — live
// in a plain array of immutable paragraphs outside React and outside the DOM; a word's place in
// the text is its character offset. Measured in Chromium, this matters: with a <span> per word,
// Chrome's own editing work (TypingCommand, selection sync, paint) costs ~18 ms per keystroke in a
// 9,000-word document and over a second in one long paragraph; with one text node per paragraph
// it is ~3 ms (see bench/editor).
//
// After each native edit (typing, deleting, spell-check replacement, IME) the changed paragraph is
// diffed against its model (common prefix/suffix), and only the words around the change are
// re-derived: unchanged words keep their object and timing, edited words keep the time of the
// characters they came from, typed words get timings interpolated from their neighbours.
// Structural edits (Enter, paste, deleting across paragraphs, text expanders, blanks) are done on
// the model here, not by the browser. The playing word, low-confidence words and blanks are drawn
// with the CSS Custom Highlight API: playback never touches the document.

import {
  BLANK_TEXT,
  deriveWords,
  documentText,
  HUMAN_CONFIDENCE,
  interpolate,
  isWs,
  looksLikeHeading,
  offsetsOf,
  type Para,
  type Piece,
  piecesOf,
  primeText,
  replacedSpan,
  replacementPieces,
  retime,
  serialize,
  textOf,
  timedAfter,
  timedBefore,
  tokenize,
  unitAt,
  type Word,
  wordIndexAt,
} from './wordModel';

export const LOW_CONFIDENCE = 0.6;

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

/** A misspelled word in the document, for the suggestions menu. */
export interface SpellTarget {
  word: string;
  pi: number;
  /** Character offset of the word in its paragraph. */
  off: number;
  /** Where to show the menu (viewport coordinates). */
  x: number;
  y: number;
}

/**
 * The words the spell check judges: letter runs inside a token, with inner apostrophes or
 * hyphens ("pain," → "pain"; "mg/dL" → "mg", "dL"). Digits and symbols are not part of them.
 */
export const SPELL_WORD = /\p{L}+(?:['\u2019-]\p{L}+)*/gu;

export interface Caret {
  pi: number;
  off: number;
}
interface Snapshot {
  paras: Para[];
  caret: Caret | null;
}

export const HIGHLIGHT_PLAYING = 'dictum-playing';
export const HIGHLIGHT_LOWCONF = 'dictum-lowconf';
export const HIGHLIGHT_BLANK = 'dictum-blank';
export const HIGHLIGHT_MISSPELLED = 'dictum-misspelled';
export const HIGHLIGHT_SILENCE = 'dictum-silence';

/** A word the engine was unsure of (low confidence or heard over silence); blanks are not. */
export const isUncertain = (w: Word) =>
  w.text !== BLANK_TEXT && (w.conf < LOW_CONFIDENCE || w.overSilence === true);

const BIG_PARA = 300;
/** How many typed words on each side of an edit are re-spread with it. */
const TYPED_REACH = 48;
const WINDOW_MARGIN = 3000;

/** Character offset in text node `tn` at a viewport point, if the point is over it. */
function offsetAtPoint(x: number, y: number, tn: Node): number | null {
  const d = document as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  };
  if (d.caretPositionFromPoint) {
    const pos = d.caretPositionFromPoint(x, y);
    return pos && pos.offsetNode === tn ? pos.offset : null;
  }
  const r = document.caretRangeFromPoint?.(x, y);
  return r && r.startContainer === tn ? r.startOffset : null;
}

const hasHighlights = () =>
  typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';

export class TranscriptEditor {
  readonly root: HTMLElement;
  /** Bumped on every change; autosave and the local draft compare it. */
  version = 0;
  followPlayback = true;
  private paras: Para[] = [];
  private elPara = new WeakMap<Element, Para>();
  private elRanges = new WeakMap<Element, StaticRange[]>();
  private mo: MutationObserver;
  private composing = false;
  private undoStack: Snapshot[] = [];
  private redoStack: Snapshot[] = [];
  private lastEdit = { kind: '', time: 0 };
  private lastCaret: Caret | null = null;
  private playIndex: {
    version: number;
    words: Word[];
    starts: Float64Array;
    para: Int32Array;
    off: Int32Array;
  } | null = null;
  private playingWord: Word | null = null;
  private hlPlaying: Highlight | null = null;
  private hlLowConf: Highlight | null = null;
  private hlBlank: Highlight | null = null;
  private hlSpell: Highlight | null = null;
  private hlSilence: Highlight | null = null;
  /** Words (letter runs, as written) the server's spell check flagged. */
  private misspelled: ReadonlySet<string> = new Set();
  private lastTypedAt = 0;
  /**
   * Highlight ranges cost Chrome paint time per range on every frame (measured: ~400 ranges add
   * ~8 ms per keystroke), so only paragraphs near the viewport are marked, and in a very long
   * paragraph only the characters near the viewport.
   */
  private io: IntersectionObserver | null = null;
  private nearView = new Set<Element>();
  private charWindow = new WeakMap<Element, [number, number]>();
  private scrollRaf = 0;
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
    on('beforeinput', (e) => this.onBeforeInput(e));
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
    if (hasHighlights()) {
      this.hlPlaying = new Highlight();
      this.hlLowConf = new Highlight();
      this.hlBlank = new Highlight();
      this.hlSpell = new Highlight();
      this.hlSilence = new Highlight();
      this.hlSilence.priority = 0;
      this.hlLowConf.priority = 0;
      this.hlSpell.priority = 1;
      this.hlBlank.priority = 1;
      this.hlPlaying.priority = 2;
      CSS.highlights.set(HIGHLIGHT_PLAYING, this.hlPlaying);
      CSS.highlights.set(HIGHLIGHT_LOWCONF, this.hlLowConf);
      CSS.highlights.set(HIGHLIGHT_BLANK, this.hlBlank);
      CSS.highlights.set(HIGHLIGHT_MISSPELLED, this.hlSpell);
      CSS.highlights.set(HIGHLIGHT_SILENCE, this.hlSilence);
    }
    if (typeof IntersectionObserver !== 'undefined') {
      this.io = new IntersectionObserver(
        (entries) => {
          for (const e of entries) {
            const el = e.target as HTMLElement;
            if (e.isIntersecting) this.nearView.add(el);
            else this.nearView.delete(el);
            const p = this.elPara.get(el);
            if (p && el.parentNode === root) {
              if (e.isIntersecting) this.updateWindow(el, p);
              this.markPara(el, p);
            }
          }
          this.cb.onViewChange?.();
        },
        { root, rootMargin: '800px 0px' },
      );
    }
    const onScroll = () => {
      if (this.scrollRaf) return;
      this.scrollRaf = requestAnimationFrame(() => {
        this.scrollRaf = 0;
        for (const el of this.nearView) {
          const p = this.elPara.get(el);
          if (p && p.words.length > BIG_PARA && this.updateWindow(el as HTMLElement, p)) {
            this.markPara(el as HTMLElement, p);
            this.cb.onViewChange?.();
          }
        }
      });
    };
    root.addEventListener('scroll', onScroll, { passive: true });
    this.cleanup.push(() => root.removeEventListener('scroll', onScroll));
    this.load([{ lead: '', words: [] }]);
  }

  destroy() {
    this.mo.disconnect();
    this.io?.disconnect();
    cancelAnimationFrame(this.scrollRaf);
    for (const c of this.cleanup) c();
    if (hasHighlights()) {
      for (const [name, h] of [
        [HIGHLIGHT_PLAYING, this.hlPlaying],
        [HIGHLIGHT_LOWCONF, this.hlLowConf],
        [HIGHLIGHT_BLANK, this.hlBlank],
        [HIGHLIGHT_MISSPELLED, this.hlSpell],
        [HIGHLIGHT_SILENCE, this.hlSilence],
      ] as const)
        if (CSS.highlights.get(name) === h) CSS.highlights.delete(name);
    }
  }

  // ---------------------------------------------------------------- public API

  /** Replace the whole document (no undo entry). */
  load(paras: Para[]) {
    if (paras.length === 0) paras = [{ lead: '', words: [] }];
    this.hlLowConf?.clear();
    this.hlBlank?.clear();
    this.hlSpell?.clear();
    this.hlSilence?.clear();
    this.hlPlaying?.clear();
    const frag = document.createDocumentFragment();
    const els: HTMLElement[] = [];
    for (const p of paras) {
      const el = document.createElement('div');
      frag.appendChild(el);
      els.push(el);
      this.renderPara(p, el, false);
    }
    this.root.replaceChildren(frag);
    // Ranges need connected text nodes: mark after insertion.
    els.forEach((el, i) => {
      this.markPara(el, paras[i]!);
    });
    this.paras = paras.slice();
    this.undoStack = [];
    this.redoStack = [];
    this.playIndex = null;
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
    const sel = getSelection();
    if (this.lastCaret && !(sel?.focusNode && this.root.contains(sel.focusNode)))
      this.setCaret(this.lastCaret.pi, this.lastCaret.off);
  }

  setLowConfidenceVisible(on: boolean) {
    this.root.classList.toggle('show-lc', on);
    if (!hasHighlights() || !this.hlLowConf) return;
    if (on) CSS.highlights.set(HIGHLIGHT_LOWCONF, this.hlLowConf);
    else CSS.highlights.delete(HIGHLIGHT_LOWCONF);
    if (this.hlSilence) {
      if (on) CSS.highlights.set(HIGHLIGHT_SILENCE, this.hlSilence);
      else CSS.highlights.delete(HIGHLIGHT_SILENCE);
    }
  }

  // ---------------------------------------------------------------- spelling

  /** The browser's own spell checker; off while the server's medical check is active. */
  setNativeSpellcheck(on: boolean) {
    this.root.spellcheck = on;
  }

  /** Mark these words (letter runs, as written) as misspelled, wherever they are in view. */
  setMisspelled(words: ReadonlySet<string>) {
    this.misspelled = words;
    const kids = this.root.children;
    for (let i = 0; i < kids.length; i++) {
      const el = kids[i] as HTMLElement;
      const p = this.elPara.get(el);
      if (p && (!this.io || this.nearView.has(el))) this.markPara(el, p);
    }
  }

  /** The distinct words (letter runs) of the paragraphs near the viewport: what the spell check reads. */
  visibleWords(): string[] {
    this.flush();
    const out = new Set<string>();
    const kids = this.root.children;
    for (let i = 0; i < kids.length; i++) {
      const el = kids[i] as HTMLElement;
      if (this.io && !this.nearView.has(el)) continue;
      const p = this.elPara.get(el);
      if (!p) continue;
      let lo = 0;
      let hi = p.words.length;
      const win = p.words.length > BIG_PARA ? this.charWindow.get(el) : undefined;
      if (win) {
        lo = Math.max(0, unitAt(p, win[0]));
        hi = Math.min(p.words.length, unitAt(p, win[1]) + 1);
      }
      for (let wi = lo; wi < hi; wi++) for (const m of p.words[wi]!.text.matchAll(SPELL_WORD)) out.add(m[0]);
    }
    return [...out];
  }

  /** The misspelled word at character `off` of paragraph `pi`, if any. */
  private misspelledAt(pi: number, off: number): { word: string; off: number } | null {
    const p = this.paras[pi];
    if (!p?.words.length || this.misspelled.size === 0) return null;
    const o = offsetsOf(p);
    const wi = unitAt(p, off);
    for (const i of [wi, wi + 1]) {
      const w = p.words[i];
      if (!w) continue;
      for (const m of w.text.matchAll(SPELL_WORD)) {
        const start = o[i]! + m.index;
        if (off >= start && off <= start + m[0].length && this.misspelled.has(m[0]))
          return { word: m[0], off: start };
      }
    }
    return null;
  }

  /** The misspelled word at (or just after) the caret, with where to show its menu. */
  misspelledAtCaret(): SpellTarget | null {
    this.flush();
    const c = this.caret();
    if (!c) return null;
    const hit = this.misspelledAt(c.pi, c.off);
    if (!hit) return null;
    const rect = this.rangeAt(c.pi, hit.off, hit.word.length)?.getBoundingClientRect();
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
    if (!this.cb.onSpellMenu || this.misspelled.size === 0) return;
    const el = this.topPara(e.target as Node);
    const tn = el?.firstChild;
    if (!el || tn?.nodeType !== 3) return;
    const off = offsetAtPoint(e.clientX, e.clientY, tn);
    if (off === null) return;
    const pi = this.indexOfPara(el);
    const hit = this.misspelledAt(pi, off);
    if (!hit) return; // not on a flagged word: the browser's own menu
    e.preventDefault();
    this.setCaret(pi, off);
    this.cb.onSpellMenu({ word: hit.word, pi, off: hit.off, x: e.clientX, y: e.clientY });
  }

  /** Highlight the word being played at time `t` (seconds). Never changes the document. */
  setPlaybackTime(t: number) {
    const idx = this.playbackIndex();
    const i = wordIndexAt(idx.starts, t);
    const w = i >= 0 ? idx.words[i]! : null;
    if (w === this.playingWord) return;
    this.playingWord = w;
    if (!this.hlPlaying) return;
    this.hlPlaying.clear();
    if (!w) return;
    const r = this.rangeAt(idx.para[i]!, idx.off[i]!, w.text.length);
    if (!r) return;
    this.hlPlaying.add(r);
    if (this.followPlayback && performance.now() - this.lastTypedAt > 4000) this.keepVisible(r);
  }

  /** The word currently highlighted for playback. */
  get playing(): Word | null {
    return this.playingWord;
  }

  /** A live Range over word `wi` of paragraph `pi` (for tests and scrolling). */
  wordRange(pi: number, wi: number): Range | null {
    const p = this.paras[pi];
    if (!p?.words[wi]) return null;
    return this.rangeAt(pi, offsetsOf(p)[wi]!, p.words[wi]!.text.length);
  }

  /** Find a word by text (first match at or after paragraph `fromPi`): [pi, wi]. */
  findWord(text: string, fromPi = 0): [number, number] | null {
    for (let pi = fromPi; pi < this.paras.length; pi++) {
      const wi = this.paras[pi]!.words.findIndex((w) => w.text === text);
      if (wi >= 0) return [pi, wi];
    }
    return null;
  }

  /** Insert text at the caret (replacing a selection; or at the last caret, or the end). */
  insertText(text: string) {
    this.flush();
    this.ensureSelection();
    this.checkpoint('struct', true);
    const [a, b] = this.selectionCarets() ?? [this.endCaret(), this.endCaret()];
    this.replaceRange(a, b, text);
  }

  /**
   * Insert a blank ("___") at the caret, anchored to `audioTime`. Returns its character position
   * in the document text.
   */
  insertBlank(blankId: string, audioTime: number): number {
    this.flush();
    this.ensureSelection();
    this.checkpoint('struct', true);
    let [a, b] = this.selectionCarets() ?? [this.endCaret(), this.endCaret()];
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
    let docPos = 0;
    for (let i = 0; i < a.pi; i++) docPos += textOf(this.paras[i]!).length + 1;
    return docPos + at;
  }

  /** Ids of blanks whose "___" is still in the text. */
  blankIds(): Set<string> {
    const s = new Set<string>();
    for (const p of this.getParas())
      for (const w of p.words) if (w.blankId && w.text === BLANK_TEXT) s.add(w.blankId);
    return s;
  }

  /** Select a blank's text (typing replaces it) and scroll to it. */
  selectBlank(blankId: string): boolean {
    const paras = this.getParas();
    for (let pi = 0; pi < paras.length; pi++) {
      const wi = paras[pi]!.words.findIndex((w) => w.blankId === blankId);
      if (wi < 0) continue;
      const r = this.wordRange(pi, wi);
      if (!r) return false;
      this.root.focus({ preventScroll: true });
      const sel = getSelection()!;
      sel.removeAllRanges();
      sel.addRange(r);
      (this.root.children[pi] as HTMLElement).scrollIntoView({ block: 'center' });
      return true;
    }
    return false;
  }

  /** Give a blank its server id once it has been created. */
  renameBlank(from: string, to: string) {
    this.flush();
    for (let pi = 0; pi < this.paras.length; pi++) {
      const ws = this.paras[pi]!.words;
      for (let wi = 0; wi < ws.length; wi++)
        if (ws[wi]!.blankId === from) {
          this.replaceWord(pi, wi, { ...ws[wi]!, blankId: to }, false);
          return;
        }
    }
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

  canUndo() {
    return this.undoStack.length > 0;
  }
  undo() {
    this.flush();
    const s = this.undoStack.pop();
    if (!s) return;
    this.redoStack.push({ paras: this.paras, caret: this.caret() });
    this.apply(s);
  }
  redo() {
    this.flush();
    const s = this.redoStack.pop();
    if (!s) return;
    this.undoStack.push({ paras: this.paras, caret: this.caret() });
    this.apply(s);
  }

  // ---------------------------------------------------------------- rendering

  /** Put paragraph p into el: one text node (or a <br> when empty). */
  private renderPara(p: Para, el: HTMLElement, mark = true) {
    const text = textOf(p);
    el.className = looksLikeHeading(p) ? 'p h' : 'p';
    if (text) el.replaceChildren(document.createTextNode(text));
    else el.replaceChildren(document.createElement('br'));
    this.elPara.set(el, p);
    this.io?.observe(el);
    if (mark) this.markPara(el, p);
  }

  /** Low-confidence and blank highlights for one paragraph (if it is near the viewport). */
  private markPara(el: HTMLElement, p: Para) {
    if (!this.hlLowConf || !this.hlBlank || !this.hlSpell || !this.hlSilence) return;
    this.unmark(el);
    const tn = el.firstChild;
    if (tn?.nodeType !== 3 || (this.io && !this.nearView.has(el))) return;
    const o = offsetsOf(p);
    let lo = 0;
    let hi = p.words.length;
    const win = p.words.length > BIG_PARA ? this.charWindow.get(el) : undefined;
    if (win) {
      lo = Math.max(0, unitAt(p, win[0]));
      hi = Math.min(p.words.length, unitAt(p, win[1]) + 1);
    }
    const ranges: StaticRange[] = [];
    const spell = this.misspelled.size > 0;
    for (let i = lo; i < hi; i++) {
      const w = p.words[i]!;
      if (spell)
        for (const m of w.text.matchAll(SPELL_WORD)) {
          if (!this.misspelled.has(m[0])) continue;
          const r = new StaticRange({
            startContainer: tn,
            startOffset: o[i]! + m.index,
            endContainer: tn,
            endOffset: o[i]! + m.index + m[0].length,
          });
          ranges.push(r);
          this.hlSpell.add(r);
        }
      const blank = w.text === BLANK_TEXT;
      if (!blank && !w.overSilence && w.conf >= LOW_CONFIDENCE) continue;
      const r = new StaticRange({
        startContainer: tn,
        startOffset: o[i]!,
        endContainer: tn,
        endOffset: o[i]! + w.text.length,
      });
      ranges.push(r);
      // Silence-flagged words have their own mark (their confidence is capped as well).
      (blank ? this.hlBlank : w.overSilence ? this.hlSilence : this.hlLowConf).add(r);
    }
    if (ranges.length) this.elRanges.set(el, ranges);
  }

  /** For a long paragraph: the character window (± a margin) that is on screen. */
  private updateWindow(el: HTMLElement, p: Para): boolean {
    if (p.words.length <= BIG_PARA) return false;
    const tn = el.firstChild;
    if (tn?.nodeType !== 3) return false;
    const view = this.root.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    const top = Math.max(view.top, box.top) + 2;
    const bottom = Math.min(view.bottom, box.bottom) - 2;
    if (bottom <= top) return false;
    const a = offsetAtPoint(view.left + 24, top, tn) ?? 0;
    const b = offsetAtPoint(view.right - 24, bottom, tn) ?? (tn as Text).length;
    const next: [number, number] = [Math.max(0, a - WINDOW_MARGIN), b + WINDOW_MARGIN];
    const cur = this.charWindow.get(el);
    if (
      cur &&
      Math.abs(cur[0] - next[0]) < WINDOW_MARGIN / 3 &&
      Math.abs(cur[1] - next[1]) < WINDOW_MARGIN / 3
    )
      return false;
    this.charWindow.set(el, next);
    return true;
  }

  private rangeAt(pi: number, off: number, len: number): Range | null {
    const tn = this.root.children[pi]?.firstChild;
    if (tn?.nodeType !== 3 || (tn as Text).length < off + len) return null;
    const r = document.createRange();
    r.setStart(tn, off);
    r.setEnd(tn, off + len);
    return r;
  }

  private changed() {
    this.version++;
    this.cb.onChange?.();
  }

  private playbackIndex() {
    if (this.playIndex && this.playIndex.version === this.version) return this.playIndex;
    let n = 0;
    for (const p of this.paras) n += p.words.length;
    const words: Word[] = new Array(n);
    const starts = new Float64Array(n);
    const para = new Int32Array(n);
    const off = new Int32Array(n);
    let k = 0;
    let max = Number.NEGATIVE_INFINITY;
    this.paras.forEach((p, pi) => {
      const o = offsetsOf(p);
      p.words.forEach((w, wi) => {
        words[k] = w;
        max = Math.max(max, w.start);
        starts[k] = max;
        para[k] = pi;
        off[k++] = o[wi]!;
      });
    });
    this.playIndex = { version: this.version, words, starts, para, off };
    return this.playIndex;
  }

  private keepVisible(r: Range) {
    const rect = r.getBoundingClientRect();
    const s = this.root.getBoundingClientRect();
    if (rect.top < s.top + 8 || rect.bottom > s.bottom - 8)
      this.root.scrollTop += rect.top - s.top - s.height / 3;
  }

  // ---------------------------------------------------------------- positions

  private topPara(n: Node | null): HTMLElement | null {
    while (n && n.parentNode !== this.root) n = n.parentNode;
    return n && n.nodeType === 1 ? (n as HTMLElement) : null;
  }

  private indexOfPara(el: Element): number {
    return Array.prototype.indexOf.call(this.root.children, el);
  }

  /** Character offset of a DOM point within a paragraph element. */
  private offsetIn(el: HTMLElement, node: Node, offset: number): number {
    if (node.nodeType === 3 && node.parentNode === el && el.firstChild === node) return offset;
    if (node === el) {
      let n = 0;
      for (let i = 0; i < offset && i < el.childNodes.length; i++)
        n += el.childNodes[i]!.textContent?.length ?? 0;
      return n;
    }
    const r = document.createRange();
    r.setStart(el, 0);
    r.setEnd(node, offset);
    return r.toString().length;
  }

  private pointToCaret(node: Node | null, offset: number): Caret | null {
    if (!node) return null;
    if (node === this.root) {
      const kids = this.root.children;
      if (!kids.length) return null;
      if (offset >= kids.length) {
        const pi = kids.length - 1;
        return { pi, off: kids[pi]!.textContent?.length ?? 0 };
      }
      return { pi: offset, off: 0 };
    }
    const el = this.topPara(node);
    if (!el) return null;
    const pi = this.indexOfPara(el);
    return pi < 0 ? null : { pi, off: this.offsetIn(el, node, offset) };
  }

  caret(): Caret | null {
    const sel = getSelection();
    if (!sel || sel.rangeCount === 0 || !sel.focusNode || !this.root.contains(sel.focusNode)) return null;
    return this.pointToCaret(sel.focusNode, sel.focusOffset);
  }

  /** Start and end of the selection, in document order. */
  private selectionCarets(): [Caret, Caret] | null {
    const sel = getSelection();
    if (!sel || sel.rangeCount === 0) return null;
    const r = sel.getRangeAt(0);
    if (!this.root.contains(r.commonAncestorContainer)) return null;
    const a = this.pointToCaret(r.startContainer, r.startOffset);
    const b = this.pointToCaret(r.endContainer, r.endOffset);
    return a && b ? [a, b] : null;
  }

  private endCaret(): Caret {
    const pi = this.paras.length - 1;
    return { pi, off: textOf(this.paras[pi]!).length };
  }

  setCaret(pi: number, off: number) {
    const el = this.root.children[Math.max(0, Math.min(pi, this.root.children.length - 1))] as
      | HTMLElement
      | undefined;
    if (!el) return;
    const sel = getSelection();
    if (!sel) return;
    const tn = el.firstChild;
    if (tn && tn.nodeType === 3) sel.collapse(tn, Math.max(0, Math.min(off, (tn as Text).length)));
    else sel.collapse(el, 0);
    this.lastCaret = { pi, off };
  }

  private ensureSelection() {
    const sel = getSelection()!;
    if (sel.rangeCount && this.root.contains(sel.anchorNode)) return;
    this.root.focus({ preventScroll: true });
    const c = this.lastCaret ?? this.endCaret();
    this.setCaret(c.pi, c.off);
  }

  // ---------------------------------------------------------------- undo

  private checkpoint(kind: string, force = false) {
    const now = performance.now();
    this.lastTypedAt = now;
    if (force || kind !== this.lastEdit.kind || now - this.lastEdit.time > 1000 || kind === 'struct') {
      this.undoStack.push({ paras: this.paras, caret: this.caret() });
      if (this.undoStack.length > 500) this.undoStack.shift();
    }
    this.redoStack = [];
    this.lastEdit = { kind, time: now };
  }

  private apply(s: Snapshot) {
    const kids = Array.from(this.root.children) as HTMLElement[];
    const cur = kids.map((el) => this.elPara.get(el));
    const next = s.paras;
    let a = 0;
    while (a < cur.length && a < next.length && cur[a] === next[a]) a++;
    let b = 0;
    while (b < cur.length - a && b < next.length - a && cur[cur.length - 1 - b] === next[next.length - 1 - b])
      b++;
    this.spliceParas(a, cur.length - b, next.slice(a, next.length - b));
    this.paras = next.slice();
    this.mo.takeRecords();
    if (s.caret) this.setCaret(s.caret.pi, s.caret.off);
    this.lastEdit = { kind: 'undo', time: 0 };
    this.changed();
  }

  /** Replace paragraph elements [from, to) with renderings of `paras` (reusing elements). */
  private spliceParas(from: number, to: number, paras: Para[]) {
    const kids = Array.from(this.root.children) as HTMLElement[];
    const before = kids[to] ?? null;
    let k = 0;
    for (let i = from; i < to; i++) {
      const el = kids[i]!;
      if (k < paras.length) this.renderPara(paras[k++]!, el);
      else {
        this.unmark(el);
        this.io?.unobserve(el);
        this.nearView.delete(el);
        el.remove();
      }
    }
    for (; k < paras.length; k++) {
      const el = document.createElement('div');
      this.root.insertBefore(el, before);
      this.renderPara(paras[k]!, el);
    }
  }

  private unmark(el: Element) {
    for (const r of this.elRanges.get(el) ?? []) {
      this.hlLowConf?.delete(r);
      this.hlBlank?.delete(r);
      this.hlSpell?.delete(r);
      this.hlSilence?.delete(r);
    }
    this.elRanges.delete(el);
  }

  // ---------------------------------------------------------------- events

  private onKeyDown(e: KeyboardEvent) {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !e.altKey) {
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
    const candidates = [wi, wi + 1];
    for (const i of candidates) {
      const w = p.words[i];
      if (!w) continue;
      const o = offsetsOf(p)[i]!;
      if (c.off >= o && c.off <= o + w.text.length) {
        if (e.detail > 0 && !this.pointOverWord(c.pi, o, w.text.length, e.clientX, e.clientY)) return;
        this.cb.onWordClick?.(w, e);
        return;
      }
    }
  }

  /** Whether a viewport point lies on a word's boxes (with a few pixels of slack). */
  private pointOverWord(pi: number, off: number, len: number, x: number, y: number): boolean {
    const r = this.rangeAt(pi, off, len);
    if (!r) return false;
    const slack = 4;
    for (const b of Array.from(r.getClientRects()))
      if (x >= b.left - slack && x <= b.right + slack && y >= b.top - 1 && y <= b.bottom + 1) return true;
    return false;
  }

  // ---------------------------------------------------------------- navigation

  /** Where the search for the next/previous word starts: the caret's word (or the start). */
  private navOrigin(): { pi: number; wi: number } {
    this.flush();
    const sc = this.selectionCarets();
    const c = sc ? sc[0] : this.lastCaret;
    if (!c) return { pi: 0, wi: -1 };
    const p = this.paras[c.pi];
    return { pi: c.pi, wi: p ? unitAt(p, c.off) : -1 };
  }

  /**
   * Select the next (dir 1) or previous (-1) word matching `test`, scrolled into view; returns it.
   * Searching wraps around the document once.
   */
  selectNext(test: (w: Word) => boolean, dir: 1 | -1): Word | null {
    const { pi: p0, wi: w0 } = this.navOrigin();
    const P = this.paras.length;
    for (let step = 0; step <= P; step++) {
      const pi = (((p0 + dir * step) % P) + P) % P;
      const words = this.paras[pi]!.words;
      let wi = step === 0 ? w0 + dir : dir > 0 ? 0 : words.length - 1;
      for (; wi >= 0 && wi < words.length; wi += dir) {
        if (step === P && (dir > 0 ? wi > w0 : wi < w0)) return null;
        const w = words[wi]!;
        if (!test(w)) continue;
        const r = this.wordRange(pi, wi);
        if (!r) return null;
        this.root.focus({ preventScroll: true });
        const sel = getSelection()!;
        sel.removeAllRanges();
        sel.addRange(r);
        this.lastCaret = { pi, off: offsetsOf(this.paras[pi]!)[wi]! };
        this.keepVisible(r);
        return w;
      }
    }
    return null;
  }

  /** Clear the low-confidence flag of the selected words (or the word at the caret) without retyping. */
  acceptWords(): number {
    this.flush();
    const sc = this.selectionCarets() ?? (this.lastCaret ? [this.lastCaret, this.lastCaret] : null);
    if (!sc) return 0;
    const hits: [number, number][] = [];
    for (const [pi, wi] of this.wordsIn(sc[0], sc[1])) {
      const w = this.paras[pi]!.words[wi]!;
      if (isUncertain(w)) hits.push([pi, wi]);
    }
    if (!hits.length) return 0;
    this.checkpoint('struct', true);
    for (const [pi, wi] of hits) {
      const { overSilence: _, ...w } = this.paras[pi]!.words[wi]!;
      this.replaceWord(pi, wi, { ...w, conf: HUMAN_CONFIDENCE }, false);
    }
    this.changed();
    return hits.length;
  }

  /** [paragraph, word] of the words overlapping [a, b]; for a caret, the word it is on. */
  private wordsIn(a: Caret, b: Caret): [number, number][] {
    const out: [number, number][] = [];
    if (a.pi === b.pi && a.off === b.off) {
      const p = this.paras[a.pi];
      const wi = p ? unitAt(p, a.off) : -1;
      if (p && wi >= 0) out.push([a.pi, wi]);
      return out;
    }
    for (let pi = a.pi; pi <= b.pi; pi++) {
      const p = this.paras[pi]!;
      const o = offsetsOf(p);
      const lo = pi === a.pi ? a.off : 0;
      const hi = pi === b.pi ? b.off : Number.POSITIVE_INFINITY;
      p.words.forEach((w, wi) => {
        const ws = o[wi]!;
        if (ws + w.text.length > lo && ws < hi) out.push([pi, wi]);
      });
    }
    return out;
  }

  /** Audio span of the selected words: the first one's start to the last one's end. */
  selectionSpan(): { start: number; end: number } | null {
    this.flush();
    const sc = this.selectionCarets();
    if (!sc) return null;
    const [a, b] = sc;
    if (a.pi === b.pi && a.off === b.off) return null;
    let start = Number.NaN;
    let end = Number.NaN;
    for (const [pi, wi] of this.wordsIn(a, b)) {
      const w = this.paras[pi]!.words[wi]!;
      if (Number.isNaN(w.start)) continue;
      if (Number.isNaN(start)) start = w.start;
      end = Number.isNaN(end) ? w.end : Math.max(end, w.end);
    }
    return Number.isNaN(start) || !(end > start) ? null : { start, end };
  }

  private onBeforeInput(e: InputEvent) {
    const t = e.inputType;
    if (t === 'historyUndo' || t === 'historyRedo') {
      e.preventDefault();
      if (t === 'historyUndo') this.undo();
      else this.redo();
      return;
    }
    if (t.startsWith('format')) {
      e.preventDefault();
      return;
    }
    if (this.composing || t === 'insertCompositionText') return;
    this.flush();
    const sc = this.selectionCarets();
    if (!sc) return;
    const [a, b] = sc;
    const collapsed = a.pi === b.pi && a.off === b.off;
    const multi = a.pi !== b.pi;

    if (t === 'insertParagraph' || t === 'insertLineBreak') {
      e.preventDefault();
      if (collapsed && this.tryExpand(a, '\n')) return;
      this.checkpoint('struct');
      this.replaceRange(a, b, '\n');
      return;
    }
    if (t === 'insertFromPaste' || t === 'insertFromPasteAsQuotation' || t === 'insertFromYank') {
      e.preventDefault();
      const text = e.dataTransfer?.getData('text/plain') ?? e.data ?? '';
      this.checkpoint('struct');
      this.replaceRange(a, b, text);
      return;
    }
    if (t === 'insertFromDrop' || t === 'deleteByDrag') {
      e.preventDefault();
      return;
    }
    if (t.startsWith('delete')) {
      if (multi) {
        e.preventDefault();
        this.checkpoint('struct');
        this.replaceRange(a, b, '');
        return;
      }
      if (collapsed) {
        const back = t.includes('Backward');
        const len = textOf(this.paras[a.pi]!).length;
        if (back && a.off === 0) {
          e.preventDefault();
          if (a.pi > 0) {
            this.checkpoint('struct');
            this.replaceRange({ pi: a.pi - 1, off: textOf(this.paras[a.pi - 1]!).length }, a, '');
          }
          return;
        }
        if (!back && a.off >= len) {
          e.preventDefault();
          if (a.pi < this.paras.length - 1) {
            this.checkpoint('struct');
            this.replaceRange(a, { pi: a.pi + 1, off: 0 }, '');
          }
          return;
        }
      }
      this.checkpoint('delete');
      return;
    }
    if (t === 'insertText' || t === 'insertReplacementText') {
      const data = e.data ?? e.dataTransfer?.getData('text/plain') ?? '';
      if (multi || data.includes('\n')) {
        e.preventDefault();
        this.checkpoint('struct');
        this.replaceRange(a, b, data);
        return;
      }
      if (collapsed && data.length === 1 && /[\s.,;:!?)]/.test(data) && this.tryExpand(a, data)) {
        e.preventDefault();
        return;
      }
      this.checkpoint(/\s/.test(data) ? 'insert-ws' : 'insert');
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

  /**
   * Replace the text between two carets (possibly in different paragraphs) with `text`, where
   * "\n" makes paragraphs. Words outside the range keep their objects; words cut by the range
   * keep the time of their remaining characters.
   */
  private replaceRange(a: Caret, b: Caret, text: string) {
    const pa = this.paras[a.pi]!;
    const pb = this.paras[b.pi]!;
    const tail = textOf(pb).length - b.off;
    const clean = text.replace(/\r\n?/g, '\n');
    const pieces: Piece[] = [
      ...piecesOf(pa, 0, a.off),
      // Replacing within a paragraph: the new text takes the time of the text it replaces.
      ...(a.pi === b.pi && !clean.includes('\n')
        ? replacementPieces(piecesOf(pa, a.off, b.off), clean)
        : [{ text: clean, src: null }]),
      ...piecesOf(pb, b.off, textOf(pb).length),
    ];
    // Split into paragraphs at the newlines (only inserted text has them).
    const groups: Piece[][] = [[]];
    for (const pc of pieces) {
      if (pc.src || !pc.text.includes('\n')) {
        groups.at(-1)!.push(pc);
        continue;
      }
      const parts = pc.text.split('\n');
      parts.forEach((part, i) => {
        if (i > 0) groups.push([]);
        if (part) groups.at(-1)!.push({ text: part, src: null });
      });
    }
    const derived = groups.map((g) => deriveWords(g));
    // Interpolate typed words across all new paragraphs at once.
    const flat = derived.flatMap((d) => d.words);
    const before = timedBefore(this.paras, a.pi, 0);
    const after = timedAfter(this.paras, b.pi, this.paras[b.pi]!.words.length);
    // The span of what was replaced (across paragraphs too) stays with the text that replaced it.
    const deleted =
      a.pi === b.pi
        ? piecesOf(pa, a.off, b.off)
        : [
            ...piecesOf(pa, a.off, textOf(pa).length),
            ...this.paras.slice(a.pi + 1, b.pi).flatMap((p) => piecesOf(p, 0, textOf(p).length)),
            ...piecesOf(pb, 0, b.off),
          ];
    const span = clean.trim() ? replacedSpan(deleted) : null;
    const timed = retime(flat, before, after, this.cb.audioTime?.() ?? 0, span);
    let k = 0;
    const newParas: Para[] = derived.map((d) => {
      const words = timed.slice(k, k + d.words.length);
      k += d.words.length;
      return { lead: d.lead, words };
    });
    this.spliceParas(a.pi, b.pi + 1, newParas);
    this.paras = [...this.paras.slice(0, a.pi), ...newParas, ...this.paras.slice(b.pi + 1)];
    this.mo.takeRecords();
    const last = a.pi + newParas.length - 1;
    this.setCaret(last, textOf(newParas.at(-1)!).length - tail);
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
      this.elPara.set(el, np);
      this.markPara(el, np);
    }
    this.paras = this.paras.slice();
    this.paras[pi] = np;
    if (notify) this.changed();
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
    const dirty = new Set<HTMLElement>();
    let structural = false;
    for (const rec of recs) {
      if (rec.target === this.root) {
        structural = true;
        continue;
      }
      const el = this.topPara(rec.target);
      if (el) dirty.add(el);
      else structural = true;
    }
    this.lastTypedAt = performance.now();
    if (structural || this.root.children.length !== this.paras.length) this.resyncAll();
    else
      for (const el of dirty) {
        if (!this.elPara.has(el) || el.parentNode !== this.root) {
          this.resyncAll();
          break;
        }
        this.reconcile(el);
      }
    this.mo.takeRecords();
    this.changed();
  }

  /** Diff one paragraph's DOM text against its model and re-derive only the changed words. */
  private reconcile(el: HTMLElement) {
    const old = this.elPara.get(el)!;
    const pi = this.indexOfPara(el);
    const oldText = textOf(old);
    const newText = (el.textContent ?? '').replace(/\n/g, ' ');
    let np: Para = old;
    if (newText !== oldText) {
      const oldLen = oldText.length;
      const newLen = newText.length;
      const max = Math.min(oldLen, newLen);
      let p = 0;
      while (p < max && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
      let s = 0;
      while (s < max - p && oldText.charCodeAt(oldLen - 1 - s) === newText.charCodeAt(newLen - 1 - s)) s++;
      const oldEnd = oldLen - s;
      const newEnd = newLen - s;
      const n = old.words.length;
      const o = offsetsOf(old);
      // Whole units (word + trailing space) around the change, so edits that join or split
      // words are seen: from the unit before the change to the unit after it.
      let iFirst = p > 0 ? unitAt(old, p - 1) : -1;
      let iLast = n === 0 ? -1 : oldEnd < oldLen ? unitAt(old, oldEnd) : n - 1;
      // Typed words next to the change share one audio span with it (see retime): take them in
      // (bounded, so a keystroke stays cheap).
      for (let k = 0; k < TYPED_REACH && iFirst > 0 && old.words[iFirst - 1]!.typed; k++) iFirst--;
      for (let k = 0; k < TYPED_REACH && iLast >= 0 && iLast + 1 < n && old.words[iLast + 1]!.typed; k++)
        iLast++;
      const A = iFirst < 0 ? 0 : o[iFirst]!;
      const B = iLast + 1 < n ? o[iLast + 1]! : oldLen;
      const deleted = piecesOf(old, p, oldEnd);
      const typedText = newText.slice(p, newEnd);
      const inserted = replacementPieces(deleted, typedText);
      const span = typedText.trim() ? replacedSpan(deleted) : null;
      const d = deriveWords([...piecesOf(old, A, p), ...inserted, ...piecesOf(old, oldEnd, B)]);
      const first = Math.max(iFirst, 0);
      const fresh = retime(
        d.words,
        timedBefore(this.paras, pi, first),
        timedAfter(this.paras, pi, iLast),
        this.cb.audioTime?.() ?? 0,
        span,
      );
      np = {
        lead: iFirst < 0 ? d.lead : old.lead,
        words: old.words.slice(0, first).concat(fresh, old.words.slice(iLast + 1)),
      };
      // The region's words must spell exactly the edited text (checked on the region only, so a
      // keystroke in a very long paragraph stays cheap); then the new paragraph's text is known.
      const normalised = newText.replace(/\u00a0/g, ' ');
      let region = iFirst < 0 ? d.lead : '';
      for (const w of fresh) region += w.text + w.ws;
      if ((iFirst >= 0 && d.lead) || region !== normalised.slice(A, B + newLen - oldLen)) {
        // Should not happen; re-derive the whole paragraph rather than trust a bad splice.
        const full = deriveWords([
          ...piecesOf(old, 0, p),
          ...replacementPieces(piecesOf(old, p, oldEnd), newText.slice(p, newEnd)),
          ...piecesOf(old, oldEnd, oldLen),
        ]);
        np = {
          lead: full.lead,
          words: retime(
            full.words,
            timedBefore(this.paras, pi, 0),
            timedAfter(this.paras, pi, n),
            this.cb.audioTime?.() ?? 0,
            span,
          ),
        };
      } else primeText(np, normalised);
      this.paras = this.paras.slice();
      this.paras[pi] = np;
      this.elPara.set(el, np);
      el.classList.toggle('h', looksLikeHeading(np));
    }
    this.normalizeDom(el, np);
    this.markPara(el, np);
  }

  /** Keep the paragraph's DOM as exactly one text node holding the model's text. */
  private normalizeDom(el: HTMLElement, p: Para) {
    const text = textOf(p);
    const only = el.childNodes.length === 1 ? el.firstChild! : null;
    if (text === '') {
      if (only?.nodeName === 'BR') return;
      const hadCaret = this.caretIn(el);
      el.replaceChildren(document.createElement('br'));
      if (hadCaret) getSelection()!.collapse(el, 0);
      return;
    }
    if (only && only.nodeType === 3 && (only as Text).data === text) return;
    const sel = getSelection();
    const off =
      sel?.focusNode && el.contains(sel.focusNode) ? this.offsetIn(el, sel.focusNode, sel.focusOffset) : -1;
    if (only && only.nodeType === 3) (only as Text).data = text;
    else el.replaceChildren(document.createTextNode(text));
    if (off >= 0) sel!.collapse(el.firstChild!, Math.min(off, text.length));
  }

  private caretIn(el: HTMLElement) {
    const sel = getSelection();
    return !!sel?.focusNode && el.contains(sel.focusNode);
  }

  /** Re-read every paragraph (after a change we did not expect at the top level). */
  private resyncAll() {
    const root = this.root;
    let stray: HTMLElement | null = null;
    for (const n of Array.from(root.childNodes)) {
      if (n.nodeType === 1 && (n as Element).tagName === 'DIV') {
        stray = null;
        (n as HTMLElement).classList.add('p');
        continue;
      }
      if (!stray) {
        stray = document.createElement('div');
        stray.className = 'p';
        root.insertBefore(stray, n);
      }
      stray.appendChild(n);
    }
    if (root.children.length === 0) {
      const el = document.createElement('div');
      root.appendChild(el);
      this.renderPara({ lead: '', words: [] }, el);
    }
    const kids = Array.from(root.children) as HTMLElement[];
    const next: Para[] = [];
    // Known paragraphs are diffed against their model; new ones are read as typed text.
    this.paras = kids.map((el) => this.elPara.get(el) ?? { lead: '', words: [] });
    kids.forEach((el, i) => {
      if (!this.elPara.has(el)) {
        const { lead, tokens } = tokenize((el.textContent ?? '').replace(/\n/g, ' '));
        const words = tokens.map((t) => ({
          text: t.text,
          ws: t.ws,
          start: Number.NaN,
          end: Number.NaN,
          conf: HUMAN_CONFIDENCE,
          typed: true,
        }));
        const p: Para = {
          lead,
          words: interpolate(
            words,
            timedBefore(next, i, 0),
            timedAfter(this.paras, i + 1, -1),
            this.cb.audioTime?.() ?? 0,
          ),
        };
        this.elPara.set(el, p);
        this.paras[i] = p;
        this.normalizeDom(el, p);
        this.markPara(el, p);
      } else this.reconcile(el);
      next.push(this.paras[i]!);
    });
    this.paras = next;
  }
}
