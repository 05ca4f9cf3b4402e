import { countLines } from '@dictum/core/capability/interop/line-counts';
import { describe, expect, it } from 'vitest';

// Expected numbers are counted by hand; 65 characters make a line, rounded to the nearest line.
describe('countLines', () => {
  it('counts nothing in an empty note', () => {
    expect(countLines('')).toEqual({
      linesWithSpaces: 0,
      linesVisible: 0,
      charactersWithSpaces: 0,
      visibleCharacters: 0,
    });
  });

  it('counts one full line', () => {
    expect(countLines('a'.repeat(65))).toEqual({
      linesWithSpaces: 1,
      linesVisible: 1,
      charactersWithSpaces: 65,
      visibleCharacters: 65,
    });
  });

  it('rounds to the nearest line', () => {
    expect(countLines('a'.repeat(32)).linesWithSpaces).toBe(0); // 0.49
    expect(countLines('a'.repeat(33)).linesWithSpaces).toBe(1); // 0.51
    expect(countLines('a'.repeat(97)).linesWithSpaces).toBe(1); // 1.49
    expect(countLines('a'.repeat(98)).linesWithSpaces).toBe(2); // 1.51
  });

  it('counts spaces for AHDI lines but not for VBC lines', () => {
    // "ab " × 40: 120 characters with spaces (1.85 → 2 lines), 80 visible (1.23 → 1 line).
    expect(countLines('ab '.repeat(40))).toEqual({
      linesWithSpaces: 2,
      linesVisible: 1,
      charactersWithSpaces: 120,
      visibleCharacters: 80,
    });
  });

  it('counts a sentence', () => {
    // "Patient" 7 + "is" 2 + "a" 1 + "54-year-old" 11 + "female." 7 = 28 visible, + 4 spaces = 32.
    const sentence = 'Patient is a 54-year-old female.';
    expect(countLines(sentence)).toEqual({
      linesWithSpaces: 0,
      linesVisible: 0,
      charactersWithSpaces: 32,
      visibleCharacters: 28,
    });
    // Four of them on four lines: 128 with spaces (1.97 → 2), 112 visible (1.72 → 2); line breaks not counted.
    expect(countLines(Array(4).fill(sentence).join('\n'))).toEqual({
      linesWithSpaces: 2,
      linesVisible: 2,
      charactersWithSpaces: 128,
      visibleCharacters: 112,
    });
  });

  it('never counts line breaks, whatever their style', () => {
    expect(countLines('a\nb\r\nc\rd\u2028e\n\n\n')).toMatchObject({
      charactersWithSpaces: 5,
      visibleCharacters: 5,
    });
  });

  it('counts tabs and no-break spaces as spaces', () => {
    expect(countLines('a\tb\u00a0c')).toMatchObject({ charactersWithSpaces: 5, visibleCharacters: 3 });
  });

  it('counts what the reader sees: one per user-perceived character, none for hidden formatting', () => {
    expect(countLines('Zoe\u0308')).toMatchObject({ charactersWithSpaces: 3, visibleCharacters: 3 }); // Zoë, decomposed
    expect(countLines('5 µg ≥ 38 °C')).toMatchObject({ charactersWithSpaces: 12, visibleCharacters: 8 });
    expect(countLines('👩‍⚕️ ok')).toMatchObject({ charactersWithSpaces: 4, visibleCharacters: 3 });
    expect(countLines('a\u200bb\u00adc\ufeff')).toMatchObject({
      charactersWithSpaces: 3,
      visibleCharacters: 3,
    });
  });
});
