// The transcript editor: a contentEditable div rendered once from the words, one
// <span class="w" data-i> per word, whitespace as text nodes between them and one <div class="p">
// per paragraph. The source of truth is a plain array of immutable paragraphs (`Para[]`) kept
// outside React. After each edit only the touched words are re-derived from the DOM: unchanged
// words keep their object (timing, confidence), edited ones keep the time of the characters they
// came from, typed ones get timings interpolated from their neighbours. Structural edits
// (Enter, paste, deleting across paragraphs) are done here, not by the browser, so the DOM stays
// in the shape we render. Playback highlighting never touches the document: it uses the CSS
// Custom Highlight API (or toggles one class on one span where that API is missing).

import {
  BLANK_TEXT,
  deriveWords,
  documentText,
  HUMAN_CONFIDENCE,
  interpolate,
  isWs,
  looksLikeHeading,
  type Para,
  type Piece,
  paraText,
  serialize,
  timedAfter,
  timedBefore,
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
}

interface Caret {
  pi: number;
  off: number;
}
interface Snapshot {
  paras: Para[];
  caret: Caret | null;
}

const START = Symbol('start');
const END = Symbol('end');
type Touched = Set<Node | typeof START | typeof END>;

const HIGHLIGHT_NAME = 'dictum-playing';

export class TranscriptEditor {
  readonly root: HTMLElement;
  /** Bumped on every change; autosave and the local draft compare it. */
  version = 0;
  private paras: Para[] = [];
  private elPara = new WeakMap<Element, Para>();
  /** Slot per rendered span (data-i): the span's current word. Clones made by the browser share it. */
  private slots: Word[] = [];
  private wordSpan = new WeakMap<Word, HTMLElement>();
  private mo: MutationObserver;
  private composing = false;
  private undoStack: Snapshot[] = [];
  private redoStack: Snapshot[] = [];
  private lastEdit = { kind: '', time: 0 };
  private lastCaret: Caret | null = null;
  private playIndex: { version: number; words: Word[]; starts: Float64Array } | null = null;
  private playingWord: Word | null = null;
  private playingSpan: HTMLElement | null = null;
  private highlight: Highlight | null = null;
  private lastTypedAt = 0;
  followPlayback = true;
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
    const on = <K extends keyof HTMLElementEventMap>(
      type: K,
      fn: (e: HTMLElementEventMap[K]) => void,
      target: HTMLElement | Document = root,
    ) => {
      target.addEventListener(type, fn as EventListener);
      this.cleanup.push(() => target.removeEventListener(type, fn as EventListener));
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
    on('dragstart', (e) => e.preventDefault());
    on('drop', (e) => e.preventDefault());
    const onSel = () => {
      const c = this.caret();
      if (c) this.lastCaret = c;
    };
    document.addEventListener('selectionchange', onSel);
    this.cleanup.push(() => document.removeEventListener('selectionchange', onSel));
    if (typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined') {
      this.highlight = new Highlight();
      CSS.highlights.set(HIGHLIGHT_NAME, this.highlight);
    }
    this.load([{ lead: '', words: [] }]);
  }

  destroy() {
    this.mo.disconnect();
    for (const c of this.cleanup) c();
    if (this.highlight && CSS.highlights.get(HIGHLIGHT_NAME) === this.highlight) CSS.highlights.delete(HIGHLIGHT_NAME);
  }

  // ---------------------------------------------------------------- public API

  /** Replace the whole document (no undo entry). */
  load(paras: Para[]) {
    if (paras.length === 0) paras = [{ lead: '', words: [] }];
    this.slots = [];
    const frag = document.createDocumentFragment();
    for (const p of paras) frag.appendChild(this.renderPara(p));
    this.root.replaceChildren(frag);
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
    if (this.lastCaret && !this.caret()) this.setCaret(this.lastCaret.pi, this.lastCaret.off);
  }

  setLowConfidenceVisible(on: boolean) {
    this.root.classList.toggle('show-lc', on);
  }

