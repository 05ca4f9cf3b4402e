/**
 * Transcription is billed by the line, and contracts name one of two definitions that give different
 * numbers for the same note, so both are stored (Document.linesWithSpaces / linesVisible):
 *
 * - AHDI-style line: 65 characters *including spaces*; characters ÷ 65, fractions rounded
 *   (https://www.zydoc.com/faq-category/costs/).
 * - VA "VBC line" (visual black characters): characters visible to the eye ÷ 65; spaces, carriage
 *   returns and hidden formatting are not counted (VHA Directive 2008-042, TIU*1*250 [V2]).
 *
 * Both definitions also count headers and footers; this counts the note text only, so a contract
 * that bills the header adds its text before counting.
 *
 * What a "character" is here: one user-perceived character (grapheme cluster), so "ë" written as
 * e + combining diaeresis, or an emoji sequence, counts once, as the reader sees it. Line breaks
 * (LF, CR, CRLF, U+2028/U+2029, VT, FF) are never characters: AHDI counts "spaces", and a line break
 * is what the line count replaces. Invisible formatting (control and format characters such as
 * zero-width space or soft hyphen) counts in neither. Tabs and other spaces count with spaces only.
 * "Fractions rounded" is read as rounding to the nearest line (32 characters → 0 lines, 33 → 1,
 * 97 → 1, 98 → 2), not rounding up.
 */
export interface LineCounts {
  /** AHDI: charactersWithSpaces ÷ 65, rounded. */
  linesWithSpaces: number;
  /** VA VBC: visibleCharacters ÷ 65, rounded. */
  linesVisible: number;
  charactersWithSpaces: number;
  visibleCharacters: number;
}

export const CHARACTERS_PER_LINE = 65;

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
// biome-ignore lint/suspicious/noControlCharactersInRegex: VT and FF are line breaks to skip
const LINE_BREAK = /^[\n\r\u000b\u000c\u2028\u2029\u0085]+$/u;
const SPACE = /^[\p{White_Space}]+$/u;
const INVISIBLE = /^[\p{Cc}\p{Cf}]+$/u;

// V8's grapheme segmenter (Node 20) is quadratic in the length of the string it is given, and slow
// per segment: a 150 KB note took 28 s of blocked event loop, 1.9 MB minutes. So characters that
// cannot join their neighbours (ASCII, Latin-1, Latin Extended, CJK, kana, Hangul syllables: see
// isStandalone) are counted directly, and only the runs around other characters go through the
// segmenter, each cut where UAX #29 puts a boundary whatever surrounds it.
// The count is the same as segmenting the whole text at once; the cost is linear.
const MAX_RUN = 2048;
const MIN_RUN = 256;
const SIMPLE = 0x300;

/** What a lone character below U+0300 counts as: 0 line break, 1 space, 2 invisible, 3 visible. */
const SIMPLE_CLASS = new Uint8Array(SIMPLE);
for (let c = 0; c < SIMPLE; c++) {
  const ch = String.fromCharCode(c);
  SIMPLE_CLASS[c] = LINE_BREAK.test(ch) ? 0 : SPACE.test(ch) ? 1 : INVISIBLE.test(ch) ? 2 : 3;
}

/** Prepend characters (UAX #29): the only class that joins the character after it to itself. */
function isPrepend(cp: number): boolean {
  return (
    (cp >= 0x0600 && cp <= 0x0605) ||
    cp === 0x06dd ||
    cp === 0x070f ||
    cp === 0x0890 ||
    cp === 0x0891 ||
    cp === 0x08e2 ||
    cp === 0x0d4e ||
    cp === 0x110bd ||
    cp === 0x110cd ||
    cp === 0x111c2 ||
    cp === 0x111c3 ||
    cp === 0x1193f ||
    cp === 0x11941 ||
    cp === 0x11a3a ||
    (cp >= 0x11a84 && cp <= 0x11a89) ||
    cp === 0x11d46 ||
    cp === 0x11f02
  );
}

