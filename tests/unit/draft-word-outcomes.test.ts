import { draftWordsKept, flagOutcome } from '@dictum/core/domain/transcript/draft-word-outcomes';
import { describe, expect, it } from 'vitest';

// What the editor's flag is judged on: which formatted draft words survived into the signed-off
// note, as the note's words (case, sentence punctuation and layout are not changes).

const w = (text: string, confidence = 0.9, overSilence?: boolean) => ({ text, confidence, overSilence });

describe('draft words kept in the final note', () => {
  it('compares formatted words as written, ignoring case and sentence punctuation', () => {
    const draft = [w('BP'), w('130/82.'), w(','), w('Metoprolol'), w('25 mg'), w('b.i.d.')];
    expect(draftWordsKept(draft, 'bp 130/82 metoprolol 25 mg b.i.d.')).toEqual([
      true,
      true,
      undefined, // a lone comma is no word
      true,
      true, // "25 mg" is two tokens, both kept
      true,
    ]);
    // A word that merged several is changed when any of its tokens was.
    expect(draftWordsKept(draft, 'BP 130/82. Metoprolol 50 mg b.i.d.')![4]).toBe(false);
  });

  it('counts the flag: marked words (low confidence or over silence) against changed ones', () => {
    const draft = [w('the'), w('patient', 0.3), w('is', 0.4), w('stable', 0.95, true), w('today')];
    // "is" removed, "patient" kept, "today" changed to "tonight".
    expect(flagOutcome(draft, 'The patient stable tonight.')).toEqual({
      flaggedWords: 3,
      flaggedChanged: 1,
      changedDraftWords: 2,
    });
  });

  it('a stored word without text (a corrupt row) is no word, not a failed finalize', () => {
    const draft = [w('patient'), { confidence: 0.2 } as unknown as ReturnType<typeof w>, w('stable')];
    expect(draftWordsKept(draft, 'patient stable')).toEqual([true, undefined, true]);
  });

  it('measures nothing when the note and draft are too long to align within the bound', () => {
    const draft = Array.from({ length: 100 }, () => w('word'));
    expect(flagOutcome(draft, 'word '.repeat(200), 10_000)).toBeNull();
    expect(flagOutcome(draft, 'word '.repeat(99), 10_000)).not.toBeNull();
  });
});
