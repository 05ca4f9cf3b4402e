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
  fixesOutweighBreaks,
  type HeldBackNote,
  judgedOnDrafts,
  judgeOnHeldBackAudio,
  type RecordingComparison,
  type RecordingJudge,
} from './held-back-recordings';
import { readAsrModel } from './model-files';
import { arpaPerplexity } from './ngram-lm';
import { verbalizeNote } from './verbalize';

// Per-author models (issue 17): commercial systems get most of their accuracy from adapting to
// each author. An author with enough finalized notes gets a candidate model whose training text is
// the global text plus that author's own notes, weighted up (vocabulary the author uses gets
// pronunciations; the author's phrasing gets the language-model weight). The author's newest notes
// are held back from it; the candidate is promoted for that author only when it predicts them
// better than the model the author gets today (the author's current model, or the global one):
// on the held-back notes' recordings when there are enough of them (fewer word errors in the
// drafts, held-back-recordings.ts), else on the notes' text (lower perplexity). New authors, and
// authors whose candidate is no better, keep the global model.
//
// The global model may have been trained on the author's held-back notes (its own hold-back is the
// newest notes overall), which makes the comparison conservative: a candidate must beat a model
// that has seen the test notes. Privacy: like the global model, an author's folder is patient data.

export const AUTHOR_MIN_DOCUMENTS = 20;
export const AUTHOR_MAX_PER_RUN = 5;
/** How many times an author's own notes count in that author's training text. */
export const AUTHOR_DOCUMENT_WEIGHT = 3;
/**
 * The candidate must lower perplexity on the author's held-back notes by at least this share, or
 * the word errors on their recordings by at least this share (and by one error at least, and by
 * more than chance: fixesOutweighBreaks).
 */
export const AUTHOR_MIN_GAIN = 0.02;

export interface PromotionDecision {
  promote: boolean;
  reason: string;
}

/**
 * Promote the author's candidate only when it is better for that author than what they get now:
 * judged on their drafts when enough held-back recordings were decoded, else on perplexity.
 */
export function decideAuthorPromotion(p: {
  candidate: number;
  baseline: number | null;
  heldBack: number;
  minGain?: number;
  recordings?: RecordingComparison;
}): PromotionDecision {
  const minGain = p.minGain ?? AUTHOR_MIN_GAIN;
  const audio = p.recordings;
  if (judgedOnDrafts(audio)) {
    const needed = Math.max(1, Math.ceil(audio.baselineErrors * minGain));
    const drafts = `${audio.candidateErrors} word errors against ${audio.baselineErrors} (${audio.fixed} fixed, ${audio.broken} broken) ${describeDrafts(audio)}`;
    if (audio.baselineErrors - audio.candidateErrors < needed)
      return { promote: false, reason: `${drafts}: not ${needed} fewer` };
    if (!fixesOutweighBreaks(audio))
      return { promote: false, reason: `${drafts}: too few to tell from chance` };
    return { promote: true, reason: drafts };
  }
  if (p.heldBack < 2 || !Number.isFinite(p.candidate))
    return { promote: false, reason: 'too few held-back notes to judge' };
  if (p.baseline === null) return { promote: false, reason: 'no model in use to compare with' };
  if (p.candidate <= p.baseline * (1 - minGain))
    return { promote: true, reason: `perplexity ${p.candidate.toFixed(1)} < ${p.baseline.toFixed(1)}` };
  return {
    promote: false,
    reason: `perplexity ${p.candidate.toFixed(1)} not ${Math.round(minGain * 100)}% below ${p.baseline.toFixed(1)}`,
  };
}

export interface AuthorRefreshResult {
  authorId: string;
  promoted: boolean;
  reason: string;
  trainingDocuments: number;
  evaluationDocuments: number;
  perplexity: { baseline: number | null; candidate: number };
  /** Word errors of both models' drafts on the held-back recordings, when a judge was given. */
  recordings?: RecordingComparison;
  /** How many times the author's notes counted in the candidate. */
  documentWeight: number;
}

export interface AuthorRefreshOptions
  extends Omit<BuildAsrModelOptions, 'outDir' | 'documents' | 'vocabulary' | 'extraSentences'> {
  /** The global model in use (the fallback every author is compared against). */
  modelDir: string;
  /** One folder per author id. */
  authorsDir: string;
  extraSentences?: string[];
  minDocuments?: number;
  maxAuthors?: number;
  /**
   * How many times the author's own notes count; with several, one candidate is built per weight
   * and the one that predicts the author's held-back notes best is the candidate.
   */
  documentWeights?: number[];
  /**
   * Decodes the held-back notes' recordings (the worker's storage and engine): with one, the
   * candidate is judged on the author's drafts rather than on perplexity.
   */
  judge?: RecordingJudge;
}

/** A finalized note as the refresh reads it. */
export interface AuthorDocument extends HeldBackNote {
  authorId: string;
}

