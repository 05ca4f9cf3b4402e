// What the spell check judges and where a flagged word is: shared by the highlights (underline),
// the list of words in view (sent to the server) and the suggestions menu.
import { offsetsOf, type Para, unitAt } from './wordModel';

/**
 * The words the spell check judges: letter runs inside a token, with inner apostrophes or
 * hyphens ("pain," → "pain"; "mg/dL" → "mg", "dL"). Digits and symbols are not part of them.
 */
export const SPELL_WORD = /\p{L}+(?:['\u2019-]\p{L}+)*/gu;

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

/** The flagged word at character `off` of paragraph `p` (or the one just after it), if any. */
export function misspelledAt(
  p: Para | undefined,
  off: number,
  misspelled: ReadonlySet<string>,
): { word: string; off: number } | null {
  if (!p?.words.length || misspelled.size === 0) return null;
  const o = offsetsOf(p);
  const wi = unitAt(p, off);
  for (const i of [wi, wi + 1]) {
    const w = p.words[i];
    if (!w) continue;
    for (const m of w.text.matchAll(SPELL_WORD)) {
      const start = o[i]! + m.index;
      if (off >= start && off <= start + m[0].length && misspelled.has(m[0]))
        return { word: m[0], off: start };
    }
  }
  return null;
}
