import { describe, expect, it } from 'vitest';
import {
  deriveWords,
  documentText,
  interpolate,
  type Para,
  type Piece,
  parseDocument,
  piecesOf,
  replacementPieces,
  serialize,
  tokenize,
  unitAt,
  type Word,
  wordIndexAt,
} from './wordModel';

const w = (text: string, start: number, end: number, ws = ' ', conf = 0.9): Word => ({
  text,
  ws,
  start,
  end,
  conf,
});

describe('tokenize', () => {
  it('keeps lead and trailing whitespace and punctuation on words', () => {
    const t = tokenize('  No known  allergies.');
    expect(t.lead).toBe('  ');
    expect(t.tokens.map((x) => [x.text, x.ws])).toEqual([
      ['No', ' '],
      ['known', '  '],
      ['allergies.', ''],
    ]);
  });
});

describe('parseDocument', () => {
  it('maps words one to one when counts match, and round-trips the text', () => {
    const text = 'HISTORY:\nPatient is a 54-year-old male.';
    const words = ['HISTORY:', 'Patient', 'is', 'a', '54-year-old', 'male.'].map((t, i) => ({
      text: t,
      start: i,
      end: i + 0.8,
      confidence: 0.9,
    }));
    const paras = parseDocument(text, words);
    expect(paras).toHaveLength(2);
    expect(documentText(paras)).toBe(text);
    expect(paras[1]!.words[3]!.start).toBe(4);
  });

  it('aligns formatted text to engine words and interpolates the rest', () => {
    const text = 'ASSESSMENT:\nThe patient, stable. Follow-up in two weeks.';
    const words = [
      { text: 'the', start: 1, end: 1.2, confidence: 0.95 },
      { text: 'patient', start: 1.2, end: 1.6, confidence: 0.4 },
      { text: 'stable', start: 1.7, end: 2.1, confidence: 0.9 },
      { text: 'follow', start: 2.5, end: 2.8, confidence: 0.9 },
      { text: 'up', start: 2.8, end: 3.0, confidence: 0.8 },
      { text: 'in', start: 3.0, end: 3.1, confidence: 0.9 },
      { text: 'two', start: 3.1, end: 3.3, confidence: 0.9 },
      { text: 'weeks', start: 3.3, end: 3.7, confidence: 0.9 },
    ];
    const paras = parseDocument(text, words, 10);
    const flat = paras.flatMap((p) => p.words);
    expect(flat.map((x) => x.text)).toEqual([
      'ASSESSMENT:',
      'The',
      'patient,',
      'stable.',
      'Follow-up',
      'in',
      'two',
      'weeks.',
    ]);
    expect(flat[2]).toMatchObject({ start: 1.2, end: 1.6, conf: 0.4 });
    expect(flat[4]).toMatchObject({ start: 2.5, end: 3.0, conf: 0.8 });
    // The heading had no engine word: it is placed before the first timed word.
    expect(flat[0]!.start).toBeGreaterThanOrEqual(0);
    expect(flat[0]!.end).toBeLessThanOrEqual(1);
    for (const x of flat) expect(Number.isFinite(x.start) && Number.isFinite(x.end)).toBe(true);
  });

  it('is linear enough for 9,000 words', () => {
    const words = Array.from({ length: 9000 }, (_, i) => ({
      text: `w${i}`,
      start: i * 0.4,
      end: i * 0.4 + 0.3,
      confidence: 0.9,
    }));
    const text = words.map((x) => x.text).join(' ');
    const t0 = performance.now();
    const paras = parseDocument(`${text} extra`, words);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(paras[0]!.words).toHaveLength(9001);
    expect(paras[0]!.words[8999]!.start).toBeCloseTo(8999 * 0.4);
  });
});

