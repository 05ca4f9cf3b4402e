import type { TimedWord } from '../../domain/transcript/word';

/** A number recognised in the spoken words. */
export interface SpokenNumber {
  value: number;
  /** The written digits, e.g. "98.6", "0.5", "130". */
  digits: string;
  /** How many spoken words it took. */
  words: number;
  ordinal: boolean;
  decimal: boolean;
  /** "one thirty" read as hundreds: the two halves (for times like "three thirty p m"). */
  pair?: [number, number];
}

/**
 * The formatter's working unit. Every token knows the time span of the spoken words it came from;
 * merging tokens merges their spans (first start → last end, lowest confidence).
 */
export interface FmtToken {
  text: string;
  start: number;
  end: number;
  confidence: number;
  kind: 'word' | 'punct' | 'break';
  /** For punctuation: which neighbour it sticks to. */
  attach?: 'prev' | 'next';
  /** For breaks. */
  breakKind?: 'line' | 'paragraph';
  /** Final written form: later passes leave it alone. */
  fixed?: boolean;
  num?: SpokenNumber;
  /** A section heading ("VITAL SIGNS"). */
  heading?: boolean;
  /** A numbered-list marker ("1."). */
  listMarker?: boolean;
  /** The spoken words a number or merged token came from (numbers left as words render these). */
  parts?: FmtToken[];
  /** A number that context says is written in digits. */
  forceDigits?: boolean;
  /** Never capitalised (units: "mg", "mL"). */
  keepCase?: boolean;
}

const HYPHENATED_NUMBER =
  /^(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(one|two|three|four|five|six|seven|eight|nine|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)$/i;

export function fromWords(words: readonly TimedWord[]): FmtToken[] {
  const out: FmtToken[] = [];
  for (const w of words) {
    const text = w.text.trim();
    if (!text) continue;
    // Engines give one word per item; an item with spaces is split over its own span, and so is a
    // hyphenated number ("twenty-five", as Whisper writes some).
    const parts = text.split(/\s+/).flatMap((p) => (HYPHENATED_NUMBER.test(p) ? p.split('-') : [p]));
    for (const part of parts) {
      out.push({ text: part, start: w.start, end: w.end, confidence: w.confidence, kind: 'word' });
    }
  }
  return out;
}

/** Span of a run of tokens: first start → last end, lowest confidence. */
export function spanOf(tokens: readonly FmtToken[]): Pick<FmtToken, 'start' | 'end' | 'confidence'> {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let confidence = 1;
  for (const t of tokens) {
    start = Math.min(start, t.start);
    end = Math.max(end, t.end);
    confidence = Math.min(confidence, t.confidence);
  }
  if (!tokens.length) return { start: 0, end: 0, confidence: 1 };
  return { start, end, confidence };
}

/** One token standing for `tokens`, with their merged span. */
export function merged(tokens: readonly FmtToken[], text: string, extra: Partial<FmtToken> = {}): FmtToken {
  return { ...spanOf(tokens), kind: 'word', text, ...extra };
}

/** The lowercase key a rule phrase is matched against ("B." → "b", "Period" → "period"). */
export function keyOf(token: FmtToken | undefined): string {
  if (token?.kind !== 'word' || token.fixed) return '';
  const lower = token.text.toLowerCase();
  // pocketsphinx writes some letters with a dot ("p.", "b."): a spelled letter either way.
  return /^[a-z]\.$/.test(lower) ? lower[0]! : lower;
}

/** Whether the phrase (space-separated words) is spoken at `tokens[i]`; returns its word count. */
export function matchPhrase(tokens: readonly FmtToken[], i: number, phrase: string): number {
  const parts = phrase.split(' ');
  for (let k = 0; k < parts.length; k++) {
    if (keyOf(tokens[i + k]) !== parts[k]) return 0;
  }
  return parts.length;
}

/** The longest of `phrases` spoken at `tokens[i]`, as [phrase index, word count]. */
export function longestMatch(
  tokens: readonly FmtToken[],
  i: number,
  phrases: readonly string[],
): [number, number] | null {
  let best: [number, number] | null = null;
  phrases.forEach((phrase, index) => {
    const n = matchPhrase(tokens, i, phrase);
    if (n && (!best || n > best[1])) best = [index, n];
  });
  return best;
}

/**
 * One left-to-right pass over the tokens. Tokens that are not free words (marks, breaks, words an
 * earlier pass fixed) are kept as they are; at a free word, `step` appends what it makes of the
 * tokens from `i` on and returns how many it consumed (at least one).
 */
export function rewriteFreeWords(
  input: readonly FmtToken[],
  step: (i: number, out: FmtToken[]) => number,
): FmtToken[] {
  const out: FmtToken[] = [];
  for (let i = 0; i < input.length; ) {
    const token = input[i]!;
    if (token.kind !== 'word' || token.fixed) {
      out.push(token);
      i++;
    } else i += step(i, out);
  }
  return out;
}
