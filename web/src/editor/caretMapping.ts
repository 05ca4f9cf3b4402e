// Mapping between DOM positions and the model's (paragraph, character offset) carets. The editor
// root holds one <div class="p"> per paragraph with ONE text node, but the browser can briefly
// leave other shapes (a <br> in an empty paragraph, nodes split by an edit not yet reconciled), so
// every lookup here also copes with those.

export interface Caret {
  pi: number;
  off: number;
}

/** The paragraph element (a direct child of `root`) containing node `n`. */
export function topPara(root: HTMLElement, n: Node | null): HTMLElement | null {
  while (n && n.parentNode !== root) n = n.parentNode;
  return n && n.nodeType === 1 ? (n as HTMLElement) : null;
}

export function indexOfPara(root: HTMLElement, el: Element): number {
  return Array.prototype.indexOf.call(root.children, el);
}

/** Character offset of a DOM point within a paragraph element. */
export function offsetIn(el: HTMLElement, node: Node, offset: number): number {
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

export function pointToCaret(root: HTMLElement, node: Node | null, offset: number): Caret | null {
  if (!node) return null;
  if (node === root) {
    const kids = root.children;
    if (!kids.length) return null;
    if (offset >= kids.length) {
      const pi = kids.length - 1;
      return { pi, off: kids[pi]!.textContent?.length ?? 0 };
    }
    return { pi: offset, off: 0 };
  }
  const el = topPara(root, node);
  if (!el) return null;
  const pi = indexOfPara(root, el);
  return pi < 0 ? null : { pi, off: offsetIn(el, node, offset) };
}

/** The selection's focus as a caret, if it is inside `root`. */
export function focusCaret(root: HTMLElement): Caret | null {
  const sel = getSelection();
  if (!sel || sel.rangeCount === 0 || !sel.focusNode || !root.contains(sel.focusNode)) return null;
  return pointToCaret(root, sel.focusNode, sel.focusOffset);
}

/** Start and end of the selection, in document order. */
export function selectionCarets(root: HTMLElement): [Caret, Caret] | null {
  const sel = getSelection();
  if (!sel || sel.rangeCount === 0) return null;
  const r = sel.getRangeAt(0);
  if (!root.contains(r.commonAncestorContainer)) return null;
  const a = pointToCaret(root, r.startContainer, r.startOffset);
  const b = pointToCaret(root, r.endContainer, r.endOffset);
  return a && b ? [a, b] : null;
}

/** Collapse the selection at (pi, off), clamped to the paragraphs and text that exist; false if it cannot. */
export function collapseAt(root: HTMLElement, pi: number, off: number): boolean {
  const el = root.children[Math.max(0, Math.min(pi, root.children.length - 1))] as HTMLElement | undefined;
  const sel = el ? getSelection() : null;
  if (!el || !sel) return false;
  const tn = el.firstChild;
  if (tn && tn.nodeType === 3) sel.collapse(tn, Math.max(0, Math.min(off, (tn as Text).length)));
  else sel.collapse(el, 0);
  return true;
}

export function selectionIn(el: HTMLElement): boolean {
  const sel = getSelection();
  return !!sel?.focusNode && el.contains(sel.focusNode);
}

/** Select a range (a word or a blank), focusing the editor without scrolling it. */
export function selectRange(root: HTMLElement, r: Range) {
  root.focus({ preventScroll: true });
  const sel = getSelection()!;
  sel.removeAllRanges();
  sel.addRange(r);
}

/** A live Range over characters [off, off + len) of paragraph `pi`, if its text node has them. */
export function rangeAt(root: HTMLElement, pi: number, off: number, len: number): Range | null {
  const tn = root.children[pi]?.firstChild;
  if (tn?.nodeType !== 3 || (tn as Text).length < off + len) return null;
  const r = document.createRange();
  r.setStart(tn, off);
  r.setEnd(tn, off + len);
  return r;
}

/** Character offset in text node `tn` at a viewport point, if the point is over it. */
export function offsetAtPoint(x: number, y: number, tn: Node): number | null {
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

/** Whether a viewport point lies on a range's boxes (with a few pixels of slack). */
export function pointOverRange(r: Range, x: number, y: number): boolean {
  const slack = 4;
  for (const b of Array.from(r.getClientRects()))
    if (x >= b.left - slack && x <= b.right + slack && y >= b.top - 1 && y <= b.bottom + 1) return true;
  return false;
}

/** Scroll `root` so that range `r` is well inside it (a third from the top) if it is not. */
export function keepVisible(root: HTMLElement, r: Range) {
  const rect = r.getBoundingClientRect();
  const s = root.getBoundingClientRect();
  if (rect.top < s.top + 8 || rect.bottom > s.bottom - 8) root.scrollTop += rect.top - s.top - s.height / 3;
}