  /** Highlight the word being played at time `t` (seconds). Never re-renders the document. */
  setPlaybackTime(t: number) {
    const idx = this.playbackIndex();
    const i = wordIndexAt(idx.starts, t);
    const w = i >= 0 ? idx.words[i]! : null;
    if (w === this.playingWord && (!w || this.wordSpan.get(w) === this.playingSpan)) return;
    this.playingWord = w;
    const span = w ? (this.wordSpan.get(w) ?? null) : null;
    if (this.highlight) {
      this.highlight.clear();
      if (span?.isConnected) {
        const r = document.createRange();
        r.selectNodeContents(span);
        this.highlight.add(r);
      }
    } else {
      this.playingSpan?.classList.remove('playing');
      span?.classList.add('playing');
    }
    this.playingSpan = span;
    if (span && this.followPlayback && performance.now() - this.lastTypedAt > 4000) this.keepVisible(span);
  }

  /** The word currently highlighted for playback (for tests and the status line). */
  get playing(): Word | null {
    return this.playingWord;
  }

  /** Find the span of a word (tests, "go to blank"). */
  spanOf(w: Word): HTMLElement | undefined {
    return this.wordSpan.get(w);
  }

  /** Insert text at the caret (or the last caret, or the end). Newlines make paragraphs. */
  insertText(text: string) {
    this.flush();
    this.ensureSelection();
    this.checkpoint('struct', true);
    this.insertPlainText(text);
  }

  /**
   * Insert a blank ("___") at the caret, anchored to `audioTime`. Returns its character position
   * in the document text.
   */
  insertBlank(blankId: string, audioTime: number): number {
    this.flush();
    this.ensureSelection();
    this.checkpoint('struct', true);
    const sel = getSelection()!;
    const r = sel.getRangeAt(0);
    if (!r.collapsed) this.deleteSelection();
    const c = this.caret() ?? { pi: this.paras.length - 1, off: paraText(this.paras.at(-1)!).length };
    const text = paraText(this.paras[c.pi]!);
    const before = c.off > 0 ? text[c.off - 1]! : ' ';
    const after = c.off < text.length ? text[c.off]! : ' ';
    const pre = isWs(before) ? '' : ' ';
    const post = isWs(after) ? '' : ' ';
    this.insertPlainText(pre + BLANK_TEXT + post);
    // Anchor the new blank word to the audio time.
    const at = c.off + pre.length;
    const p = this.paras[c.pi]!;
    let pos = p.lead.length;
    for (let i = 0; i < p.words.length; i++) {
      const w = p.words[i]!;
      if (pos === at && w.text === BLANK_TEXT) {
        this.replaceWord(c.pi, i, { ...w, start: audioTime, end: audioTime, conf: HUMAN_CONFIDENCE, blankId });
        break;
      }
      pos += w.text.length + w.ws.length;
    }
    let docPos = 0;
    for (let i = 0; i < c.pi; i++) docPos += paraText(this.paras[i]!).length + 1;
    return docPos + at;
  }

  /** Ids of blanks whose "___" is still in the text. */
  blankIds(): Set<string> {
    const s = new Set<string>();
    for (const p of this.getParas()) for (const w of p.words) if (w.blankId && w.text === BLANK_TEXT) s.add(w.blankId);
    return s;
  }

