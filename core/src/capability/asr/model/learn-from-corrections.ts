import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../../infra/db/client';
import {
  type BuildAsrModelOptions,
  buildAsrModel,
  candidateDirFor,
  lmTokens,
  removeStaleCandidates,
  replaceDir,
} from './build-model';
import {
  describeDrafts,
  type HeldBackNote,
  judgedOnDrafts,
  judgeOnHeldBackAudio,
  type RecordingComparison,
  type RecordingJudge,
} from './held-back-recordings';
import { type AsrModelManifest, readAsrModel } from './model-files';
import { arpaPerplexity } from './ngram-lm';
import { verbalizeNote } from './verbalize';

// Learning from corrections (issue 7, stretch): the finalized documents are what transcriptionists
// made of the drafts, so they are the best text there is for the language model. This rebuilds the
// local engine's model from them (plus the generated text and the organisation's vocabulary),
// evaluates the candidate against the model in use on the most recent documents — held back from
// its training — and promotes it only when it does at least as well on them: with a judge (the
// worker's), the held-back documents' recordings are decoded with both models and the drafts'
// word errors compared (held-back-recordings.ts); without one, or without enough audio left, the
// candidate must predict the documents' text at least as well (perplexity). Until then, and if it
// does not, the previous model stays in place.
//
// What it does not do: adapt the acoustic model. The refresh-asr-model job runs it on a schedule;
// `npm run build:asr-model -- --from-documents` by hand.
//
// Privacy: the model's n-grams come from patient notes, so the model folder is patient data and is
// protected like the database; the training text of documents is not written to disk.

export interface RebuildResult {
  promoted: boolean;
  reason: string;
  /** The model built and judged; null when there was nothing to judge it on. */
  candidate: AsrModelManifest | null;
  trainingDocuments: number;
  evaluationDocuments: number;
  perplexity: { current: number | null; candidate: number };
  /** Word errors of both models' drafts on the held-back recordings, when a judge was given. */
  recordings?: RecordingComparison;
}

export interface RebuildOptions extends Omit<BuildAsrModelOptions, 'outDir' | 'documents' | 'vocabulary'> {
  modelDir: string;
  /** Most recent share of documents held back for the comparison. Default 0.1 (at least 1). */
  holdOutFraction?: number;
  /** At most this many documents, newest first. Default 5000. */
  maxDocuments?: number;
  /** Decodes the held-back documents' recordings: with one, the drafts decide rather than perplexity. */
  judge?: RecordingJudge;
}

export async function rebuildModelFromCorrections(db: Db, options: RebuildOptions): Promise<RebuildResult> {
  const docs = await db.document.findMany({
    select: { text: true, dictationId: true },
    orderBy: { finalizedAt: 'desc' },
    take: options.maxDocuments ?? 5000,
  });
  const vocabulary = await db.vocabularyTerm.findMany({
    select: { term: true, pronunciation: true, category: true },
  });
  const notes = docs.filter((d) => d.text.trim());
  const texts = notes.map((d) => d.text);
  const holdOut =
    texts.length >= 2 ? Math.max(1, Math.round(texts.length * (options.holdOutFraction ?? 0.1))) : 0;
  const evaluation = texts.slice(0, holdOut);
  const training = texts.slice(holdOut);
  return rebuildAndPromote({
    ...options,
    documents: training,
    evaluation,
    heldBackNotes: notes.slice(0, holdOut),
    vocabulary,
  });
}

/** The database-free core of the rebuild: build a candidate, compare, promote or discard. */
export async function rebuildAndPromote(
  options: RebuildOptions & {
    documents: string[];
    evaluation: string[];
    /** The held-back documents with their dictations, for the judge (without them, perplexity decides). */
    heldBackNotes?: HeldBackNote[];
    vocabulary?: BuildAsrModelOptions['vocabulary'];
  },
): Promise<RebuildResult> {
  const modelDir = path.resolve(options.modelDir);
  const candidateDir = candidateDirFor(modelDir);
  const evalSentences = options.evaluation
    .map((t) => lmTokens(verbalizeNote(t).join(' ')))
    .filter((s) => s.length);
  const inUse = await readAsrModel(modelDir);
  // Nothing to judge a candidate on: the model in use stays, without spending a build on it.
  if (inUse && !evalSentences.length)
    return {
      promoted: false,
      reason: 'no held-back documents to evaluate on',
      candidate: null,
      trainingDocuments: options.documents.length,
      evaluationDocuments: options.evaluation.length,
      perplexity: { current: null, candidate: Number.NaN },
    };
  await removeStaleCandidates(modelDir);
  // The build gets build settings only: the held-back notes and the judge stay in this process.
  const { judge: _judge, heldBackNotes: _notes, evaluation: _evaluation, ...build } = options;
  const candidate = await buildAsrModel({ ...build, outDir: candidateDir, documents: options.documents });

  const candidatePpl = evalSentences.length
    ? arpaPerplexity(await readFile(path.join(candidateDir, candidate.lm), 'utf8'), evalSentences)
    : Number.NaN;
  // With a model in use there are held-back sentences (checked above).
  const currentPpl = inUse ? arpaPerplexity(await readFile(inUse.lm, 'utf8'), evalSentences) : null;

  try {
    const recordings =
      inUse && options.judge && options.heldBackNotes
        ? await judgeOnHeldBackAudio(options.judge, options.heldBackNotes, {
            baselineDir: modelDir,
            candidateDir,
          })
        : undefined;
    let promoted: boolean;
    let reason: string;
    if (!inUse) {
      promoted = true;
      reason = 'no model in use';
    } else if (judgedOnDrafts(recordings)) {
      // New notes should reach the model: at least as good on the drafts is enough, as with perplexity.
      promoted = recordings.candidateErrors <= recordings.baselineErrors;
      reason = `${recordings.candidateErrors} word errors ${promoted ? '≤' : '>'} ${recordings.baselineErrors} ${describeDrafts(recordings)}${promoted ? '' : ': kept the model in use'}`;
    } else if (candidatePpl <= currentPpl!) {
      promoted = true;
      reason = `perplexity ${candidatePpl.toFixed(1)} ≤ ${currentPpl!.toFixed(1)}`;
    } else {
      promoted = false;
      reason = `perplexity ${candidatePpl.toFixed(1)} > ${currentPpl!.toFixed(1)}: kept the model in use`;
    }
    if (promoted) await replaceDir(candidateDir, modelDir);
    return {
      promoted,
      reason,
      candidate,
      trainingDocuments: options.documents.length,
      evaluationDocuments: options.evaluation.length,
      perplexity: { current: currentPpl, candidate: candidatePpl },
      ...(recordings && { recordings }),
    };
  } finally {
    // Kept, or the judgement failed: no candidate is left behind (a promoted one was moved already).
    await rm(candidateDir, { recursive: true, force: true });
  }
}
