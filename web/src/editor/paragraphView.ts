// The paragraph elements of the editor and the model paragraph each one shows. Every paragraph is
// a <div class="p"> holding exactly one text node (or a <br> when empty): that is what keeps
// Chrome's own editing cheap, so whatever the browser leaves behind is put back into that shape.
import { offsetIn, selectionIn } from './caretMapping';
import type { TranscriptHighlights } from './transcriptHighlights';
import { looksLikeHeading, type Para, textOf } from './wordModel';

export class ParagraphView {
  private shown = new WeakMap<Element, Para>();

  constructor(
    readonly root: HTMLElement,
    private marks: TranscriptHighlights,
  ) {}

  /** The model paragraph an element shows (undefined for one the browser made). */
  paraOf(el: Element): Para | undefined {
    return this.shown.get(el);
  }

  /** The element now shows `p`, whose text it already holds (a native edit, a re-timed word). */
  show(el: Element, p: Para) {
    this.shown.set(el, p);
  }

  /** Redraw the element's marks (after its text node or its words changed). */
  mark(el: HTMLElement, p: Para) {
    this.marks.mark(el, p);
  }

  /** Put paragraph p into el: one text node (or a <br> when empty). */
  render(p: Para, el: HTMLElement, mark = true) {
    const text = textOf(p);
    el.className = looksLikeHeading(p) ? 'p h' : 'p';
    if (text) el.replaceChildren(document.createTextNode(text));
    else el.replaceChildren(document.createElement('br'));
    this.shown.set(el, p);
    this.marks.observe(el);
    if (mark) this.marks.mark(el, p);
  }

  /** Show a whole new document. */
  renderAll(paras: Para[]) {
    this.marks.clearAll();
    const frag = document.createDocumentFragment();
    const els: HTMLElement[] = [];
    for (const p of paras) {
      const el = document.createElement('div');
      frag.appendChild(el);
      els.push(el);
      this.render(p, el, false);
    }
    this.root.replaceChildren(frag);
    // Ranges need connected text nodes: mark after insertion.
    els.forEach((el, i) => {
      this.marks.mark(el, paras[i]!);
    });
  }

  /** Replace paragraph elements [from, to) with renderings of `paras` (reusing elements). */
  splice(from: number, to: number, paras: Para[]) {
    const kids = Array.from(this.root.children) as HTMLElement[];
    const before = kids[to] ?? null;
    let k = 0;
    for (let i = from; i < to; i++) {
      const el = kids[i]!;
      if (k < paras.length) this.render(paras[k++]!, el);
      else {
        this.marks.forget(el);
        el.remove();
      }
    }
    for (; k < paras.length; k++) {
      const el = document.createElement('div');
      this.root.insertBefore(el, before);
      this.render(paras[k]!, el);
    }
  }

  /** Show `next`, re-rendering only the elements between the common head and tail (undo/redo). */
  showDiff(next: Para[]) {
    const kids = Array.from(this.root.children);
    const cur = kids.map((el) => this.shown.get(el));
    let a = 0;
    while (a < cur.length && a < next.length && cur[a] === next[a]) a++;
    let b = 0;
    while (b < cur.length - a && b < next.length - a && cur[cur.length - 1 - b] === next[next.length - 1 - b])
      b++;
    this.splice(a, cur.length - b, next.slice(a, next.length - b));
  }

  /** Keep the paragraph's DOM as exactly one text node holding the model's text (the caret stays). */
  normalize(el: HTMLElement, p: Para) {
    const text = textOf(p);
    const only = el.childNodes.length === 1 ? el.firstChild! : null;
    if (text === '') {
      if (only?.nodeName === 'BR') return;
      const hadCaret = selectionIn(el);
      el.replaceChildren(document.createElement('br'));
      if (hadCaret) getSelection()!.collapse(el, 0);
      return;
    }
    if (only && only.nodeType === 3 && (only as Text).data === text) return;
    const sel = getSelection();
    const off =
      sel?.focusNode && el.contains(sel.focusNode) ? offsetIn(el, sel.focusNode, sel.focusOffset) : -1;
    if (only && only.nodeType === 3) (only as Text).data = text;
    else el.replaceChildren(document.createTextNode(text));
    if (off >= 0) sel!.collapse(el.firstChild!, Math.min(off, text.length));
  }

  /**
   * Put stray top-level nodes (text or elements the browser inserted beside the paragraphs) into
   * paragraph divs, so every child of the root is a paragraph again; returns the paragraphs.
   */
  regroup(): HTMLElement[] {
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
      this.render({ lead: '', words: [] }, el);
    }
    return Array.from(root.children) as HTMLElement[];
  }
}
