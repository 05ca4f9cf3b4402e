import type { TimedWord } from '../../domain/transcript/word';
import { numberDigits } from './number-patterns';
import type { FormattingRules } from './rules/types';
import type { FmtToken } from './tokens';

/** Whether a number token is written in digits (else as the words spoken). */
export function writesDigits(t: FmtToken): boolean {
  const num = t.num!;
  if (t.forceDigits) return true;
  if (num.ordinal) return false;
  return num.words > 1 || num.value >= 10 || num.decimal;
}

/**
 * Tokens → the draft: punctuation sticks to its word (the word's span grows to cover the spoken
 * "period"), breaks become newlines, numbers are written. `text` is the words joined by single
 * spaces or newlines, so splitting `text` on whitespace gives `words` back.
 */
export function render(
  tokens: readonly FmtToken[],
  rules: FormattingRules,
): { text: string; words: TimedWord[] } {
  const words: TimedWord[] = [];
  const separators: string[] = [];
  let pendingBreak: '' | '\n' | '\n\n' = '';
  let pendingPrefix: FmtToken[] = [];

  const push = (text: string, span: Pick<TimedWord, 'start' | 'end' | 'confidence'>) => {
    let start = span.start;
    let end = span.end;
    let confidence = span.confidence;
    let prefix = '';
    for (const p of pendingPrefix) {
      prefix += p.text;
      start = Math.min(start, p.start);
      end = Math.max(end, p.end);
      confidence = Math.min(confidence, p.confidence);
    }
    pendingPrefix = [];
    separators.push(words.length === 0 ? '' : pendingBreak || ' ');
    pendingBreak = '';
    words.push({ text: prefix + text, start, end, confidence });
  };

  for (const t of tokens) {
    if (t.kind === 'break') {
      if (words.length) {
        const b = t.breakKind === 'paragraph' ? '\n\n' : '\n';
        if (b.length > pendingBreak.length) pendingBreak = b;
      }
      continue;
    }
    if (t.kind === 'punct') {
      if (t.attach === 'next') {
        pendingPrefix.push(t);
        continue;
      }
      const last = words.at(-1);
      // Punctuation with no word before it in its line has nothing to stick to: dropped.
      if (!last || pendingBreak) continue;
      const text = t.text === '.' && /[.!?]$/.test(last.text) ? last.text : last.text + t.text;
      words[words.length - 1] = {
        text,
        start: Math.min(last.start, t.start),
        end: Math.max(last.end, t.end),
        confidence: Math.min(last.confidence, t.confidence),
      };
      continue;
    }
    if (t.num && !t.fixed) {
      if (writesDigits(t)) push(numberDigits(t, rules), t);
      else for (const p of t.parts ?? [t]) push(p.text, p);
      continue;
    }
    push(t.text, t);
  }
  let text = '';
  words.forEach((w, n) => {
    text += separators[n] + w.text;
  });
  return { text, words: words.map((w) => ({ ...w, start: round(w.start), end: round(w.end) })) };
}

const round = (s: number) => Math.round(s * 1000) / 1000;
