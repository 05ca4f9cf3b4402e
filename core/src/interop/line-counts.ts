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

export function countLines(text: string): LineCounts {
  let charactersWithSpaces = 0;
  let visibleCharacters = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (LINE_BREAK.test(segment)) continue;
    if (SPACE.test(segment)) {
      charactersWithSpaces++;
      continue;
    }
    if (INVISIBLE.test(segment)) continue;
    charactersWithSpaces++;
    visibleCharacters++;
  }
  return {
    linesWithSpaces: Math.round(charactersWithSpaces / CHARACTERS_PER_LINE),
    linesVisible: Math.round(visibleCharacters / CHARACTERS_PER_LINE),
    charactersWithSpaces,
    visibleCharacters,
  };
}