  /** Select a blank's text and scroll to it. */
  selectBlank(blankId: string): boolean {
    for (const p of this.getParas())
      for (const w of p.words)
        if (w.blankId === blankId) {
          const span = this.wordSpan.get(w);
          if (!span) return false;
          this.root.focus({ preventScroll: true });
          const r = document.createRange();
          r.selectNodeContents(span);
          const sel = getSelection()!;
          sel.removeAllRanges();
          sel.addRange(r);
          span.scrollIntoView({ block: 'center' });
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
    if (!p) return null;
    let pos = p.lead.length;
    let found: Word | null = p.words[0] ?? null;
    for (const w of p.words) {
      if (pos > c.off) break;
      found = w;
      pos += w.text.length + w.ws.length;
    }
    return found;
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

  private renderWord(w: Word): HTMLElement {
    const span = document.createElement('span');
    let cls = 'w';
    if (w.conf < LOW_CONFIDENCE) cls += ' lc';
    if (w.text === BLANK_TEXT) cls += ' blank';
    span.className = cls;
    const id = this.slots.length;
    this.slots.push(w);
    span.dataset.i = String(id);
    span.textContent = w.text;
    this.wordSpan.set(w, span);
    return span;
  }

  private renderInto(parent: Node, lead: string, words: readonly Word[], before: Node | null) {
    const frag = document.createDocumentFragment();
    if (lead) frag.appendChild(document.createTextNode(lead));
    for (const w of words) {
      frag.appendChild(this.renderWord(w));
      if (w.ws) frag.appendChild(document.createTextNode(w.ws));
    }
    parent.insertBefore(frag, before);
  }

  private renderPara(p: Para, el?: HTMLElement): HTMLElement {
    if (!el) {
      el = document.createElement('div');
    } else el.replaceChildren();
    el.className = looksLikeHeading(p) ? 'p h' : 'p';
    if (p.words.length === 0 && !p.lead) el.appendChild(document.createElement('br'));
    else this.renderInto(el, p.lead, p.words, null);
    this.elPara.set(el, p);
    return el;
  }

  private wordOfSpan(el: Element): Word | undefined {
    const i = (el as HTMLElement).dataset?.i;
    return i === undefined ? undefined : this.slots[Number(i)];
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
    let k = 0;
    let max = -Infinity;
    for (const p of this.paras)
      for (const w of p.words) {
        words[k] = w;
        max = Math.max(max, w.start);
        starts[k++] = max;
      }
    this.playIndex = { version: this.version, words, starts };
    return this.playIndex;
  }

  private keepVisible(span: HTMLElement) {
    const scroller = this.root;
    const r = span.getBoundingClientRect();
    const s = scroller.getBoundingClientRect();
    if (r.top < s.top + 8 || r.bottom > s.bottom - 8) {
      scroller.scrollTop += r.top - s.top - s.height / 3;
    }
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
    const r = document.createRange();
    r.setStart(el, 0);
    r.setEnd(node, offset);
    return r.toString().length;
  }

  /** DOM point for a character offset within a paragraph element. */
  private pointAt(el: HTMLElement, off: number, preferAfter = false): { node: Node; offset: number } {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let acc = 0;
    let last: Text | null = null;
    for (let t = walker.nextNode() as Text | null; t; t = walker.nextNode() as Text | null) {
      const len = t.data.length;
      if (off < acc + len || (off === acc + len && !preferAfter)) return { node: t, offset: off - acc };
      acc += len;
      last = t;
    }
    if (last) return { node: last, offset: last.data.length };
    return { node: el, offset: 0 };
  }

  private caret(): Caret | null {
    const sel = getSelection();
    if (!sel || sel.rangeCount === 0 || !sel.focusNode) return null;
    const el = this.topPara(sel.focusNode);
    if (!el) return null;
    const pi = this.indexOfPara(el);
    if (pi < 0) return null;
    return { pi, off: this.offsetIn(el, sel.focusNode, sel.focusOffset) };
  }

  private setCaret(pi: number, off: number) {
    const el = this.root.children[Math.max(0, Math.min(pi, this.root.children.length - 1))] as HTMLElement | undefined;
    if (!el) return;
    const pt = this.pointAt(el, Math.min(off, el.textContent?.length ?? 0));
    const sel = getSelection();
    if (!sel) return;
    const r = document.createRange();
    r.setStart(pt.node, pt.offset);
    r.collapse(true);
    sel.removeAllRanges();
    sel.addRange(r);
    this.lastCaret = { pi, off };
  }

  private ensureSelection() {
    const sel = getSelection()!;
    if (sel.rangeCount && this.root.contains(sel.anchorNode)) return;
    this.root.focus({ preventScroll: true });
    if (this.lastCaret) this.setCaret(this.lastCaret.pi, this.lastCaret.off);
    else {
      const pi = this.paras.length - 1;
      this.setCaret(pi, paraText(this.paras[pi]!).length);
    }
  }

  /** The selection range clamped to paragraph elements (Ctrl+A selects the root itself). */
  private range(): Range | null {
    const sel = getSelection();
    if (!sel || sel.rangeCount === 0) return null;
    const r = sel.getRangeAt(0);
    if (!this.root.contains(r.commonAncestorContainer)) return null;
    const kids = this.root.children;
    if (kids.length === 0) return r;
    if (r.startContainer === this.root) {
      const el = kids[Math.min(r.startOffset, kids.length - 1)]!;
      r.setStart(el, 0);
    }
    if (r.endContainer === this.root) {
      const el = kids[Math.max(0, Math.min(r.endOffset, kids.length) - 1)]!;
      r.setEnd(el, el.childNodes.length);
    }
    return r;
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
    while (b < cur.length - a && b < next.length - a && cur[cur.length - 1 - b] === next[next.length - 1 - b]) b++;
    const before = kids[cur.length - b] ?? null;
    for (let i = a; i < cur.length - b; i++) kids[i]!.remove();
    const frag = document.createDocumentFragment();
    for (let i = a; i < next.length - b; i++) frag.appendChild(this.renderPara(next[i]!));
    this.root.insertBefore(frag, before);
    this.paras = next.slice();
    this.mo.takeRecords();
    if (s.caret) this.setCaret(s.caret.pi, s.caret.off);
    this.lastEdit = { kind: 'undo', time: 0 };
    this.changed();
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
      }
    }
  }

