import { randomUUID } from 'node:crypto';
import { LOW_CONFIDENCE } from '@dictum/contracts/confidence';
import { draftWordsKept } from '../../../domain/transcript/draft-word-outcomes';
import type { TimedWord } from '../../../domain/transcript/word';
import type { Db } from '../../../infra/db/client';
import { CHANNEL_TAGS, type ChannelTag } from '../channel-files';
import { type CalibrationPoint, calibrateConfidence } from '../confidence';
import { brierScore, type FlagStats, fitCalibration, flagStats, type LabelledWord } from '../confidence-fit';
import {
  CALIBRATED_ENGINE,
  type DecodingPath,
  decodingPathOf,
  mapFor,
  type OrganisationConfidence,
  readOrganisationConfidence,
  SHIPPED_CALIBRATION_ID,
  writeOrganisationConfidence,
} from '../organisation-confidence';

// Fitting the organisation's confidence map on its own drafts (issue 17, deliverable 5): every
// stored word of a local-engine draft is labelled right or wrong by aligning the draft with the
// note that was signed off for it, the confidences are binned and made monotone per decoding path
// (confidence-fit.ts), and a path's map changes only when the fit scores that path's newest drafts
// — held back from the fit — better than the map in use (Brier score: the mean squared gap between
// confidence and outcome). The words' text never leaves this module: only counts and scores.

/** Fewer words than this (or fewer wrong ones) cannot fit ten bins with a few wrong words in each. */
export const MIN_FIT_WORDS = 500;
export const MIN_FIT_WRONG = 25;
/** Fewer held-back words than this cannot tell two maps apart. */
export const MIN_HELD_BACK_WORDS = 200;
/** A path's map changes only on at least this many of its own held-back words. */
export const MIN_PATH_HELD_BACK_WORDS = 100;

export interface PathWord extends LabelledWord {
  path: DecodingPath;
}

export interface ConfidenceScore {
  words: number;
  wrong: number;
  brier: number;
  flag: Pick<FlagStats, 'flagged' | 'precision' | 'recall'>;
}

export interface ConfidenceRefit {
  kept: boolean;
  reason:
    | 'too-few-words'
    | 'too-few-held-back-words'
    | 'better-on-held-back-drafts'
    | 'not-better-on-held-back-drafts';
  drafts: number;
  /** Drafts left out: no stored confidences, or a note too long to align with its draft. */
  skippedDrafts: number;
  fitWords: number;
  fitWrong: number;
  /** The map in use and the candidate on the held-back drafts. */
  current?: ConfidenceScore;
  candidate?: ConfidenceScore;
  /** The kept map's id. */
  id?: string;
  /** The decoding paths whose map the fit changed. */
  paths?: DecodingPath[];
}

export interface RefitConfidenceOptions {
  /** Where the organisation's map is read from and written to (create-engine.ts, confidenceMapFile). */
  file: string;
  /** At most this many finalized notes, newest first. Default 1000. */
  maxDocuments?: number;
  /** Newest share of the drafts held back to judge the map. Default 0.25. */
  holdOutFraction?: number;
}

/**
 * Each draft word right (kept in the signed-off text) or wrong, with its stored confidence. Null
 * when the draft cannot be labelled (confidences missing or not one per word, or a note too long
 * to align with it).
 */
function labelDraftWords(
  words: readonly TimedWord[],
  confidences: readonly number[],
  finalText: string,
): LabelledWord[] | null {
  if (!words.length || confidences.length !== words.length) return null;
  const kept = draftWordsKept(words, finalText);
  if (!kept) return null;
  const labelled: LabelledWord[] = [];
  kept.forEach((correct, i) => {
    const confidence = confidences[i]!;
    // Words that normalise to nothing (a lone comma) are not scored.
    if (correct !== undefined && Number.isFinite(confidence))
      labelled.push({ confidence: Math.min(1, Math.max(0, confidence)), correct });
  });
  return labelled;
}

/** Dictations whose drafts are read (and their words held in memory) at once. */
const BATCH = 100;