describe('deriveWords', () => {
  const foo = w('foo', 1, 2);
  const bar = w('bar', 2, 3, '');
  const piece = (x: Word, text = x.text, offset = 0): Piece => ({ text, src: x, offset });

  it('keeps unchanged words by identity', () => {
    const d = deriveWords([piece(foo), { text: ' ', src: null }, piece(bar)]);
    expect(d.words[0]).toBe(foo);
    expect(d.words[1]).toBe(bar);
  });

  it('keeps the timing of an edited word and marks it human', () => {
    const d = deriveWords([piece(foo, 'foo'), { text: 'o', src: null }]);
    expect(d.words[0]).toMatchObject({ text: 'fooo', start: 1, end: 2, conf: 1 });
  });

  it('splits a word proportionally when a space is typed inside it', () => {
    const heart = w('heartattack', 10, 21);
    // A space typed after "heart": 11 letters over 11 s.
    const d = deriveWords([piece(heart, 'heart'), { text: ' ', src: null }, piece(heart, 'attack', 5)]);
    expect(d.words.map((x) => x.text)).toEqual(['heart', 'attack']);
    expect(d.words[0]).toMatchObject({ start: 10, end: 15 });
    expect(d.words[1]).toMatchObject({ start: 15, end: 21 });
  });

  it('a space typed at the end of a word leaves the word unchanged', () => {
    const d = deriveWords([piece(foo, 'foo'), { text: ' ', src: null }]);
    expect(d.words[0]).toBe(foo);
  });

  it('merges two words when the space between them is deleted', () => {
    const d = deriveWords([piece(foo), piece(bar)]);
    expect(d.words).toHaveLength(1);
    expect(d.words[0]).toMatchObject({ text: 'foobar', start: 1, end: 3 });
  });

  it('gives typed words NaN timing for interpolation', () => {
    const d = deriveWords([piece(foo), { text: ' new ', src: null }, piece(bar)]);
    expect(d.words.map((x) => x.text)).toEqual(['foo', 'new', 'bar']);
    expect(Number.isNaN(d.words[1]!.start)).toBe(true);
  });
});

describe('piecesOf', () => {
  it('attributes characters to words with their offsets', () => {
    const p: Para = { lead: ' ', words: [w('abc', 0, 1), w('de', 1, 2, '')] };
    expect(piecesOf(p, 0, 7)).toEqual([
      { text: ' ', src: null },
      { text: 'abc', src: p.words[0], offset: 0 },
      { text: ' ', src: null },
      { text: 'de', src: p.words[1], offset: 0 },
    ]);
    expect(piecesOf(p, 2, 7).slice(0, 1)).toEqual([{ text: 'bc', src: p.words[0], offset: 1 }]);
    expect(unitAt(p, 0)).toBe(-1);
    expect(unitAt(p, 4)).toBe(0);
    expect(unitAt(p, 5)).toBe(1);
  });
});

describe('replacementPieces', () => {
  it('maps typed-over characters onto the replaced word', () => {
    const x = w('hypertension', 4, 5);
    const pieces = replacementPieces([{ text: 'hypertension', src: x, offset: 0 }], 'hypotension');
    const d = deriveWords(pieces);
    expect(d.words[0]).toMatchObject({ text: 'hypotension', conf: 1 });
    expect(d.words[0]!.start).toBeCloseTo(4);
    expect(d.words[0]!.end).toBeGreaterThan(4.8);
  });
  it('retyping the same word keeps the word', () => {
    const x = w('has', 3, 3.8, '');
    expect(deriveWords(replacementPieces([{ text: 'has', src: x, offset: 0 }], 'has')).words[0]).toBe(x);
  });
});

describe('interpolate', () => {
  it('spreads typed words over the gap between timed neighbours', () => {
    const nan = (t: string) => w(t, Number.NaN, Number.NaN);
    const out = interpolate([w('a', 0, 1), nan('b'), nan('c'), w('d', 3, 4)], null, null, 0);
    expect(out[1]).toMatchObject({ start: 1, end: 2 });
    expect(out[2]).toMatchObject({ start: 2, end: 3 });
  });
  it('uses the audio position when there is no neighbour', () => {
    const out = interpolate([w('x', Number.NaN, Number.NaN)], null, null, 42);
    expect(out[0]).toMatchObject({ start: 42, end: 42 });
  });
  it('uses the neighbour outside the run', () => {
    const out = interpolate([w('x', Number.NaN, Number.NaN)], { end: 5 }, { start: 7 }, 0);
    expect(out[0]).toMatchObject({ start: 5, end: 7 });
  });
});

describe('serialize and playback index', () => {
  it('serializes text and words with timings', () => {
    const paras: Para[] = [
      { lead: '', words: [w('Hello', 0.1234, 0.5), w('world.', 0.6, 1, '')] },
      { lead: '', words: [] },
    ];
    const s = serialize(paras);
    expect(s.text).toBe('Hello world.\n');
    expect(s.words[0]).toEqual({ text: 'Hello', start: 0.123, end: 0.5, confidence: 0.9 });
  });
  it('finds the word being played', () => {
    const starts = Float64Array.from([0, 1, 2, 3]);
    expect(wordIndexAt(starts, 2.5)).toBe(2);
    expect(wordIndexAt(starts, -1)).toBe(-1);
    expect(wordIndexAt(starts, 10)).toBe(3);
  });
});