/** The code point that ends just before `i`. */
function codePointBefore(text: string, i: number): number {
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  }
  return low;
}

/**
 * True when UAX #29 puts a grapheme boundary before text[i] regardless of context: the character
 * there is of class Other/Control (below U+0300 other than a LF after CR, CJK ideographs, kana,
 * Hangul syllables not after a leading jamo) and the one before is not Prepend. No rule that depends
 * on earlier context (emoji ZWJ sequences, regional indicator pairs, Indic conjuncts) can join such
 * a character to what precedes it.
 */
function isSafeCut(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  const p = codePointBefore(text, i);
  if (isPrepend(p)) return false;
  if (c < SIMPLE) return !(c === 0x0a && p === 0x0d) && !((c === 0xa9 || c === 0xae) && p === 0x200d);
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) return true;
  if ((c >= 0x3041 && c <= 0x3096) || (c >= 0x30a1 && c <= 0x30fa)) return true;
  if (c >= 0xac00 && c <= 0xd7a3) return !((p >= 0x1100 && p <= 0x115f) || (p >= 0xa960 && p <= 0xa97c));
  return false;
}

/**
 * Characters that form a grapheme of their own when their neighbours are also in this set: below
 * U+0300, and CJK ideographs, kana and Hangul syllables (class Other; they join only with marks,
 * jamo, joiners or Prepend characters, none of which is in the set). All above U+0300 are visible.
 */
function isStandalone(c: number): boolean {
  return (
    c < SIMPLE ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x3041 && c <= 0x3096) ||
    (c >= 0x30a1 && c <= 0x30fa) ||
    (c >= 0xac00 && c <= 0xd7a3)
  );
}

/**
 * Where the run that needs the segmenter, starting at `start`, ends: as soon as the direct count can
 * resume (two characters below U+0300 in a row), else at a safe cut once the run is MIN_RUN long
 * (one segmenter call per character would cost more than the segmenting).
 */
function runEnd(text: string, start: number): number {
  const limit = Math.min(text.length, start + MAX_RUN);
  for (let i = start + 1; i < limit; i++) {
    const simplePair = isStandalone(text.charCodeAt(i)) && isStandalone(text.charCodeAt(i - 1));
    if ((simplePair || i - start >= MIN_RUN) && isSafeCut(text, i)) return i;
  }
  if (limit === text.length) return limit;
  // Thousands of code units without one unconditional boundary (a wall of emoji or combining marks):
  // cut between code points, never inside a surrogate pair. The count may then differ by one per
  // such cut, on text no note contains; bounded time matters more here.
  const c = text.charCodeAt(limit);
  return c >= 0xdc00 && c <= 0xdfff ? limit - 1 : limit;
}

export function countLines(text: string): LineCounts {
  const tally = [0, 0, 0, 0];
  const n = text.length;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    // A standalone character is a grapheme of its own unless what follows can join it (a combining
    // mark, ZWJ, a jamo, ...: none is standalone). CR LF is one grapheme, but both are line breaks
    // and count as nothing either way.
    if (isStandalone(c) && (i + 1 === n || isStandalone(text.charCodeAt(i + 1)))) {
      tally[c < SIMPLE ? SIMPLE_CLASS[c]! : 3]!++;
      i++;
      continue;
    }
    const end = runEnd(text, i);
    for (const { segment } of segmenter.segment(text.slice(i, end))) {
      tally[LINE_BREAK.test(segment) ? 0 : SPACE.test(segment) ? 1 : INVISIBLE.test(segment) ? 2 : 3]!++;
    }
    i = end;
  }
  const charactersWithSpaces = tally[1]! + tally[3]!;
  const visibleCharacters = tally[3]!;
  return {
    linesWithSpaces: Math.round(charactersWithSpaces / CHARACTERS_PER_LINE),
    linesVisible: Math.round(visibleCharacters / CHARACTERS_PER_LINE),
    charactersWithSpaces,
    visibleCharacters,
  };
}
