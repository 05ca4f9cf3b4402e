import { compoundWords } from '@dictum/core/capability/asr/model/build-model';
import { wordEditDistance } from '@dictum/core/domain/transcript/word-error-rate';

// The normalisations the ASR evaluation scores with (documented in docs/asr-quality.md).

/**
 * Written form: lowercase; split on whitespace (newlines too); strip punctuation at the start and
 * end of each token ("pain." → "pain", "b.i.d." → "b.i.d", "(IV" → "iv"); keep what is inside a
 * token ("130/82", "0.5", "67-year-old", "3:30", "231,000", "2+", "97%"). Case, sentence
 * punctuation and paragraph layout are not scored; numbers, units and abbreviations are.
 */
export function writtenTokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .map((t) => t.replace(/^[("'[]+/, '').replace(/[.,;:!?)"'\]]+$/, ''))
    .filter(Boolean);
}

const compounds = new Map(compoundWords().map((c) => [c.word, c.spoken]));

/**
 * Spoken form (what was said, for the raw engine output): lowercase words; the lexicon's compound
 * words back to their letters ("b.i.d." → "b i d", "x-ray" → "x ray"), "a.m." → "a m", a spelled
 * letter with a dot ("p.") → "p"; other punctuation removed.
 */
export function spokenTokens(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().split(/\s+/)) {
    if (!raw) continue;
    const c = compounds.get(raw);
    if (c) {
      out.push(...c);
      continue;
    }
    if (raw === 'a.m.' || raw === 'p.m.') {
      out.push(raw[0]!, 'm');
      continue;
    }
    const t = raw.replace(/[^a-z0-9'\s]/g, ' ').trim();
    if (t) out.push(...t.split(/\s+/));
  }
  return out;
}

export interface Score {
  errors: number;
  words: number;
}

export function score(reference: string[], hypothesis: string[]): Score {
  return { errors: wordEditDistance(reference, hypothesis), words: reference.length };
}

/** Medical terms of the reference the hypothesis lacks (multiset count), out of how many. */
export function termScore(terms: readonly string[], hypothesis: string[]): Score {
  const have = new Map<string, number>();
  for (const h of hypothesis) have.set(h, (have.get(h) ?? 0) + 1);
  let errors = 0;
  for (const term of terms) {
    const key = term.toLowerCase();
    const n = have.get(key) ?? 0;
    if (n > 0) have.set(key, n - 1);
    else errors++;
  }
  return { errors, words: terms.length };
}
