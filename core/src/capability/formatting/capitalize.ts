import type { FormattingRules } from './rules/types';
import { type FmtToken, keyOf, longestMatch } from './tokens';

const SENTENCE_END = new Set(['.', '?', '!', ':']);

function startsSentence(prev: FmtToken | undefined): boolean {
  if (!prev) return true;
  if (prev.kind === 'break' || prev.listMarker) return true;
  return prev.kind === 'punct' && SENTENCE_END.has(prev.text);
}

/**
 * Section headings dictated with "colon" at the start of a sentence are written in capitals
 * ("VITAL SIGNS:"); sentences, list items, paragraphs and what follows a heading start with a
 * capital; "i" is "I".
 */
export function applyCapitalization(input: readonly FmtToken[], rules: FormattingRules): FmtToken[] {
  const out = input.map((t) => ({ ...t }));
  for (let i = 0; i < out.length; i++) {
    if (!startsSentence(out[i - 1])) continue;
    const heading = longestMatch(out, i, rules.headings);
    if (heading && out[i + heading[1]]?.kind === 'punct' && out[i + heading[1]]!.text === ':') {
      for (let k = i; k < i + heading[1]; k++) {
        out[k] = { ...out[k]!, text: out[k]!.text.toUpperCase(), heading: true, fixed: true };
      }
    }
  }
  let capNext = true;
  for (let i = 0; i < out.length; i++) {
    const t = out[i]!;
    if (t.kind === 'break' || t.listMarker || (t.kind === 'punct' && SENTENCE_END.has(t.text))) {
      capNext = true;
      continue;
    }
    if (t.kind === 'punct') continue;
    if (keyOf(t) === 'i') out[i] = { ...t, text: 'I' };
    if (capNext && !t.keepCase && !t.num) {
      out[i] = { ...out[i]!, text: capitalizeFirst(out[i]!.text) };
      if (out[i]!.parts)
        out[i]!.parts = out[i]!.parts!.map((p, n) => (n === 0 ? { ...p, text: capitalizeFirst(p.text) } : p));
    } else if (capNext && t.num && t.parts) {
      // A number left as words at a sentence start ("Two ..."): capitalise its first word.
      out[i] = {
        ...t,
        parts: t.parts.map((p, n) => (n === 0 ? { ...p, text: capitalizeFirst(p.text) } : p)),
      };
    }
    capNext = false;
  }
  return out;
}

function capitalizeFirst(word: string): string {
  return word.replace(/^(\p{Ll})/u, (c) => c.toUpperCase());
}
