export const noteTypes = [
  'vitals',
  'medications',
  'labs',
  'commands',
  'history',
  'exam',
  'assessment',
  'procedure',
  'radiology',
  'discharge',
] as const;
export type NoteType = (typeof noteTypes)[number];

/**
 * One dictation of the ASR evaluation corpus (issue 7). The project wrote these itself: they are
 * synthetic, made up, and contain no patient data.
 *
 * - `spoken`: exactly what the physician says, lowercase words only, spoken punctuation and
 *   formatting commands included ("period", "new paragraph", "next number"). Festival reads it aloud.
 *   Spelled-out abbreviations are single letters separated by spaces ("b i d").
 * - `written`: the note a transcriptionist would type from it, in the house style that
 *   docs/asr-quality.md describes (numerals for measurements, 130/82, 40 mg, 67-year-old,
 *   "HEADING:" for section headings, blank line for "new paragraph").
 * - `terms`: the medical terms in it whose recognition is scored separately (written form).
 */
export interface CorpusScript {
  id: string;
  noteType: NoteType;
  spoken: string;
  written: string;
  terms: string[];
}