async function lmPerplexity(lmFile: string, sentences: string[][]): Promise<number> {
  return arpaPerplexity(await readFile(lmFile, 'utf8'), sentences);
}

export async function refreshAuthorModels(
  db: Db,
  options: AuthorRefreshOptions,
): Promise<AuthorRefreshResult[]> {
  const min = options.minDocuments ?? AUTHOR_MIN_DOCUMENTS;
  const groups = await db.document.groupBy({
    by: ['authorId'],
    _count: { _all: true },
    orderBy: { _count: { authorId: 'desc' } },
    take: options.maxAuthors ?? AUTHOR_MAX_PER_RUN,
  });
  const authors = groups.filter((g) => g._count._all >= min).map((g) => g.authorId);
  if (!authors.length) return [];
  if (!(await readAsrModel(options.modelDir))) return [];
  const vocabulary = await db.vocabularyTerm.findMany({
    select: { term: true, pronunciation: true, category: true },
  });
  const documents = await db.document.findMany({
    select: { text: true, authorId: true, dictationId: true },
    orderBy: { finalizedAt: 'desc' },
    take: 5000,
  });
  const results: AuthorRefreshResult[] = [];
  for (const authorId of authors) {
    const result = await refreshAuthorModel({ ...options, authorId, documents, vocabulary });
    if (result) results.push(result);
  }
  return results;
}

/**
 * The database-free core for one author (the evaluation runs it on simulated authors): build the
 * candidate from `documents` (newest first, every author's), compare it with what the author gets
 * today on their held-back notes, promote or discard. Null when there is no global model.
 */
export async function refreshAuthorModel(
  options: AuthorRefreshOptions & {
    authorId: string;
    documents: AuthorDocument[];
    vocabulary?: BuildAsrModelOptions['vocabulary'];
  },
): Promise<AuthorRefreshResult | null> {
  const global = await readAsrModel(options.modelDir);
  if (!global) return null;
  const { authorId, documents } = options;
  // The build gets build settings only: the notes and the judge stay in this process.
  const { judge: _judge, documents: _documents, ...build } = options;
  const own = documents.filter((d) => d.authorId === authorId && d.text.trim());
  const holdOut = Math.max(2, Math.round(own.length * 0.1));
  const heldBack = own.slice(0, holdOut);
  const evaluation = heldBack.map((d) => d.text);
  const training = own.slice(holdOut).map((d) => d.text);
  const rest = documents.filter((d) => d.authorId !== authorId && d.text.trim()).map((d) => d.text);
  const dir = path.join(options.authorsDir, authorId);
  const evalSentences = evaluation.map((t) => lmTokens(verbalizeNote(t).join(' '))).filter((s) => s.length);
  let best: { dir: string; perplexity: number; weight: number } | null = null;
  await removeStaleCandidates(dir);
  for (const weight of options.documentWeights ?? [AUTHOR_DOCUMENT_WEIGHT]) {
    const candidateDir = candidateDirFor(dir, String(weight));
    await buildAsrModel({
      ...build,
      outDir: candidateDir,
      documents: [...rest, ...Array.from({ length: weight }, () => training).flat()],
    });
    const candidate = (await readAsrModel(candidateDir))!;
    const ppl = evalSentences.length ? await lmPerplexity(candidate.lm, evalSentences) : Number.NaN;
    if (!best || ppl < best.perplexity) {
      if (best) await rm(best.dir, { recursive: true, force: true });
      best = { dir: candidateDir, perplexity: ppl, weight };
    } else await rm(candidateDir, { recursive: true, force: true });
  }
  const candidateDir = best!.dir;
  const candidatePpl = best!.perplexity;
  const authorModel = await readAsrModel(dir);
  const currentDir = authorModel ? dir : options.modelDir;
  const baselinePpl = evalSentences.length
    ? await lmPerplexity((authorModel ?? global).lm, evalSentences)
    : null;
  try {
    const recordings = options.judge
      ? await judgeOnHeldBackAudio(options.judge, heldBack, { baselineDir: currentDir, candidateDir })
      : undefined;
    const decision = decideAuthorPromotion({
      candidate: candidatePpl,
      baseline: baselinePpl,
      heldBack: evalSentences.length,
      recordings,
    });
    if (decision.promote) await replaceDir(candidateDir, dir);
    return {
      authorId,
      promoted: decision.promote,
      reason: decision.reason,
      trainingDocuments: training.length,
      evaluationDocuments: evaluation.length,
      perplexity: { baseline: baselinePpl, candidate: candidatePpl },
      ...(recordings && { recordings }),
      documentWeight: best!.weight,
    };
  } finally {
    // Not promoted, or the judgement failed: no candidate is left behind; the next run tries again.
    await rm(candidateDir, { recursive: true, force: true });
  }
}
