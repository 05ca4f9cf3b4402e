import type { FormattingRules } from './rules/types';
import { type FmtToken, keyOf, longestMatch, merged, rewriteFreeWords, spanOf } from './tokens';

const BOUNDARY_MARKS = new Set(['.', ',', ';', ':', '?', '!']);

function isBoundary(t: FmtToken): boolean {
  return t.kind === 'break' || !!t.listMarker || (t.kind === 'punct' && BOUNDARY_MARKS.has(t.text));
}

/**
 * Spoken commands: punctuation words become marks, "new paragraph"/"new line" become breaks,
 * "next number" starts a numbered-list item, "scratch that" deletes the phrase before it.
 */
export function applySpokenCommands(input: readonly FmtToken[], rules: FormattingRules): FmtToken[] {
  const punctPhrases = rules.punctuation.map((p) => p.phrase);
  const breakPhrases = rules.breaks.map((b) => b.phrase);
  const sentenceEnds = [...breakPhrases, ...rules.nextNumber];
  let listNumber = 0;

  return rewriteFreeWords(input, (i, out) => {
    const scratch = longestMatch(input, i, rules.scratch);
    if (scratch) {
      // Delete back to the previous phrase boundary; right after a boundary, the phrase before it.
      if (out.length && isBoundary(out.at(-1)!) && out.at(-1)!.kind === 'punct') out.pop();
      while (out.length && !isBoundary(out.at(-1)!)) out.pop();
      return scratch[1];
    }

    const brk = longestMatch(input, i, breakPhrases);
    if (brk) {
      const kind = rules.breaks[brk[0]]!.kind;
      out.push({ ...spanOf(input.slice(i, i + brk[1])), kind: 'break', breakKind: kind, text: '' });
      if (kind === 'paragraph') listNumber = 0;
      return brk[1];
    }

    const next = longestMatch(input, i, rules.nextNumber);
    if (next) {
      const words = input.slice(i, i + next[1]);
      listNumber++;
      out.push({ ...spanOf(words), kind: 'break', breakKind: 'line', text: '' });
      out.push(merged(words, `${listNumber}.`, { fixed: true, listMarker: true }));
      return next[1];
    }

    const punct = longestMatch(input, i, punctPhrases);
    if (punct && !isLiteral(input, i, punct[1], rules, sentenceEnds)) {
      const rule = rules.punctuation[punct[0]]!;
      const words = input.slice(i, i + punct[1]);
      out.push({ ...spanOf(words), kind: 'punct', text: rule.mark, attach: rule.attach ?? 'prev' });
      if (rule.mark === ':') listNumber = 0;
      return punct[1];
    }

    out.push(input[i]!);
    return 1;
  });
}

/** "sigmoid colon", "a period of": the punctuation word meant as a word. */
function isLiteral(
  tokens: readonly FmtToken[],
  i: number,
  length: number,
  rules: FormattingRules,
  /** Commands after which a sentence has ended (breaks, list items). */
  sentenceEnds: readonly string[],
): boolean {
  if (length !== 1) return false;
  const when = rules.literalWhen[keyOf(tokens[i])];
  if (!when) return false;
  const before = keyOf(tokens[i - 1]);
  const after = keyOf(tokens[i + 1]);
  // Nothing follows but (maybe) a break or a list item: the dictated sentence ends here.
  if (when.markAtEnd && (i + 1 >= tokens.length || longestMatch(tokens, i + 1, sentenceEnds))) return false;
  return (!!before && !!when.before?.includes(before)) || (!!after && !!when.after?.includes(after));
}
