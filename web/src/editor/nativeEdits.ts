// Reading back what the browser did. Typing, deleting, spell-check replacement and IME change
// the paragraphs' text natively (cheap, and native behaviour); the MutationObserver's records
// say which paragraphs changed, and each is diffed against its model (modelEdits.reconcileText).
// A change we did not expect at the top level (a paragraph the browser split or inserted) makes
// every paragraph be re-read.
import { indexOfPara, topPara } from './caretMapping';
import { reconcileText, typedParagraph } from './modelEdits';
import type { ParagraphView } from './paragraphView';
import { looksLikeHeading, type Para, textOf } from './wordModel';

/** The model after the browser's own edits, given the mutation records since they were last read. */
export function readNativeEdits(
  view: ParagraphView,
  paras: Para[],
  recs: MutationRecord[],
  audioTime: number,
): Para[] {
  const root = view.root;
  const dirty = new Set<HTMLElement>();
  let structural = false;
  for (const rec of recs) {
    const el = rec.target === root ? null : topPara(root, rec.target);
    if (el) dirty.add(el);
    else structural = true;
  }
  if (structural || root.children.length !== paras.length) return rereadAll(view, audioTime);
  let out = paras;
  for (const el of dirty) {
    if (!view.paraOf(el) || el.parentNode !== root) return rereadAll(view, audioTime);
    out = reconcile(view, out, el, audioTime);
  }
  return out;
}

/** Bring one known paragraph's model up to its DOM text; returns the paragraphs. */
function reconcile(view: ParagraphView, paras: Para[], el: HTMLElement, audioTime: number): Para[] {
  const old = view.paraOf(el)!;
  const newText = (el.textContent ?? '').replace(/\n/g, ' ');
  let np = old;
  let out = paras;
  if (newText !== textOf(old)) {
    const pi = indexOfPara(view.root, el);
    np = reconcileText(paras, pi, old, newText, audioTime);
    out = paras.slice();
    out[pi] = np;
    view.show(el, np);
    el.classList.toggle('h', looksLikeHeading(np));
  }
  view.normalize(el, np);
  view.mark(el, np);
  return out;
}

/** Re-read every paragraph: known ones are diffed against their model, new ones read as typed text. */
function rereadAll(view: ParagraphView, audioTime: number): Para[] {
  const kids = view.regroup();
  const next: Para[] = [];
  let paras = kids.map((el) => view.paraOf(el) ?? { lead: '', words: [] });
  kids.forEach((el, i) => {
    if (view.paraOf(el)) paras = reconcile(view, paras, el, audioTime);
    else {
      const text = (el.textContent ?? '').replace(/\n/g, ' ');
      const p = typedParagraph(text, next, i, paras, audioTime);
      view.show(el, p);
      paras[i] = p;
      view.normalize(el, p);
      view.mark(el, p);
    }
    next.push(paras[i]!);
  });
  return next;
}
