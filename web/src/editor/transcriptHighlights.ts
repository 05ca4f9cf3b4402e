// The marks drawn over the transcript — the playing word, low-confidence and silence-flagged
// words, blanks, misspellings — as CSS Custom Highlights: ranges over the paragraphs' text nodes,
// so drawing or moving them never changes the document (playback makes no DOM mutations).
//
// Highlight ranges cost Chrome paint time per range on every frame (measured: ~400 ranges add
// ~8 ms per keystroke), so only paragraphs near the viewport are marked, and in a very long
// paragraph only the characters near the viewport.
import { LOW_CONFIDENCE } from '@dictum/contracts/confidence';
import { offsetAtPoint } from './caretMapping';
import { SPELL_WORD } from './spellMarks';
import { BLANK_TEXT, offsetsOf, type Para, unitAt, type Word } from './wordModel';

export { LOW_CONFIDENCE } from '@dictum/contracts/confidence';

export const HIGHLIGHT_PLAYING = 'dictum-playing';
export const HIGHLIGHT_LOWCONF = 'dictum-lowconf';
export const HIGHLIGHT_BLANK = 'dictum-blank';
export const HIGHLIGHT_MISSPELLED = 'dictum-misspelled';
export const HIGHLIGHT_SILENCE = 'dictum-silence';

/** A word the engine was unsure of (low confidence or heard over silence); blanks are not. */
export const isUncertain = (w: Word) =>
  w.text !== BLANK_TEXT && (w.conf < LOW_CONFIDENCE || w.overSilence === true);

/** Paragraphs with more words than this are marked only around the part on screen. */
export const BIG_PARA = 300;
const WINDOW_MARGIN = 3000;

const hasHighlights = () =>
  typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';

interface Marks {
  playing: Highlight;
  lowConf: Highlight;
  blank: Highlight;
  spell: Highlight;
  silence: Highlight;
}

export class TranscriptHighlights {
  /** Null where the browser has no Custom Highlight API: the text is then shown unmarked. */
  private marks: Marks | null = null;
  private io: IntersectionObserver | null = null;
  private nearView = new Set<Element>();
  private charWindow = new WeakMap<Element, [number, number]>();
  private elRanges = new WeakMap<Element, StaticRange[]>();
  private scrollRaf = 0;
  private offScroll: () => void;
  /** Words (letter runs, as written) the server's spell check flagged. */
  misspelled: ReadonlySet<string> = new Set();

  constructor(
    private root: HTMLElement,
    /** The model paragraph an element shows (undefined for elements the editor does not know). */
    private paraOf: (el: Element) => Para | undefined,
    private onViewChange: () => void,
  ) {
    if (hasHighlights()) {
      const make = (priority: number) => {
        const h = new Highlight();
        h.priority = priority;
        return h;
      };
      this.marks = { silence: make(0), lowConf: make(0), spell: make(1), blank: make(1), playing: make(2) };
      for (const [name, h] of this.named()) CSS.highlights.set(name, h);
    }
    if (typeof IntersectionObserver !== 'undefined') {
      this.io = new IntersectionObserver(
        (entries) => {
          for (const e of entries) {
            const el = e.target as HTMLElement;
            if (e.isIntersecting) this.nearView.add(el);
            else this.nearView.delete(el);
            const p = this.paraOf(el);
            if (p && el.parentNode === root) {
              if (e.isIntersecting) this.updateWindow(el, p);
              this.mark(el, p);
            }
          }
          this.onViewChange();
        },
        { root, rootMargin: '800px 0px' },
      );
    }
    // Scrolling inside one long paragraph moves its character window without any intersection change.
    const onScroll = () => {
      if (this.scrollRaf) return;
      this.scrollRaf = requestAnimationFrame(() => {
        this.scrollRaf = 0;
        for (const el of this.nearView) {
          const p = this.paraOf(el);
          if (p && p.words.length > BIG_PARA && this.updateWindow(el as HTMLElement, p)) {
            this.mark(el as HTMLElement, p);
            this.onViewChange();
          }
        }
      });
    };
    root.addEventListener('scroll', onScroll, { passive: true });
    this.offScroll = () => root.removeEventListener('scroll', onScroll);
  }

  destroy() {
    this.io?.disconnect();
    cancelAnimationFrame(this.scrollRaf);
    this.offScroll();
    // Another editor may have registered its own highlights under the same names since.
    for (const [name, h] of this.named()) if (CSS.highlights.get(name) === h) CSS.highlights.delete(name);
  }

