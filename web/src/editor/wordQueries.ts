// Read-only questions about the words of the document (which words a selection covers, where a
// blank is, the next word matching a test): pure functions of the paragraphs, no DOM.
import type { Caret } from './caretMapping';
import { BLANK_TEXT, offsetsOf, type Para, textOf, unitAt, type Word } from './wordModel';

/** [paragraph, word] of the words overlapping [a, b]; for a caret, the word it is on. */
export function wordsIn(paras: readonly Para[], a: Caret, b: Caret): [number, number][] {
  const out: [number, number][] = [];
  if (a.pi === b.pi && a.off === b.off) {
    const p = paras[a.pi];
    const wi = p ? unitAt(p, a.off) : -1;
    if (p && wi >= 0) out.push([a.pi, wi]);
    return out;
  }
  for (let pi = a.pi; pi <= b.pi; pi++) {
    const p = paras[pi]!;
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

/** Audio span of words: the first timed one's start to the latest end; null if there is none. */
export function spanOf(
  paras: readonly Para[],
  at: [number, number][],
): { start: number; end: number } | null {
  let start = Number.NaN;
  let end = Number.NaN;
  for (const [pi, wi] of at) {
    const w = paras[pi]!.words[wi]!;
    if (Number.isNaN(w.start)) continue;
    if (Number.isNaN(start)) start = w.start;
    end = Number.isNaN(end) ? w.end : Math.max(end, w.end);
  }
  return Number.isNaN(start) || !(end > start) ? null : { start, end };
}

/** First word matching `test` at or after paragraph `fromPi`: [pi, wi]. */
export function findWordWhere(
  paras: readonly Para[],
  test: (w: Word) => boolean,
  fromPi = 0,
): [number, number] | null {
  for (let pi = fromPi; pi < paras.length; pi++) {
    const wi = paras[pi]!.words.findIndex(test);
    if (wi >= 0) return [pi, wi];
  }
  return null;
}

/** Ids of blanks whose "___" is still in the text. */
export function blankIdsIn(paras: readonly Para[]): Set<string> {
  const s = new Set<string>();
  for (const p of paras) for (const w of p.words) if (w.blankId && w.text === BLANK_TEXT) s.add(w.blankId);
  return s;
}

/**
 * The next (dir 1) or previous (-1) word matching `test` after `origin` (exclusive), wrapping around the document once: [pi, wi].
 */
export function nextWordWhere(
  paras: readonly Para[],
  origin: { pi: number; wi: number },
  test: (w: Word) => boolean,
  dir: 1 | -1,
): [number, number] | null {
  const { pi: p0, wi: w0 } = origin;
  const P = paras.length;
  for (let step = 0; step <= P; step++) {
    const pi = (((p0 + dir * step) % P) + P) % P;
    const words = paras[pi]!.words;
    let wi = step === 0 ? w0 + dir : dir > 0 ? 0 : words.length - 1;
    for (; wi >= 0 && wi < words.length; wi += dir) {
      if (step === P && (dir > 0 ? wi > w0 : wi < w0)) return null;
      if (test(words[wi]!)) return [pi, wi];
    }
  }
  return null;
}

/** Character position of offset `off` of paragraph `pi` in the whole document text. */
export function docPosition(paras: readonly Para[], pi: number, off: number): number {
  let pos = 0;
  for (let i = 0; i < pi; i++) pos += textOf(paras[i]!).length + 1;
  return pos + off;
}
