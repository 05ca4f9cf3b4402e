import type { FormattingRules } from './rules/types';
import { type FmtToken, longestMatch, merged, rewriteFreeWords } from './tokens';

/** House-style abbreviations: "b i d" → "b.i.d.", "e k g" → "EKG", "x ray" → "x-ray". */
export function applyAbbreviations(input: readonly FmtToken[], rules: FormattingRules): FmtToken[] {
  // The engine may already give the written form as one word ("b.i.d.", "ekg"): match that too.
  const phrases = rules.abbreviations.map((a) => a.spoken);
  const written = new Map(rules.abbreviations.map((a) => [a.written.toLowerCase(), a.written]));
  return rewriteFreeWords(input, (i, out) => {
    const match = longestMatch(input, i, phrases);
    if (match) {
      const words = input.slice(i, i + match[1]);
      out.push(merged(words, rules.abbreviations[match[0]]!.written, { fixed: true }));
      return match[1];
    }
    const token = input[i]!;
    const same = written.get(token.text.toLowerCase());
    out.push(same ? { ...token, text: same, fixed: true } : token);
    return 1;
  });
}
