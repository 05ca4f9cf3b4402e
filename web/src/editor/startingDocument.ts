// What the editor starts from: the engine's draft, or — for a job transcribed by hand — the work
// type's section headings.
import type { Transcript, WorkType } from '../api/types';
import { type Para, parseDocument } from './wordModel';

/** An engine draft with no words (silence, or nothing recognised): transcribed by hand. */
export function isEmptyDraft(t: Transcript): boolean {
  return t.text.trim() === '';
}

/** The section headings of a work type's template, one per line. */
export function templateHeadings(wt: WorkType | null): string[] {
  return (wt?.template ?? '')
    .split('\n')
    .map((h) => h.trim())
    .filter(Boolean);
}

export function startingDocument(t: Transcript | null, wt: WorkType | null, duration: number): Para[] {
  if (t && !isEmptyDraft(t)) return parseDocument(t.text, t.words ?? [], duration);
  const text = templateHeadings(wt)
    .map((h) => `${h}\n`)
    .join('\n');
  return parseDocument(text, [], 0);
}
