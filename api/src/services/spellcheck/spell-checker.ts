import dictionaryEn from 'dictionary-en';
import nspell from 'nspell';

// The server-side spell checker behind POST /spellcheck: general English from nspell with
// dictionary-en (SCOWL-derived, MIT AND BSD), plus medical words the project owns (see
// medical-words.ts). Nothing here logs or keeps the words it is asked about: they are patient data.
//
// Suggestions are computed here rather than with nspell's `suggest`: when a word has no candidate
// at edit distance 1, nspell walks edit distance 2 over the whole dictionary, which was measured at
// 400–700 ms for one short made-up word — long enough to stall every other request of the process.
// Here a word costs about a millisecond: its edit-distance-1 variants checked against the
// dictionary (with the affix file's replacement table), plus the medical words within edit
// distance 2 (the words a general dictionary cannot suggest).

export interface Misspelling {
  word: string;
  suggestions: string[];
}

const MAX_SUGGESTIONS = 6;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz'";
/** A word to check: letters with inner apostrophes or hyphens. */
const WORD = /^[\p{L}]+(?:['-][\p{L}]+)*$/u;
const EDGE_PUNCTUATION = /^[^\p{L}\d]+|[^\p{L}\d]+$/gu;

type Casing = 'lower' | 'capital' | 'upper' | 'mixed';

function casingOf(word: string): Casing {
  if (word === word.toLowerCase()) return 'lower';
  if (word === word.toUpperCase()) return 'upper';
  if (word[0] === word[0]!.toUpperCase() && word.slice(1) === word.slice(1).toLowerCase()) return 'capital';
  return 'mixed';
}

function applyCasing(word: string, casing: Casing): string {
  if (casing === 'upper') return word.toUpperCase();
  if (casing === 'capital') return word.charAt(0).toUpperCase() + word.slice(1);
  return word;
}

/** Optimal string alignment distance, giving up (returning max + 1) once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** Words the checker does not judge: acronyms, numbers and codes, single letters. */
export function checkableForm(raw: string): string | null {
  const word = raw
    .normalize('NFC')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(EDGE_PUNCTUATION, '');
  if (word.length < 2 || word.length > 60) return null;
  if (!WORD.test(word)) return null; // digits, slashes, dots inside (mg/dL, b.i.d., 5mg): not words
  if (word.length <= 6 && word === word.toUpperCase()) return null; // COPD, HEENT, CHF
  return word;
}

export class SpellChecker {
  private readonly spell: ReturnType<typeof nspell>;
  private readonly replacements: [string, string][];
  /** Lowercase medical and organisation words: suggestion candidates beyond edit distance 1. */
  private readonly medical = new Set<string>();
  /** Words added by `setDynamicWords` that the dictionary did not know before. */
  private dynamic = new Set<string>();

  constructor(staticWords: Iterable<string>) {
    // dictionary-en reads its files with fs.readFile: the bytes are Buffers, as nspell expects.
    this.spell = nspell({ aff: Buffer.from(dictionaryEn.aff), dic: Buffer.from(dictionaryEn.dic) });
    this.replacements = (
      (this.spell as unknown as { replacementTable?: [string, string][] }).replacementTable ?? []
    ).filter(([from, to]) => typeof from === 'string' && typeof to === 'string' && from.length > 0);
    for (const w of staticWords) this.addWord(w, this.medical);
  }

  private addWord(word: string, into: Set<string>): boolean {
    const entry = dictionaryForm(word);
    if (!entry) return false;
    into.add(entry.toLowerCase());
    if (this.spell.correct(entry)) return false;
    this.spell.add(entry);
    return true;
  }

  /**
   * Replaces the words that come from the organisation's data (vocabulary, text expanders, work
   * type templates): new ones are added, ones no longer present are removed.
   */
  setDynamicWords(words: Iterable<string>) {
    const next = new Set<string>();
    for (const w of words) {
      const entry = dictionaryForm(w);
      if (entry) next.add(entry);
    }
    for (const w of this.dynamic) {
      if (!next.has(w)) {
        this.spell.remove(w);
        this.dynamic.delete(w);
      }
    }
    for (const w of next) {
      if (this.dynamic.has(w)) continue;
      this.medical.add(w.toLowerCase());
      if (!this.spell.correct(w)) {
        this.spell.add(w);
        this.dynamic.add(w);
      }
    }
  }

  /** Whether a word (as written in the text) is spelled correctly or not judged at all. */
  isCorrect(raw: string): boolean {
    const word = checkableForm(raw);
    if (word === null) return true;
    if (this.spell.correct(word)) return true;
    // Hyphenated compounds: fine when every part is a word (well-being, non-tender).
    if (word.includes('-'))
      return word.split('-').every((part) => checkableForm(part) === null || this.spell.correct(part));
    return false;
  }

  suggest(raw: string): string[] {
    const word = checkableForm(raw);
    if (word === null) return [];
    const casing = casingOf(word);
    const lower = word.toLowerCase();
    const scored = new Map<string, number>();
    const offer = (candidate: string, score: number) => {
      if (candidate === lower || candidate.length === 0) return;
      const cased = casing === 'mixed' ? candidate : applyCasing(candidate, casing);
      const known = this.spell.correct(cased) ? cased : this.spell.correct(candidate) ? candidate : null;
      if (known === null) return;
      const prior = scored.get(known);
      if (prior === undefined || score < prior) scored.set(known, score);
    };
    for (const [from, to] of this.replacements) {
      const f = from.replace(/^\^|\$$/g, '').toLowerCase();
      if (!f) continue;
      let at = lower.indexOf(f);
      while (at >= 0) {
        offer(lower.slice(0, at) + to.replace(/_/g, ' ').toLowerCase() + lower.slice(at + f.length), 0.5);
        at = lower.indexOf(f, at + 1);
      }
    }
    for (let i = 0; i <= lower.length; i++) {
      const head = lower.slice(0, i);
      const tail = lower.slice(i);
      if (i < lower.length) {
        offer(head + tail.slice(1), 1); // deletion
        if (i + 1 < lower.length) offer(head + tail[1] + tail[0] + tail.slice(2), 0.5); // transposition
      }
      for (const c of ALPHABET) {
        if (i < lower.length && c !== tail[0]) offer(head + c + tail.slice(1), 1.2); // substitution
        offer(head + c + tail, 1.1); // insertion
      }
    }
    // Medical and organisation words up to two edits away (a general dictionary cannot offer them).
    if (lower.length >= 4) {
      const max = lower.length >= 8 ? 2 : 1;
      for (const term of this.medical) {
        const d = editDistance(lower, term, max);
        if (d <= max) offer(term, d);
      }
    }
    return [...scored.entries()]
      .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_SUGGESTIONS)
      .map(([w]) => w);
  }

  /** The misspelled words of `words`, each once, in the order first seen, with suggestions. */
  check(words: readonly string[]): Misspelling[] {
    const seen = new Set<string>();
    const out: Misspelling[] = [];
    for (const word of words) {
      if (seen.has(word)) continue;
      seen.add(word);
      if (!this.isCorrect(word)) out.push({ word, suggestions: this.suggest(word) });
    }
    return out;
  }
}

/**
 * How a word from the project's or the organisation's lists enters the dictionary: lowercase
 * (which also accepts it capitalised or in capitals), unless it has capitals inside (mmHg,
 * McBurney), which are kept as written.
 */
function dictionaryForm(raw: string): string | null {
  const word = raw
    .normalize('NFC')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(EDGE_PUNCTUATION, '');
  if (word.length < 2 || word.length > 60 || !WORD.test(word)) return null;
  const casing = casingOf(word);
  return casing === 'mixed' ? word : word.toLowerCase();
}
