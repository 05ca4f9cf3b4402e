import { verbalizeNote } from '@dictum/core/capability/asr/model/verbalize';
import { formatDraft } from '@dictum/core/capability/formatting/format-draft';
import { describe, expect, it } from 'vitest';
import { devScripts } from '../../bench/asr-corpus/dev';
import { spokenWords } from './support';

// The formatter and the model build's verbalizer are inverses on the dev corpus: the
// corpus's spoken form formats to its written form, and its written form, said aloud the way the
// verbalizer says it, formats back to itself (case aside: proper names are not capitalised).
describe('corpus round trip', () => {
  // The dev set only: the held-out set stays out of everything the formatter is developed against.
  const corpus = devScripts;

  it.each(corpus.map((s) => [s.id, s] as const))('%s: spoken → written', (_id, script) => {
    expect(formatDraft(spokenWords(script.spoken)).text.toLowerCase()).toBe(script.written.toLowerCase());
  });

  it.each(corpus.map((s) => [s.id, s] as const))('%s: written → spoken → written', (_id, script) => {
    const spoken = verbalizeNote(script.written).join(' ');
    expect(formatDraft(spokenWords(spoken)).text.toLowerCase()).toBe(script.written.toLowerCase());
  });
});