  private onClick(e: MouseEvent) {
    const sel = getSelection();
    if (sel && !sel.isCollapsed) return;
    const span = (e.target as Element).closest?.('span.w');
    if (!span || !this.root.contains(span)) return;
    const w = this.wordOfSpan(span);
    if (w) this.cb.onWordClick?.(w, e);
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
    const r = this.range();
    if (!r) return;
    const startEl = this.topPara(r.startContainer);
    const endEl = this.topPara(r.endContainer);
    const multi = !r.collapsed && startEl !== endEl;

    if (t === 'insertParagraph' || t === 'insertLineBreak') {
      e.preventDefault();
      if (r.collapsed && this.tryExpand('\n')) return;
      this.checkpoint('struct');
      this.insertPlainText('\n');
      return;
    }
    if (t === 'insertFromPaste' || t === 'insertFromPasteAsQuotation' || t === 'insertFromYank') {
      e.preventDefault();
      const text = e.dataTransfer?.getData('text/plain') ?? e.data ?? '';
      this.checkpoint('struct');
      this.insertPlainText(text);
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
        this.deleteSelection();
        return;
      }
      if (r.collapsed && startEl) {
        const back = t.includes('Backward');
        const off = this.offsetIn(startEl, r.startContainer, r.startOffset);
        const len = startEl.textContent?.length ?? 0;
        if (back && off === 0) {
          e.preventDefault();
          const prev = startEl.previousElementSibling as HTMLElement | null;
          if (prev) {
            this.checkpoint('struct');
            this.mergeParas(prev, startEl);
          }
          return;
        }
        if (!back && off >= len) {
          e.preventDefault();
          const next = startEl.nextElementSibling as HTMLElement | null;
          if (next) {
            this.checkpoint('struct');
            this.mergeParas(startEl, next);
          }
          return;
        }
      }
      this.checkpoint('delete');
      return;
    }
    if (t === 'insertText' || t === 'insertReplacementText') {
      const data = e.data ?? e.dataTransfer?.getData('text/plain') ?? '';
      if (multi) {
        e.preventDefault();
        this.checkpoint('struct');
        this.deleteSelection();
        this.insertPlainText(data);
        return;
      }
      if (r.collapsed && data.length === 1 && /[\s.,;:!?)]/.test(data) && this.tryExpand(data)) {
        e.preventDefault();
        return;
      }
      this.checkpoint(/\s/.test(data) ? 'insert-ws' : 'insert');
    }
  }

  /** Expand a text-expander abbreviation just before the caret; `typed` is the key that ended it. */
  private tryExpand(typed: string): boolean {
    if (!this.cb.expand) return false;
    const sel = getSelection();
    if (!sel || !sel.focusNode) return false;
    const el = this.topPara(sel.focusNode);
    if (!el) return false;
    const off = this.offsetIn(el, sel.focusNode, sel.focusOffset);
    const before = (el.textContent ?? '').slice(0, off);
    const m = /(\S+)$/.exec(before);
    if (!m) return false;
    const expansion = this.cb.expand(m[1]!);
    if (expansion === undefined) return false;
    this.checkpoint('struct', true);
    const a = this.pointAt(el, off - m[1]!.length, true);
    const b = this.pointAt(el, off);
    const r = document.createRange();
    r.setStart(a.node, a.offset);
    r.setEnd(b.node, b.offset);
    sel.removeAllRanges();
    sel.addRange(r);
    r.deleteContents();
    this.insertPlainText(expansion + typed);
    return true;
  }

  // ---------------------------------------------------------------- structural edits (ours)

  /** Delete a selection that may span paragraphs; leaves a collapsed caret. */
  private deleteSelection() {
    const r = this.range();
    if (!r || r.collapsed) return;
    const startEl = this.topPara(r.startContainer);
    const endEl = this.topPara(r.endContainer);
    if (!startEl) return;
    const off = this.offsetIn(startEl, r.startContainer, r.startOffset);
    r.deleteContents();
    if (endEl && endEl !== startEl && endEl.isConnected) {
      for (const br of Array.from(startEl.querySelectorAll(':scope > br'))) br.remove();
      while (endEl.firstChild) {
        const n = endEl.firstChild;
        if (n.nodeName === 'BR') n.remove();
        else startEl.appendChild(n);
      }
      endEl.remove();
    }
    this.resync(new Set([startEl]));
    this.setCaret(this.indexOfPara(startEl), off);
    this.changed();
  }

  private mergeParas(a: HTMLElement, b: HTMLElement) {
    const off = a.textContent?.length ?? 0;
    for (const br of Array.from(a.querySelectorAll(':scope > br'))) br.remove();
    while (b.firstChild) {
      const n = b.firstChild;
      if (n.nodeName === 'BR') n.remove();
      else a.appendChild(n);
    }
    b.remove();
    this.resync(new Set([a]));
    this.setCaret(this.indexOfPara(a), off);
    this.changed();
  }

  /** Insert plain text at the caret (replacing a selection); "\n" splits paragraphs. */
  private insertPlainText(text: string) {
    let r = this.range();
    if (!r) return;
    if (!r.collapsed) {
      if (this.topPara(r.startContainer) !== this.topPara(r.endContainer)) this.deleteSelection();
      else r.deleteContents();
      r = this.range();
      if (!r) return;
    }
    let el = this.topPara(r.startContainer);
    if (!el) return;
    const lines = text.replace(/\r\n?/g, '\n').split('\n');
    // Insert outside a word span when the caret sits at its edge, so pasted text is not
    // attributed to the neighbouring word's time.
    let node: Node = r.startContainer;
    let offset = r.startOffset;
    if (node.nodeType === 3) {
      const span = (node.parentNode as Element | null)?.closest?.('span.w');
      if (span && span.parentNode === el) {
        const len = (node as Text).data.length;
        if (offset === 0 && node === span.firstChild) {
          node = el;
          offset = Array.prototype.indexOf.call(el.childNodes, span);
        } else if (offset === len && node === span.lastChild) {
          node = el;
          offset = Array.prototype.indexOf.call(el.childNodes, span) + 1;
        }
      }
    }
    const point = document.createRange();
    point.setStart(node, offset);
    point.collapse(true);
    const startOff = this.offsetIn(el, node, offset);
    const touched = new Set<HTMLElement>([el]);
    let caretEl = el;
    let caretOff = startOff + lines[0]!.length;
    if (lines[0]) {
      const tn = document.createTextNode(lines[0]);
      point.insertNode(tn);
      point.setStartAfter(tn);
      point.collapse(true);
    }
    for (let k = 1; k < lines.length; k++) {
      const tail = document.createRange();
      tail.setStart(point.startContainer, point.startOffset);
      tail.setEnd(el, el.childNodes.length);
      const frag = tail.extractContents();
      const np = document.createElement('div');
      np.className = 'p';
      const line = lines[k]!;
      let tn: Text | null = null;
      if (line) {
        tn = document.createTextNode(line);
        np.appendChild(tn);
      }
      np.appendChild(frag);
      el.after(np);
      touched.add(np);
      el = np;
      point.setStart(np, tn ? 1 : 0);
      point.collapse(true);
      caretEl = np;
      caretOff = line.length;
    }
    for (const t of touched) {
      // An emptied paragraph keeps a <br> so it has height; a filled one loses it.
      const brs = t.querySelectorAll(':scope > br');
      if ((t.textContent ?? '') !== '') for (const br of Array.from(brs)) br.remove();
    }
    this.resync(touched);
    this.setCaret(this.indexOfPara(caretEl), caretOff);
    this.changed();
  }

  /** Replace one word's object (same text) without touching the DOM. */
  private replaceWord(pi: number, wi: number, w: Word, notify = true) {
    const p = this.paras[pi]!;
    const old = p.words[wi]!;
    const words = p.words.slice();
    words[wi] = w;
    const np: Para = { lead: p.lead, words };
    const span = this.wordSpan.get(old);
    if (span) {
      this.slots[Number(span.dataset.i)] = w;
      this.wordSpan.set(w, span);
    }
    const el = this.root.children[pi];
    if (el) this.elPara.set(el, np);
    this.paras = this.paras.slice();
    this.paras[pi] = np;
    if (notify) this.changed();
  }

  // ---------------------------------------------------------------- re-deriving words after edits

  /** Process pending DOM mutations now (the input event, or before reading the model). */
  flush() {
    if (this.composing) return;
    const recs = this.mo.takeRecords();
    if (recs.length) this.process(recs);
  }

  private process(recs: MutationRecord[]) {
    if (this.composing) {
      // Re-rendering during IME composition would break it; compositionend flushes.
      return;
    }
    const root = this.root;
    let structural = false;
    const byPara = new Map<HTMLElement, Touched | null>();
    const mark = (el: HTMLElement, n: Touched extends Set<infer T> ? T : never) => {
      let s = byPara.get(el);
      if (s === null) return;
      if (!s) byPara.set(el, (s = new Set()));
      s.add(n);
    };
    for (const rec of recs) {
      const target = rec.target;
      if (target === root) {
        structural = true;
        continue;
      }
      if (!root.contains(target)) continue;
      const top = this.topPara(target);
      if (!top) {
        structural = true;
        continue;
      }
      if (target === top) {
        if (rec.type !== 'childList') continue;
        for (const n of Array.from(rec.addedNodes)) if (n.parentNode === top) mark(top, n);
        const prev = rec.previousSibling;
        const next = rec.nextSibling;
        if (prev && prev.parentNode !== top) byPara.set(top, null);
        else mark(top, prev ?? START);
        if (next && next.parentNode !== top) byPara.set(top, null);
        else mark(top, next ?? END);
      } else {
        let child: Node | null = target;
        while (child && child.parentNode !== top) child = child.parentNode;
        if (child) mark(top, child);
        else byPara.set(top, null);
      }
    }
    this.lastTypedAt = performance.now();
    const kids = root.children;
    let consistent = !structural && kids.length === this.paras.length;
    if (consistent) {
      for (const [el] of byPara)
        if (el.parentNode !== root || !this.elPara.has(el) || !el.classList.contains('p')) consistent = false;
    }
    if (!consistent) {
      this.resync(new Set(byPara.keys()));
    } else {
      for (const [el, touched] of byPara) {
        try {
          if (touched) this.reconcileRegion(el, touched);
          else this.resync(new Set([el]));
        } catch (err) {
          console.warn('editor: region re-derivation failed, re-deriving the paragraph', err);
          this.resync(new Set([el]));
        }
      }
    }
    this.mo.takeRecords();
    this.changed();
  }

  /** Collect text pieces (with their source words) from a run of sibling nodes. */
  private pieces(nodes: Node[]): Piece[] {
    const out: Piece[] = [];
    for (const n of nodes) {
      if (n.nodeType === 3) {
        const text = (n as Text).data;
        if (text) out.push({ text, src: null });
        continue;
      }
      if (n.nodeType !== 1) continue;
      const el = n as HTMLElement;
      // The usual shape: a word span holding one text node.
      if (el.childNodes.length === 1 && el.firstChild!.nodeType === 3 && el.matches('span.w[data-i]')) {
        const text = (el.firstChild as Text).data;
        if (text) out.push({ text, src: this.wordOfSpan(el) ?? null });
        continue;
      }
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode() as Text | null; t; t = walker.nextNode() as Text | null) {
        if (!t.data) continue;
        const span = t.parentElement?.closest('span.w[data-i]') ?? null;
        const src = span && el.contains(span) ? (this.wordOfSpan(span) ?? null) : null;
        out.push({ text: t.data, src });
      }
    }
    return out;
  }

  /** Re-derive whole paragraphs (new, dirty or browser-made) and normalise the top level. */
  private resync(dirty: Set<Element>) {
    const root = this.root;
    // Normalise: every top-level node is a <div class="p">.
    let stray: HTMLElement | null = null;
    for (const n of Array.from(root.childNodes)) {
      if (n.nodeType === 1 && (n as Element).tagName === 'DIV') {
        stray = null;
        const el = n as HTMLElement;
        if (!el.classList.contains('p')) {
          el.className = 'p';
          dirty.add(el);
        }
        continue;
      }
      if (n.nodeType === 3 && !(n as Text).data && !stray) {
        n.remove();
        continue;
      }
      if (!stray) {
        stray = document.createElement('div');
        stray.className = 'p';
        root.insertBefore(stray, n);
        dirty.add(stray);
      }
      stray.appendChild(n);
    }
    if (root.children.length === 0) {
      const el = document.createElement('div');
      el.className = 'p';
      root.appendChild(el);
      dirty.add(el);
    }
    const kids = Array.from(root.children) as HTMLElement[];
    const next: Para[] = [];
    for (let i = 0; i < kids.length; i++) {
      const el = kids[i]!;
      let p = dirty.has(el) ? undefined : this.elPara.get(el);
      if (!p) {
        const sel = getSelection();
        const caretHere = sel?.focusNode && el.contains(sel.focusNode);
        const caretOff = caretHere ? this.offsetIn(el, sel!.focusNode!, sel!.focusOffset) : -1;
        const d = deriveWords(this.pieces(Array.from(el.childNodes)));
        const before = timedBefore(next, next.length, 0);
        let after: Word | null = null;
        for (let j = i + 1; j < kids.length && !after; j++) {
          const q = dirty.has(kids[j]!) ? undefined : this.elPara.get(kids[j]!);
          if (q) after = q.words.find((w) => !Number.isNaN(w.start)) ?? null;
        }
        p = { lead: d.lead, words: interpolate(d.words, before, after, this.cb.audioTime?.() ?? 0) };
        this.renderPara(p, el);
        if (caretOff >= 0) {
          const pt = this.pointAt(el, caretOff);
          sel!.collapse(pt.node, pt.offset);
        }
      }
      next.push(p);
    }
    this.paras = next;
    this.mo.takeRecords();
  }

  /**
   * Re-derive only the words around the touched nodes of one paragraph. In the common case (typing
   * inside a word) nothing in the DOM changes; otherwise only the touched words are re-rendered.
   */
  private reconcileRegion(el: HTMLElement, touched: Touched) {
    const para = this.elPara.get(el)!;
    const words = para.words;
    const pi = this.indexOfPara(el);
    const n = words.length;
    // Word index of the unit a para-level node belongs to (a word's span and its trailing ws).
    const unitOf = (node: Node): number => {
      for (let m: Node | null = node; m; m = m.previousSibling) {
        if (m.nodeType === 1 && (m as Element).matches('span.w[data-i]')) {
          const w = this.wordOfSpan(m as Element);
          const i = w ? words.indexOf(w) : -1;
          if (i < 0) throw new Error('unknown span');
          return i;
        }
      }
      return -1;
    };
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const t of touched) {
      if (t === START) lo = Math.min(lo, -1);
      else if (t === END) hi = Math.max(hi, n - 1);
      else if ((t as Node).parentNode === el) {
        const u = unitOf(t as Node);
        lo = Math.min(lo, u);
        hi = Math.max(hi, u);
      }
    }
    if (lo === Number.POSITIVE_INFINITY) return;
    if (hi < lo) hi = lo;
    const spanAt = (i: number): Node | null => {
      const s = this.wordSpan.get(words[i]!);
      return s && s.parentNode === el ? s : null;
    };
    for (let guard = 0; guard < 8; guard++) {
      // The region's DOM: from the start of unit `lo` up to (not including) the span of word hi+1.
      while (lo >= 0 && !spanAt(lo)) lo--;
      let endNode: Node | null = null;
      while (hi + 1 < n && !(endNode = spanAt(hi + 1))) hi++;
      const startNode = lo >= 0 ? spanAt(lo)! : el.firstChild;
      const nodes: Node[] = [];
      for (let m = startNode; m && m !== endNode; m = m.nextSibling) nodes.push(m);
      let text = '';
      for (const m of nodes) text += m.textContent ?? '';
      const prevNode = startNode?.previousSibling ?? null;
      const prevText = prevNode?.textContent ?? '';
      // Glue: a word that now touches the region's edge belongs in it.
      let grew = false;
      if (lo >= 0 && (text === '' || isWs(text[0]!) || (prevText && !isWs(prevText.at(-1)!)))) {
        lo--;
        grew = true;
      }
      if (endNode && (text === '' || !isWs(text.at(-1)!))) {
        hi++;
        grew = true;
      }
      if (grew) continue;
      this.replaceRegion(el, pi, para, lo, hi, nodes, endNode, text);
      return;
    }
    this.resync(new Set([el]));
  }

  private replaceRegion(
    el: HTMLElement,
    pi: number,
    para: Para,
    lo: number,
    hi: number,
    nodes: Node[],
    endNode: Node | null,
    text: string,
  ) {
    const words = para.words;
    const d = deriveWords(this.pieces(nodes));
    const first = Math.max(lo, 0);
    const before = timedBefore(this.paras, pi, first);
    const after = timedAfter(this.paras, pi, hi);
    const fresh = interpolate(d.words, before, after, this.cb.audioTime?.() ?? 0);
    const lead = lo === -1 ? d.lead : para.lead;
    if (lo !== -1 && d.lead) throw new Error('lead whitespace inside a region'); // glue rules prevent this
    const newWords = words.slice(0, first).concat(fresh, words.slice(hi + 1));
    const np: Para = { lead, words: newWords };

    // Does the DOM already have exactly this shape? (Typing inside a word: yes.)
    let k = 0;
    let same = true;
    const expect = (ok: boolean) => {
      if (!ok) same = false;
    };
    if (lo === -1 && lead) {
      const m = nodes[k++];
      expect(!!m && m.nodeType === 3 && (m as Text).data === lead);
    }
    for (const w of fresh) {
      if (!same) break;
      const m = nodes[k++] as HTMLElement | undefined;
      expect(
        !!m &&
          m.nodeType === 1 &&
          m.matches('span.w[data-i]') &&
          m.childNodes.length === 1 &&
          m.firstChild!.nodeType === 3 &&
          (m.firstChild as Text).data === w.text,
      );
      if (w.ws) {
        const s = nodes[k++];
        expect(!!s && s.nodeType === 3 && (s as Text).data === w.ws);
      }
    }
    if (k !== nodes.length) same = false;
    if (fresh.length === 0 && !lead && newWords.length === 0) same = false; // needs its <br>

    if (same) {
      // Point the existing spans at the new word objects.
      k = lo === -1 && lead ? 1 : 0;
      for (const w of fresh) {
        const span = nodes[k++] as HTMLElement;
        this.slots[Number(span.dataset.i)] = w;
        this.wordSpan.set(w, span);
        span.classList.toggle('lc', w.conf < LOW_CONFIDENCE);
        span.classList.toggle('blank', w.text === BLANK_TEXT);
        if (w.ws) k++;
      }
    } else {
      const sel = getSelection();
      let caretOff = -1;
      if (sel?.focusNode && el.contains(sel.focusNode)) {
        const region = document.createRange();
        if (nodes[0]) region.setStartBefore(nodes[0]);
        else if (endNode) region.setStartBefore(endNode);
        else region.setStart(el, el.childNodes.length);
        if (endNode) region.setEndBefore(endNode);
        else region.setEnd(el, el.childNodes.length);
        if (region.isPointInRange(sel.focusNode, sel.focusOffset)) {
          caretOff = this.offsetIn(el, sel.focusNode, sel.focusOffset);
        }
      }
      for (const m of nodes) m.parentNode?.removeChild(m);
      for (const br of Array.from(el.querySelectorAll(':scope > br'))) br.remove();
      if (newWords.length === 0 && !lead) el.appendChild(document.createElement('br'));
      else this.renderInto(el, lo === -1 ? lead : '', fresh, endNode);
      if (caretOff >= 0) {
        const pt = this.pointAt(el, caretOff);
        sel!.collapse(pt.node, pt.offset);
      }
    }
    void text;
    el.classList.toggle('h', looksLikeHeading(np));
    this.elPara.set(el, np);
    this.paras = this.paras.slice();
    this.paras[pi] = np;
  }
}
