import { alignWordsToText } from '@dictum/core/domain/transcript/align-words';
import { wordErrorRate } from '@dictum/core/domain/transcript/word-error-rate';
import { describe, expect, it } from 'vitest';

const timed = (text: string) =>
  text.split(' ').map((w, i) => ({ text: w, start: i, end: i + 0.8, confidence: 0.7 }));

describe('alignWordsToText', () => {
  it('keeps the timings of words that survived the edit', () => {
    const out = alignWordsToText(timed('the patient is stable today'), 'The patient is stable today.');
    expect(out.map((w) => [w.text, w.start])).toEqual([
      ['The', 0],
      ['patient', 1],
      ['is', 2],
      ['stable', 3],
      ['today.', 4],
    ]);
  });

  it('interpolates typed words between their timed neighbours, in order', () => {
    const out = alignWordsToText(timed('blood pressure stable'), 'blood pressure is quite stable');
    expect(out.map((w) => w.text)).toEqual(['blood', 'pressure', 'is', 'quite', 'stable']);
    expect(out[2]!.start).toBeGreaterThanOrEqual(out[1]!.end);
    expect(out[3]!.end).toBeLessThanOrEqual(out[4]!.start);
    expect(out[2]!.confidence).toBe(1);
    for (let i = 1; i < out.length; i++) expect(out[i]!.start).toBeGreaterThanOrEqual(out[i - 1]!.start);
  });

  it('handles text typed from scratch (no engine words) and an emptied text', () => {
    expect(alignWordsToText([], 'typed by hand').map((w) => w.text)).toEqual(['typed', 'by', 'hand']);
    expect(alignWordsToText(timed('a b c'), '   ')).toEqual([]);
  });
});

describe('wordErrorRate', () => {
  it('counts substitutions, insertions and deletions over the reference length, ignoring case and punctuation', () => {
    expect(wordErrorRate('The patient is stable.', 'the patient is stable').wer).toBe(0);
    expect(wordErrorRate('a b c d', 'a x c').errors).toBe(2);
    expect(wordErrorRate('a b c d', 'a x c').wer).toBe(0.5);
    expect(wordErrorRate('temperature 98.6', 'temperature 98.6').wer).toBe(0);
    // A full stop after a number is punctuation, as after a word: the transcriptionist's period
    // does not make the draft's "72" wrong.
    expect(wordErrorRate('Heart rate 72. Afebrile.', 'heart rate 72 afebrile').wer).toBe(0);
    expect(wordErrorRate('temperature 98.6', 'temperature 98 6').errors).toBe(2);
  });
});