  /** A paragraph element was rendered: watch whether it is near the viewport. */
  observe(el: Element) {
    this.io?.observe(el);
  }

  /** A paragraph element is being removed. */
  forget(el: Element) {
    this.unmark(el);
    this.io?.unobserve(el);
    this.nearView.delete(el);
  }

  /** Whether a paragraph is near the viewport (always, without IntersectionObserver). */
  isNear(el: Element): boolean {
    return !this.io || this.nearView.has(el);
  }

  /** Drop every mark (a new document is being loaded). */
  clearAll() {
    if (!this.marks) return;
    for (const h of Object.values(this.marks)) h.clear();
  }

  setLowConfidenceVisible(on: boolean) {
    if (!this.marks) return;
    for (const [name, h] of [
      [HIGHLIGHT_LOWCONF, this.marks.lowConf],
      [HIGHLIGHT_SILENCE, this.marks.silence],
    ] as const) {
      if (on) CSS.highlights.set(name, h);
      else CSS.highlights.delete(name);
    }
  }

  /** Mark these words as misspelled, in the paragraphs near the viewport. */
  setMisspelled(words: ReadonlySet<string>) {
    this.misspelled = words;
    const kids = this.root.children;
    for (let i = 0; i < kids.length; i++) {
      const el = kids[i] as HTMLElement;
      const p = this.paraOf(el);
      if (p && this.isNear(el)) this.mark(el, p);
    }
  }

  /** Show `r` as the playing word (null: none); false where nothing can be shown. */
  showPlaying(r: Range | null): boolean {
    if (!this.marks) return false;
    this.marks.playing.clear();
    if (r) this.marks.playing.add(r);
    return true;
  }

  /** The words [lo, hi) of p that are marked: all of them, or in a long paragraph those on screen. */
  wordWindow(el: Element, p: Para): [number, number] {
    const win = p.words.length > BIG_PARA ? this.charWindow.get(el) : undefined;
    if (!win) return [0, p.words.length];
    return [Math.max(0, unitAt(p, win[0])), Math.min(p.words.length, unitAt(p, win[1]) + 1)];
  }

  /** Low-confidence, silence, blank and misspelling marks for one paragraph (if near the viewport). */
  mark(el: HTMLElement, p: Para) {
    const m = this.marks;
    if (!m) return;
    this.unmark(el);
    const tn = el.firstChild;
    if (tn?.nodeType !== 3 || !this.isNear(el)) return;
    const o = offsetsOf(p);
    const [lo, hi] = this.wordWindow(el, p);
    const ranges: StaticRange[] = [];
    const add = (h: Highlight, start: number, end: number) => {
      const r = new StaticRange({ startContainer: tn, startOffset: start, endContainer: tn, endOffset: end });
      ranges.push(r);
      h.add(r);
    };
    const spell = this.misspelled.size > 0;
    for (let i = lo; i < hi; i++) {
      const w = p.words[i]!;
      if (spell)
        for (const s of w.text.matchAll(SPELL_WORD))
          if (this.misspelled.has(s[0])) add(m.spell, o[i]! + s.index, o[i]! + s.index + s[0].length);
      const blank = w.text === BLANK_TEXT;
      if (!blank && !w.overSilence && w.conf >= LOW_CONFIDENCE) continue;
      // Silence-flagged words have their own mark (their confidence is capped as well).
      add(blank ? m.blank : w.overSilence ? m.silence : m.lowConf, o[i]!, o[i]! + w.text.length);
    }
    if (ranges.length) this.elRanges.set(el, ranges);
  }

  unmark(el: Element) {
    const m = this.marks;
    for (const r of this.elRanges.get(el) ?? []) {
      m?.lowConf.delete(r);
      m?.blank.delete(r);
      m?.spell.delete(r);
      m?.silence.delete(r);
    }
    this.elRanges.delete(el);
  }

  private named(): [string, Highlight][] {
    const m = this.marks;
    if (!m) return [];
    return [
      [HIGHLIGHT_PLAYING, m.playing],
      [HIGHLIGHT_LOWCONF, m.lowConf],
      [HIGHLIGHT_BLANK, m.blank],
      [HIGHLIGHT_MISSPELLED, m.spell],
      [HIGHLIGHT_SILENCE, m.silence],
    ];
  }

  /** For a long paragraph: the character window (± a margin) that is on screen; true if it moved. */
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
}
