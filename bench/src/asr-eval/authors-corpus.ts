import { readFileSync } from 'node:fs';
import { lmTokens } from '@dictum/core/capability/asr/model/build-model';
import { measureOverlap, ngrams, type OverlapReport } from '@dictum/core/capability/asr/model/overlap';
import { seededRandom } from '@dictum/core/capability/asr/model/training-text';
import { verbalizeNote } from '@dictum/core/capability/asr/model/verbalize';
import { formatDraft } from '@dictum/core/capability/formatting/format-draft';
import type { CorpusScript } from '../../asr-corpus/types';

// The simulated authors of the per-author evaluation (issue 17): bench/asr-corpus/authors.json.
// Each author's "finalized notes" are generated from their own phrase sets with a seed (spoken
// form, then written form by the service's formatter, as a transcriptionist's final note would
// read); their evaluation dictations were written separately. Any generated sentence sharing a
// word 6-gram with an evaluation dictation is dropped, and the remaining word 4-gram overlap is
// measured the way the model build measures it (overlap.ts).

export interface AuthorSection {
  heading: string;
  sentences: string[];
}

export interface SimulatedAuthor {
  id: string;
  specialty: string;
  voice: string;
  slots: Record<string, string[]>;
  sections: AuthorSection[];
  dictations: Omit<CorpusScript, 'noteType'>[];
}

export function loadAuthors(): SimulatedAuthor[] {
  const file = new URL('../../asr-corpus/authors.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { authors: SimulatedAuthor[] }).authors;
}

/** Spoken text → the written note the formatter makes of it. */
export function writtenForm(spoken: string): string {
  const words = spoken
    .split(/\s+/)
    .filter(Boolean)
    .map((text, i) => ({ text, start: i * 0.4, end: i * 0.4 + 0.3, confidence: 1 }));
  return formatDraft(words).text;
}

function fill(template: string, slots: Record<string, string[]>, r: () => number): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const values = slots[name];
    if (!values?.length) throw new Error(`no slot ${name}`);
    return values[Math.floor(r() * values.length)]!;
  });
}

export interface AuthorNotes {
  /** Spoken form, newest first. */
  spoken: string[];
  /** Written form (what the service stores as the finalized note), newest first. */
  written: string[];
  /** Generated sentences dropped for sharing a 6-word run with an evaluation dictation. */
  dropped: number;
}

/**
 * `count` notes in the author's style: every section in order, its heading and two or three of its
 * sentences, sections separated by "new paragraph". Sentences that share a 6-word run with any
 * text in `exclude` (the evaluation dictations) are never used.
 */
export function generateNotes(
  author: SimulatedAuthor,
  count: number,
  seed: number,
  exclude: string[],
): AuthorNotes {
  // Runs over whole dictations, spoken punctuation included (stricter than the model build's
  // per-sentence runs); a sentence is checked with the five words before it in the note.
  const runs = new Set(exclude.flatMap((e) => ngrams(lmTokens(e), 6)));
  const r = seededRandom(seed);
  const spoken: string[] = [];
  let dropped = 0;
  for (let n = 0; n < count; n++) {
    const parts: string[] = [];
    for (const section of author.sections) {
      const pool = [...section.sentences];
      const take = 2 + Math.floor(r() * 2);
      const chosen: string[] = [];
      for (let k = 0; k < take && pool.length; k++) {
        const sentence = fill(pool.splice(Math.floor(r() * pool.length), 1)[0]!, author.slots, r);
        const context = lmTokens([section.heading, ...chosen].join(' ')).slice(-5);
        if (ngrams([...context, ...lmTokens(sentence)], 6).some((g) => runs.has(g))) dropped++;
        else chosen.push(sentence);
      }
      if (chosen.length) parts.push(`${section.heading} ${chosen.join(' ')}`);
    }
    spoken.push(parts.join(' new paragraph '));
  }
  return { spoken, written: spoken.map(writtenForm), dropped };
}

/**
 * Word 4-gram overlap of an author's notes (written form, verbalised as the model build does) with
 * their evaluation dictations (overlap.ts).
 */
export function notesOverlap(notes: string[], dictations: string[]): OverlapReport {
  return measureOverlap(
    notes.map((n) => lmTokens(verbalizeNote(n).join(' '))),
    dictations.map((d) => lmTokens(d)),
  );
}
