import type { TimedWord } from '@dictum/core/domain/transcript/word';

/** Engine-like words for a spoken string: word n spans [n, n + 0.5) s, confidence 0.9 (0.5 for "low"). */
export function spokenWords(spoken: string, lowConfidence: string[] = []): TimedWord[] {
  return spoken
    .split(/\s+/)
    .filter(Boolean)
    .map((text, n) => ({
      text,
      start: n,
      end: n + 0.5,
      confidence: lowConfidence.includes(text) ? 0.5 : 0.9,
    }));
}