/**
 * Each dictation's original note with the local engine's last draft for it, newest first,
 * a batch at a time: a thousand long drafts are not loaded at once, and the event loop (the
 * worker's job locks) gets a turn between alignments.
 */
async function* draftsWithNotes(db: Db, maxDocuments: number) {
  // The original note is what the draft was corrected into; an addendum is new text, a
  // replacement a later correction of the note.
  const documents = await db.document.findMany({
    where: { kind: 'ORIGINAL' },
    select: { dictationId: true, text: true },
    orderBy: { finalizedAt: 'desc' },
    take: maxDocuments,
  });
  const noteFor = new Map<string, string>();
  for (const d of documents) if (!noteFor.has(d.dictationId)) noteFor.set(d.dictationId, d.text);
  const ids = [...noteFor.keys()];
  for (let i = 0; i < ids.length; i += BATCH) {
    const batch = ids.slice(i, i + BATCH);
    const drafts = await db.transcriptVersion.findMany({
      where: { dictationId: { in: batch }, source: 'engine' },
      select: {
        dictationId: true,
        words: true,
        draftConfidences: true,
        model: true,
        engine: true,
        engineRun: true,
      },
    });
    // The note was corrected from the dictation's last run: a re-run's draft replaces the first.
    const lastDraft = new Map<string, (typeof drafts)[number]>();
    for (const d of drafts) {
      const seen = lastDraft.get(d.dictationId);
      if (!seen || (d.engineRun ?? 0) > (seen.engineRun ?? 0)) lastDraft.set(d.dictationId, d);
    }
    for (const dictationId of batch) {
      const draft = lastDraft.get(dictationId);
      if (draft?.engine !== CALIBRATED_ENGINE) continue;
      yield { draft, note: noteFor.get(dictationId)! };
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/** How well confidences through `maps` (none: as stored) predict the words' outcomes. */
export function scoreConfidence(
  words: readonly PathWord[],
  maps: OrganisationConfidence | null,
): ConfidenceScore {
  const mapped = words.map((w) => ({
    confidence: maps ? calibrateConfidence(w.confidence, mapFor(maps, w.path)) : w.confidence,
    correct: w.correct,
  }));
  const flag = flagStats(mapped, LOW_CONFIDENCE, []);
  return {
    words: words.length,
    wrong: flag.wrong,
    brier: Math.round(brierScore(mapped, []) * 10_000) / 10_000,
    flag: {
      flagged: flag.flagged,
      precision: Math.round(flag.precision * 1000) / 1000,
      recall: Math.round(flag.recall * 1000) / 1000,
    },
  };
}

const wrongOf = (words: readonly LabelledWord[]) => words.filter((w) => !w.correct).length;

/** One map per path the fit words give enough of (right and wrong), and the pooled one for the rest. */
function fitOrganisationMaps(words: readonly PathWord[]): OrganisationConfidence['maps'] {
  const maps: OrganisationConfidence['maps'] = { base: fitCalibration(words) };
  const byPath = new Map<DecodingPath, PathWord[]>();
  for (const w of words) {
    const list = byPath.get(w.path) ?? [];
    list.push(w);
    byPath.set(w.path, list);
  }
  for (const [path, pathWords] of byPath) {
    if (path === 'base' || pathWords.length < MIN_FIT_WORDS || wrongOf(pathWords) < MIN_FIT_WRONG) continue;
    const points: CalibrationPoint[] = fitCalibration(pathWords);
    if (points.length) maps[path as ChannelTag] = points;
  }
  return maps;
}

/** The map a path reads under `value` (none: the shipped confidences as stored). */
const pointsFor = (value: OrganisationConfidence | null, path: DecodingPath) =>
  value ? mapFor(value, path) : [];

/**
 * Per decoding path, the candidate's map where it scores that path's held-back words better than
 * the map in use, else the map in use: a path the fit helps gains, one it would hurt keeps what it
 * has. A path with fewer held-back words than MIN_PATH_HELD_BACK_WORDS keeps its map.
 */
function chooseMaps(
  fitted: OrganisationConfidence['maps'],
  heldBack: readonly PathWord[],
  inUse: OrganisationConfidence | null,
): { maps: OrganisationConfidence['maps']; changed: DecodingPath[] } {
  const chosen: Partial<Record<DecodingPath, CalibrationPoint[]>> = {};
  const changed: DecodingPath[] = [];
  for (const path of ['base', ...CHANNEL_TAGS] as DecodingPath[]) {
    const current = pointsFor(inUse, path);
    const proposed = (path !== 'base' ? fitted[path] : undefined) ?? fitted.base;
    const words = heldBack.filter((w) => w.path === path);
    const better =
      words.length >= MIN_PATH_HELD_BACK_WORDS && brierScore(words, proposed) < brierScore(words, current);
    chosen[path] = better ? proposed : current;
    if (better) changed.push(path);
  }
  return { maps: chosen as OrganisationConfidence['maps'], changed };
}

export interface ConfidenceDecision extends Omit<ConfidenceRefit, 'drafts' | 'skippedDrafts'> {
  /** The map to write when kept. */
  map?: OrganisationConfidence;
}

/**
 * The refit's decision on labelled drafts, newest first: the newest share held back, the rest
 * fitted; per path the better of the fit and the map in use on the held-back words; kept when the
 * result scores the held-back words better than the map in use. No I/O: the evaluation runs the
 * same decision on its own dictations (bench/src/asr-eval/organisation-refit.ts).
 */
export function decideConfidenceMap(
  drafts: readonly (readonly PathWord[])[],
  inUse: OrganisationConfidence | null,
  holdOutFraction = 0.25,
): ConfidenceDecision {
  const heldBackDrafts = Math.max(1, Math.round(drafts.length * holdOutFraction));
  const heldBack = drafts.slice(0, heldBackDrafts).flat();
  const fit = drafts.slice(heldBackDrafts).flat();
  const result: ConfidenceDecision = {
    kept: false,
    reason: 'too-few-words',
    fitWords: fit.length,
    fitWrong: wrongOf(fit),
  };
  if (fit.length < MIN_FIT_WORDS || result.fitWrong < MIN_FIT_WRONG) return result;
  if (heldBack.length < MIN_HELD_BACK_WORDS) return { ...result, reason: 'too-few-held-back-words' };
  const { maps, changed } = chooseMaps(fitOrganisationMaps(fit), heldBack, inUse);
  const candidate: OrganisationConfidence = {
    id: randomUUID(),
    createdAt: new Date().toISOString(),
    shippedCalibration: SHIPPED_CALIBRATION_ID,
    maps,
    fitWords: fit.length,
    heldBackWords: heldBack.length,
  };
  const scores = {
    current: scoreConfidence(heldBack, inUse),
    candidate: scoreConfidence(heldBack, candidate),
    paths: changed,
  };
  // Each path kept its map unless the fit scored better on it, so any change is a gain.
  if (!changed.length) return { ...result, ...scores, reason: 'not-better-on-held-back-drafts' };
  return {
    ...result,
    ...scores,
    kept: true,
    reason: 'better-on-held-back-drafts',
    id: candidate.id,
    map: candidate,
  };
}

export async function refitConfidenceFromCorrections(
  db: Db,
  options: RefitConfidenceOptions,
): Promise<ConfidenceRefit> {
  const labelled: PathWord[][] = [];
  let skippedDrafts = 0;
  for await (const { draft, note } of draftsWithNotes(db, options.maxDocuments ?? 1000)) {
    const words = labelDraftWords(
      (Array.isArray(draft.words) ? draft.words : []) as unknown as TimedWord[],
      draft.draftConfidences,
      note,
    );
    if (!words) {
      skippedDrafts++;
      continue;
    }
    const path = decodingPathOf(draft.model);
    labelled.push(words.map((w) => ({ ...w, path })));
  }
  const inUse = await readOrganisationConfidence(options.file);
  const { map, ...decision } = decideConfidenceMap(labelled, inUse, options.holdOutFraction);
  if (map) await writeOrganisationConfidence(options.file, map);
  return { ...decision, drafts: labelled.length, skippedDrafts };
}
