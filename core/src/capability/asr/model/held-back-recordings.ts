import { alignCorrect, MAX_ALIGNED_CELLS } from '../../../domain/transcript/align-correct';
import { normalizeForWer, wordEditDistance } from '../../../domain/transcript/word-error-rate';

// Judging a candidate language model on audio (issue 17), for the global refresh and the
// per-author one. Perplexity on an author's held-back notes said "better" for an author whose
// drafts the candidate made worse (docs/asr-quality.md, per-author figures): what users get is
// drafts, so where the held-back notes have their dictation's audio, both models decode it and
// the drafts' word errors against the finalized text decide.

/** A held-back note and the recording it was typed from (a 16 kHz mono WAV, as the transcription job decodes). */
export interface HeldBackRecording {
  wavPath: string;
  /** The finalized text: the reference the drafts are scored against. */
  finalText: string;
  durationSec: number;
}

/** A held-back note as the refresh reads it: the dictation it was typed from, when known. */
export interface HeldBackNote {
  text: string;
  dictationId?: string;
}

/** How the refresh gets and decodes recordings (the worker: storage, ffmpeg and the engine). */
export interface RecordingJudge {
  /** The recordings of these held-back notes that are still there, at most `maxSeconds` of audio in all. */
  recordings(notes: readonly HeldBackNote[], maxSeconds: number): Promise<HeldBackRecording[]>;
  /** The formatted draft of a recording decoded with the medical model in `modelDir`, as the transcription job would. */
  draft(modelDir: string, recording: HeldBackRecording): Promise<string>;
}

/** Word errors of two models' drafts on the same recordings. */
export interface RecordingComparison {
  recordings: number;
  /** Recordings left out: a model failed to decode them, or their note is far longer than their drafts. */
  skipped: number;
  /** Words of the finalized texts (the normalisation of the draft-quality report). */
  words: number;
  baselineErrors: number;
  candidateErrors: number;
  /** Words of the finalized texts the candidate gets right and the baseline wrong, plus insertions it avoids. */
  fixed: number;
  /** Words the baseline gets right and the candidate wrong, plus insertions it adds. */
  broken: number;
}

/**
 * The audio a refresh decodes per author, twice (about 2 × 0.4 × this of one core at the wider
 * beams): enough words to tell models apart by a few errors, not a stalled worker.
 */
export const MAX_JUDGED_AUDIO_SEC = 300;
/** Fewer words of held-back recordings than this cannot tell two models apart: perplexity decides. */
export const MIN_JUDGED_WORDS = 50;

/** Both models' drafts on the held-back notes' recordings that are there (none: nothing to judge on). */
export async function judgeOnHeldBackAudio(
  judge: RecordingJudge,
  notes: readonly HeldBackNote[],
  models: { baselineDir: string; candidateDir: string },
): Promise<RecordingComparison> {
  return compareOnRecordings(judge, await judge.recordings(notes, MAX_JUDGED_AUDIO_SEC), models);
}

/**
 * Whether the words the candidate fixes outnumber those it breaks by more than chance would: a
 * one-sided sign test at about 5 % (z 1.645) on the words the two models disagree on. Two models
 * with the same acoustic model err on mostly the same words, so the disagreements, not the totals,
 * carry the evidence; one word either way out of five is not a better model.
 */
export const fixesOutweighBreaks = (c: Pick<RecordingComparison, 'fixed' | 'broken'>) =>
  c.fixed - c.broken > 0 && c.fixed - c.broken >= 1.645 * Math.sqrt(c.fixed + c.broken);

/** Enough held-back words were decoded for the drafts to decide rather than perplexity. */
export const judgedOnDrafts = (c: RecordingComparison | undefined): c is RecordingComparison =>
  !!c && c.words >= MIN_JUDGED_WORDS;

/** "12 word errors in 340 words of 3 held-back recordings", for reasons. */
export const describeDrafts = (c: RecordingComparison) =>
  `in ${c.words} words of ${c.recordings} held-back recording${c.recordings === 1 ? '' : 's'}`;

export async function compareOnRecordings(
  judge: RecordingJudge,
  recordings: readonly HeldBackRecording[],
  models: { baselineDir: string; candidateDir: string },
): Promise<RecordingComparison> {
  const result: RecordingComparison = {
    recordings: 0,
    skipped: 0,
    words: 0,
    baselineErrors: 0,
    candidateErrors: 0,
    fixed: 0,
    broken: 0,
  };
  for (const recording of recordings) {
    const reference = normalizeForWer(recording.finalText);
    if (!reference.length) continue;
    let drafts: [string, string];
    try {
      drafts = [
        await judge.draft(models.baselineDir, recording),
        await judge.draft(models.candidateDir, recording),
      ];
    } catch {
      // One recording that will not decode (a timeout, a corrupt file) must not stall every refresh
      // after it: it is left out, and with too few words left perplexity decides.
      result.skipped++;
      continue;
    }
    const baseline = normalizeForWer(drafts[0]);
    const candidate = normalizeForWer(drafts[1]);
    // The word alignment below is a full matrix: a finalized note far longer than anything the
    // recording's drafts hold (text pasted in, not dictated) is no reference for them anyway.
    if (reference.length * Math.max(baseline.length, candidate.length, 1) > MAX_ALIGNED_CELLS) {
      result.skipped++;
      continue;
    }
    result.recordings++;
    result.words += reference.length;
    const errors = {
      baseline: wordEditDistance(reference, baseline),
      candidate: wordEditDistance(reference, candidate),
    };
    result.baselineErrors += errors.baseline;
    result.candidateErrors += errors.candidate;
    const baselineRight = alignCorrect(baseline, reference);
    const candidateRight = alignCorrect(candidate, reference);
    reference.forEach((_, i) => {
      if (candidateRight[i] && !baselineRight[i]) result.fixed++;
      if (baselineRight[i] && !candidateRight[i]) result.broken++;
    });
    // Words a draft has that were never said are errors too: insertions = errors - words not right.
    const inserted = (e: number, right: boolean[]) => e - right.filter((r) => !r).length;
    const moreInserted =
      inserted(errors.candidate, candidateRight) - inserted(errors.baseline, baselineRight);
    if (moreInserted > 0) result.broken += moreInserted;
    else result.fixed -= moreInserted;
  }
  return result;
}
