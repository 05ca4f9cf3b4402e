import { formatDraft } from '@dictum/core/capability/formatting/format-draft';
import { describe, expect, it } from 'vitest';
import { spokenWords } from './support';

// Word n of the spoken input spans [n, n + 0.5): an output word made of spoken words i..j must span
// [i, j + 0.5) and carry the lowest confidence of them.
describe('timing preservation', () => {
  it.each([
    // [spoken, output word, first spoken index, last spoken index]
    ['blood pressure one thirty over eighty two', '130/82', 2, 6],
    ['the pain period', 'pain.', 1, 2],
    ['forty milligrams', '40', 0, 0],
    ['forty milligrams', 'mg', 1, 1],
    ['a sixty seven year old man', '67-year-old', 1, 4],
    ['at three thirty p m', '3:30', 1, 2],
    ['at three thirty p m', 'p.m.', 3, 4],
    ['on march fifth twenty twenty four', 'March', 1, 1],
    ['on march fifth twenty twenty four', '5,', 2, 2],
    ['on march fifth twenty twenty four', '2024', 3, 5],
    ['the e k g', 'EKG', 1, 3],
    ['next number aspirin', '1.', 0, 1],
    ['fever comma chills', 'fever,', 0, 1],
    ['ninety eight point six', '98.6', 0, 3],
    ['herniation at l four l five', 'L4-L5', 2, 5],
    ['open paren acetaminophen close paren', '(acetaminophen)', 0, 4],
  ])('%s: "%s" spans spoken words %i..%i', (spoken, word, first, last) => {
    const { words } = formatDraft(spokenWords(spoken));
    const w = words.find((x) => x.text.toLowerCase() === word.toLowerCase());
    expect(w, `${word} in ${words.map((x) => x.text).join(' ')}`).toBeDefined();
    expect(w!.start).toBe(first);
    expect(w!.end).toBe(last + 0.5);
  });

  it('a merged word carries the lowest confidence of its spoken words', () => {
    const { words } = formatDraft(spokenWords('blood pressure one thirty over eighty two', ['thirty']));
    expect(words.find((w) => w.text === '130/82')!.confidence).toBe(0.5);
    expect(words.find((w) => w.text === 'Blood')!.confidence).toBe(0.9);
  });

  it('keeps words in time order, inside the audio, and text equal to the words', () => {
    const spoken =
      'vital signs colon blood pressure one thirty over eighty two comma heart rate seventy two period new paragraph medications colon next number metoprolol twenty five milligrams p o b i d period scratch that next number aspirin eighty one milligrams daily period';
    const input = spokenWords(spoken);
    const { text, words } = formatDraft(input);
    expect(text.split(/\s+/)).toEqual(words.map((w) => w.text));
    const last = input.at(-1)!.end;
    for (let n = 0; n < words.length; n++) {
      expect(words[n]!.start).toBeLessThanOrEqual(words[n]!.end);
      expect(words[n]!.start).toBeGreaterThanOrEqual(0);
      expect(words[n]!.end).toBeLessThanOrEqual(last);
      if (n) expect(words[n]!.start).toBeGreaterThanOrEqual(words[n - 1]!.start);
    }
  });

  it('never invents words: every output letter-word comes from a spoken word', () => {
    const spoken = 'the patient is a sixty seven year old male on lisinopril ten milligrams daily period';
    const { words } = formatDraft(spokenWords(spoken));
    const said = new Set(spoken.split(' '));
    for (const w of words) {
      for (const part of w.text
        .toLowerCase()
        .replace(/[^a-z\s-]/g, ' ')
        .split(/[\s-]+/)
        .filter(Boolean)) {
        if (['mg', 'year', 'old'].includes(part)) continue;
        expect(said.has(part), part).toBe(true);
      }
    }
  });

  it('an empty or blank draft stays empty', () => {
    expect(formatDraft([])).toEqual({ text: '', words: [] });
    expect(formatDraft([{ text: ' ', start: 0, end: 1, confidence: 1 }])).toEqual({ text: '', words: [] });
    expect(formatDraft(spokenWords('period comma new paragraph'))).toEqual({ text: '', words: [] });
  });
});
