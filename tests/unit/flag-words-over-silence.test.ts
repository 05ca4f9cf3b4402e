import { flagWordsOverSilence } from '@dictum/core/domain/transcript/flag-words-over-silence';
import { describe, expect, it } from 'vitest';

describe('flagWordsOverSilence', () => {
  // 50 peaks per second: 0–1 s loud, 1–2 s silent, 2–3 s loud.
  const peaks = [...Array(50).fill(0.4), ...Array(50).fill(0.005), ...Array(50).fill(0.3)];

  it('flags words whose whole span is silent and caps their confidence; keeps text and timing', () => {
    const out = flagWordsOverSilence(
      [
        { text: 'heard', start: 0.2, end: 0.6, confidence: 0.9 },
        { text: 'invented', start: 1.2, end: 1.7, confidence: 0.95 },
        { text: 'straddles', start: 1.8, end: 2.3, confidence: 0.8 },
      ],
      peaks,
    );
    expect(out.map((w) => w.overSilence ?? false)).toEqual([false, true, false]);
    expect(out[1]).toMatchObject({ text: 'invented', start: 1.2, end: 1.7, confidence: 0.2 });
    expect(out[0]!.confidence).toBe(0.9);
  });

  it('leaves words alone when there are no peaks', () => {
    expect(flagWordsOverSilence([{ text: 'a', start: 0, end: 1, confidence: 0.5 }], [])[0]).toEqual({
      text: 'a',
      start: 0,
      end: 1,
      confidence: 0.5,
    });
  });
});
