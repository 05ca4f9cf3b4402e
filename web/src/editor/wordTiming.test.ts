// Word timings after edits (issue 16): replaced words share the replaced span in proportion to
// their length, inserted words get the span between their neighbours, no word ever has
// end < start or a zero span inside speech, and words stay in time order. Property-tested on the
// word model with the same path the editor takes (pieces → deriveWords → retime).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editPara, MIN_WORD_SEC, type Para, parseDocument, textOf, type Word } from './wordModel';

const EPS = 1e-9;

function para(words: { text: string; start: number; end: number }[]): Para {
  return parseDocument(
    words.map((w) => w.text).join(' '),
    words.map((w) => ({ ...w, confidence: 0.9 })),
  )[0]!;
}

function checkInvariants(words: readonly Word[]) {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    expect(Number.isFinite(w.start) && Number.isFinite(w.end)).toBe(true);
    expect(w.end - w.start).toBeGreaterThan(0);
    if (i > 0) {
      const p = words[i - 1]!;
      expect(w.start).toBeGreaterThanOrEqual(p.start - EPS);
      expect(w.start).toBeGreaterThanOrEqual(p.end - EPS);
    }
  }
}

/** Character offsets [from, to) of words a..b (inclusive) in the paragraph's text. */
function spanOf(p: Para, a: number, b: number): [number, number] {
  let pos = p.lead.length;
  let from = 0;
  let to = 0;
  p.words.forEach((w, i) => {
    if (i === a) from = pos;
    pos += w.text.length;
    if (i === b) to = pos;
    pos += w.ws.length;
  });
  return [from, to];
}

/** Type `text` a character at a time over [from, to), as a person does. */
function typeOver(p: Para, from: number, to: number, text: string): Para {
  if (!text) return editPara(p, from, to, '');
  let cur = editPara(p, from, to, text[0]!);
  for (let i = 1; i < text.length; i++) cur = editPara(cur, from + i, from + i, text[i]!);
  return cur;
}

const issueWords = [
  { text: 'doctor', start: 0.99, end: 1.4 },
  { text: 'mark', start: 1.4, end: 1.8 },
  { text: 'and', start: 1.8, end: 2.0 },
  { text: 'taking', start: 2.0, end: 2.4 },
  { text: 'a', start: 2.4, end: 2.5 },
  { text: 'progress', start: 2.5, end: 2.9 },
  { text: 'ninth', start: 2.9, end: 3.1 },
  { text: 'patient', start: 3.1, end: 3.6 },
];

describe('multi-word replacement (the issue example)', () => {
  const p = para(issueWords);
  const [from, to] = spanOf(p, 0, 6);
  const replacement = 'Dr. Morgan dictating a progress note';

  for (const [how, edited] of [
    ['pasted at once', editPara(p, from, to, replacement)],
    ['typed a key at a time', typeOver(p, from, to, replacement)],
  ] as const) {
    it(`keeps the replaced span and spreads it by length (${how})`, () => {
      expect(textOf(edited)).toBe(`${replacement} patient`);
      const ws = edited.words;
      checkInvariants(ws);
      expect(ws[0]!.start).toBeCloseTo(0.99, 6);
      expect(ws[5]!.end).toBeCloseTo(3.1, 6);
      // In proportion to length: "dictating" (9) longer than "Morgan" (6) longer than "a" (1).
      const dur = (i: number) => ws[i]!.end - ws[i]!.start;
      expect(dur(2)).toBeGreaterThan(dur(1));
      expect(dur(1)).toBeGreaterThan(dur(3));
      expect(dur(2) / dur(1)).toBeCloseTo(9 / 6, 6);
      // The word after keeps its own timing.
      expect(ws[6]).toMatchObject({ text: 'patient', start: 3.1, end: 3.6 });
    });
  }

  it('inserts a word between touching words with a real span, borrowed from the neighbours', () => {
    const [, end] = spanOf(p, 1, 1); // after "mark"
    const edited = editPara(p, end, end, ' very');
    checkInvariants(edited.words);
    const v = edited.words[2]!;
    expect(v.text).toBe('very');
    expect(v.end - v.start).toBeGreaterThanOrEqual(MIN_WORD_SEC - EPS);
  });

  it('inserted words take the gap between their neighbours', () => {
    const q = para([
      { text: 'no', start: 0, end: 0.3 },
      { text: 'allergies', start: 1.3, end: 2 },
    ]);
    const edited = editPara(q, 2, 2, ' known');
    expect(edited.words[1]).toMatchObject({ text: 'known', start: 0.3, end: 1.3 });
  });
});

// ---------------------------------------------------------------- properties

const wordText = fc.stringMatching(/^[a-z]{1,10}[.,]?$/);
const timedWords = fc
  .array(fc.tuple(wordText, fc.integer({ min: 0, max: 400 }), fc.integer({ min: 20, max: 900 })), {
    minLength: 1,
    maxLength: 25,
  })
  .map((xs) => {
    let t = 0;
    return xs.map(([text, gap, dur]) => {
      const start = t + gap / 1000;
      t = start + dur / 1000;
      return { text, start, end: t };
    });
  });
const insertion = fc.array(wordText, { minLength: 0, maxLength: 6 }).map((ws) => ws.join(' '));

describe('word timings after any edit (fast-check)', () => {
  it('replacing whole words keeps the replaced span, order and positive spans', () => {
    fc.assert(
      fc.property(
        timedWords,
        fc.nat(),
        fc.nat(),
        // Different letters from the originals: a word retyped identically keeps its own object.
        fc.array(fc.stringMatching(/^[A-Z]{1,10}[.,]?$/), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (ws, x, y, ins, keyByKey) => {
          const p = para(ws);
          const a = x % ws.length;
          const b = a + (y % (ws.length - a));
          const [from, to] = spanOf(p, a, b);
          const text = ins.join(' ');
          const edited = keyByKey ? typeOver(p, from, to, text) : editPara(p, from, to, text);
          const out = edited.words;
          checkInvariants(out);
          expect(out.length).toBe(ws.length - (b - a + 1) + ins.length);
          const first = out[a]!;
          const last = out[a + ins.length - 1]!;
          const replacedDur = ws[b]!.end - ws[a]!.start;
          if (replacedDur >= MIN_WORD_SEC * ins.length) {
            expect(first.start).toBeCloseTo(ws[a]!.start, 6);
            expect(last.end).toBeCloseTo(ws[b]!.end, 6);
          }
          // Words before and after the edit keep their timing unless they lent time.
          for (let i = 0; i < a - 1; i++) expect(out[i]).toMatchObject(ws[i]!);
          for (let i = b + 2; i < ws.length; i++)
            expect(out[i - (b - a + 1) + ins.length]).toMatchObject(ws[i]!);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random edit sequences (typing, deleting, pasting anywhere) keep every word timed and ordered', () => {
    fc.assert(
      fc.property(
        timedWords,
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), insertion, fc.boolean()), {
          minLength: 1,
          maxLength: 10,
        }),
        (ws, edits) => {
          let p = para(ws);
          for (const [at, len, text, keyByKey] of edits) {
            const n = textOf(p).length;
            const from = n ? at % (n + 1) : 0;
            const to = Math.min(n, from + len);
            p = keyByKey ? typeOver(p, from, to, text) : editPara(p, from, to, text);
            for (const w of p.words) {
              expect(w.end).toBeGreaterThanOrEqual(w.start);
              expect(w.end - w.start).toBeGreaterThan(0);
            }
            for (let i = 1; i < p.words.length; i++)
              expect(p.words[i]!.start).toBeGreaterThanOrEqual(p.words[i - 1]!.end - EPS);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
