// Edits on the word model, without the DOM: what the paragraphs become after a structural edit
// (a range replaced by text that may hold newlines) or after the browser changed one paragraph's
// text natively. Words outside the change keep their objects and timing; edited words keep the
// time of the characters they came from; typed words are timed from their neighbours (retime).
import type { Caret } from './caretMapping';
import {
  deriveWords,
  HUMAN_CONFIDENCE,
  interpolate,
  offsetsOf,
  type Para,
  type Piece,
  piecesOf,
  primeText,
  replacedSpan,
  replacementPieces,
  retime,
  textOf,
  timedAfter,
  timedBefore,
  tokenize,
  unitAt,
} from './wordModel';

/** How many typed words on each side of an edit are re-spread with it. */
const TYPED_REACH = 48;

/**
 * Replace the text between two carets (possibly in different paragraphs) with `text`, where
 * "\n" makes paragraphs. Returns the paragraphs that replace a.pi..b.pi and where the caret goes
 * (after the inserted text).
 */
export function replaceText(
  paras: readonly Para[],
  a: Caret,
  b: Caret,
  text: string,
  audioTime: number,
): { paras: Para[]; caret: Caret } {
  const pa = paras[a.pi]!;
  const pb = paras[b.pi]!;
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
    pc.text.split('\n').forEach((part, i) => {
      if (i > 0) groups.push([]);
      if (part) groups.at(-1)!.push({ text: part, src: null });
    });
  }
  const derived = groups.map((g) => deriveWords(g));
  // Time typed words across all new paragraphs at once.
  const flat = derived.flatMap((d) => d.words);
  const before = timedBefore(paras, a.pi, 0);
  const after = timedAfter(paras, b.pi, pb.words.length);
  // The span of what was replaced (across paragraphs too) stays with the text that replaced it.
  const deleted =
    a.pi === b.pi
      ? piecesOf(pa, a.off, b.off)
      : [
          ...piecesOf(pa, a.off, textOf(pa).length),
          ...paras.slice(a.pi + 1, b.pi).flatMap((p) => piecesOf(p, 0, textOf(p).length)),
          ...piecesOf(pb, 0, b.off),
        ];
  const span = clean.trim() ? replacedSpan(deleted) : null;
  const timed = retime(flat, before, after, audioTime, span);
  let k = 0;
  const out: Para[] = derived.map((d) => {
    const words = timed.slice(k, k + d.words.length);
    k += d.words.length;
    return { lead: d.lead, words };
  });
  const caret = { pi: a.pi + out.length - 1, off: textOf(out.at(-1)!).length - tail };
  return { paras: out, caret };
}

/**
 * Paragraph `pi` (model `old`) now reads `newText`: diff them (common prefix/suffix) and re-derive
 * only the words around the change, so a keystroke in a very long paragraph stays cheap.
 */
export function reconcileText(
  paras: readonly Para[],
  pi: number,
  old: Para,
  newText: string,
  audioTime: number,
): Para {
  const oldText = textOf(old);
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
  for (let k = 0; k < TYPED_REACH && iLast >= 0 && iLast + 1 < n && old.words[iLast + 1]!.typed; k++) iLast++;
  const A = iFirst < 0 ? 0 : o[iFirst]!;
  const B = iLast + 1 < n ? o[iLast + 1]! : oldLen;
  const deleted = piecesOf(old, p, oldEnd);
  const typedText = newText.slice(p, newEnd);
  const span = typedText.trim() ? replacedSpan(deleted) : null;
  const d = deriveWords([
    ...piecesOf(old, A, p),
    ...replacementPieces(deleted, typedText),
    ...piecesOf(old, oldEnd, B),
  ]);
  const first = Math.max(iFirst, 0);
  const fresh = retime(d.words, timedBefore(paras, pi, first), timedAfter(paras, pi, iLast), audioTime, span);
  const np: Para = {
    lead: iFirst < 0 ? d.lead : old.lead,
    words: old.words.slice(0, first).concat(fresh, old.words.slice(iLast + 1)),
  };
  // The region's words must spell exactly the edited text (checked on the region only); then
  // the new paragraph's text is known.
  const normalised = newText.replace(/\u00a0/g, ' ');
  let region = iFirst < 0 ? d.lead : '';
  for (const w of fresh) region += w.text + w.ws;
  if (!(iFirst >= 0 && d.lead) && region === normalised.slice(A, B + newLen - oldLen)) {
    primeText(np, normalised);
    return np;
  }
  // Should not happen; re-derive the whole paragraph rather than trust a bad splice.
  const full = deriveWords([
    ...piecesOf(old, 0, p),
    ...replacementPieces(deleted, typedText),
    ...piecesOf(old, oldEnd, oldLen),
  ]);
  return {
    lead: full.lead,
    words: retime(full.words, timedBefore(paras, pi, 0), timedAfter(paras, pi, n), audioTime, span),
  };
}

/**
 * A paragraph the browser created (not one of ours): all its words are typed, timed between the
 * nearest timed words before (in `before`, the paragraphs already re-read) and after it.
 */
export function typedParagraph(
  text: string,
  before: readonly Para[],
  pi: number,
  after: readonly Para[],
  audioTime: number,
): Para {
  const { lead, tokens } = tokenize(text);
  const words = tokens.map((t) => ({
    text: t.text,
    ws: t.ws,
    start: Number.NaN,
    end: Number.NaN,
    conf: HUMAN_CONFIDENCE,
    typed: true,
  }));
  return {
    lead,
    words: interpolate(words, timedBefore(before, pi, 0), timedAfter(after, pi + 1, -1), audioTime),
  };
}
