import { mkdir, readdir, utimes } from 'node:fs/promises';
import path from 'node:path';
import { decideAuthorPromotion, refreshAuthorModel } from '@dictum/core/capability/asr/model/author-models';
import { lmTokens, readAsrModel } from '@dictum/core/capability/asr/model/build-model';
import {
  compareOnRecordings,
  type RecordingJudge,
} from '@dictum/core/capability/asr/model/held-back-recordings';
import { rebuildAndPromote } from '@dictum/core/capability/asr/model/learn-from-corrections';
import { ngrams } from '@dictum/core/capability/asr/model/overlap';
import { describe, expect, it } from 'vitest';
import { generateNotes, loadAuthors, notesOverlap } from '../../bench/src/asr-eval/authors-corpus';
import { tempDirForFile } from '../support/temp-dir';

// Issue 17, per-author adaptation: the simulated authors' notes never share a 6-word run with the
// evaluation dictations, and the per-author refresh (the code the worker runs) promotes a model
// for an author with a distinct style, choosing the author weight on the held-back notes.

const authors = loadAuthors();
const dictations = authors.flatMap((a) => a.dictations.map((d) => d.spoken));

describe('simulated authors', () => {
  it('generate reproducible notes that share no 6-word run with any evaluation dictation', () => {
    const runs = new Set(dictations.flatMap((d) => ngrams(lmTokens(d), 6)));
    // The corpus is there (the loop below checks something): the refresh test takes two of its authors.
    expect(authors.length).toBeGreaterThanOrEqual(2);
    expect(runs.size).toBeGreaterThan(0);
    for (const [i, a] of authors.entries()) {
      const notes = generateNotes(a, 20, 1000 + i, dictations);
      expect(notes.spoken).toHaveLength(20);
      expect(generateNotes(a, 20, 1000 + i, dictations).spoken).toEqual(notes.spoken);
      for (const n of notes.spoken) expect(ngrams(lmTokens(n), 6).filter((g) => runs.has(g))).toEqual([]);
      const overlap = notesOverlap(
        notes.written,
        a.dictations.map((d) => d.spoken),
      );
      expect(overlap.leakedSentences).toEqual([]);
      expect(overlap.share).toBeLessThan(0.35);
    }
  });
});

/**
 * Stands in for the worker's decoding (the worker's judge, on real audio, is tested in
 * held-back-recording-judge.test.ts): the baseline model drafts every note exactly, any other
 * drops its last `candidateLoses` words. `decoded` collects the model folders' names it decoded with.
 */
function standInJudge(baselineDir: string, candidateLoses: number, decoded: string[] = []): RecordingJudge {
  return {
    async recordings(notes) {
      return notes.map((n) => ({
        wavPath: `/nonexistent/${n.dictationId}.wav`,
        finalText: n.text,
        durationSec: 30,
      }));
    },
    async draft(dir, recording) {
      decoded.push(path.basename(dir));
      const words = recording.finalText.split(/\s+/);
      return dir === baselineDir
        ? recording.finalText
        : words.slice(0, words.length - candidateLoses).join(' ');
    },
  };
}

describe('per-author promotion rule', () => {
  const perplexityBetter = { candidate: 4, baseline: 5, heldBack: 4 };
  /** Drafts where the candidate fixes `fixed` words and breaks `broken` (substitutions only). */
  const drafts = (baselineErrors: number, fixed: number, broken: number, words = 200) => ({
    recordings: 3,
    skipped: 0,
    words,
    baselineErrors,
    candidateErrors: baselineErrors - fixed + broken,
    fixed,
    broken,
  });

  it('judges on the held-back recordings when there are enough words, whatever perplexity says', () => {
    // Perplexity prefers the candidate, the drafts do not: the drafts are what the author gets.
    expect(decideAuthorPromotion({ ...perplexityBetter, recordings: drafts(30, 0, 4) })).toMatchObject({
      promote: false,
      reason:
        '34 word errors against 30 (0 fixed, 4 broken) in 200 words of 3 held-back recordings: not 1 fewer',
    });
    expect(decideAuthorPromotion({ ...perplexityBetter, recordings: drafts(30, 3, 3) }).promote).toBe(false);
    // And the other way round: clearly fewer errors promote a candidate whose perplexity is no better.
    expect(
      decideAuthorPromotion({ candidate: 6, baseline: 5, heldBack: 4, recordings: drafts(30, 6, 0) }),
    ).toMatchObject({
      promote: true,
      reason: '24 word errors against 30 (6 fixed, 0 broken) in 200 words of 3 held-back recordings',
    });
  });

  it('does not promote on a difference chance would make', () => {
    // One word fewer out of five (the simulated orthopedist's held-back drafts): not evidence.
    expect(decideAuthorPromotion({ ...perplexityBetter, recordings: drafts(5, 1, 0) })).toMatchObject({
      promote: false,
      reason: expect.stringMatching(/too few to tell from chance$/),
    });
    // Many words changed both ways and a small net gain: chance; a clear net gain: promoted.
    expect(decideAuthorPromotion({ ...perplexityBetter, recordings: drafts(100, 20, 14, 800) }).promote).toBe(
      false,
    );
    expect(decideAuthorPromotion({ ...perplexityBetter, recordings: drafts(100, 20, 8, 800) }).promote).toBe(
      true,
    );
    // 2 % of 100 errors is 2: one fewer is not enough even when nothing breaks; three fixed are.
    expect(decideAuthorPromotion({ ...perplexityBetter, recordings: drafts(100, 1, 0, 500) }).promote).toBe(
      false,
    );
    expect(decideAuthorPromotion({ ...perplexityBetter, recordings: drafts(100, 3, 0, 500) }).promote).toBe(
      true,
    );
    // No errors to lose: nothing to gain.
    expect(decideAuthorPromotion({ ...perplexityBetter, recordings: drafts(0, 0, 0) }).promote).toBe(false);
  });

  it('counts the words each model gets right that the other gets wrong, insertions included', async () => {
    const finalText = 'Blood pressure 130/82, heart rate 72. Continue metoprolol.';
    const drafts: Record<string, string> = {
      // Baseline: one substitution ("hard") and two words never said.
      baseline: 'blood pressure 130/82 uh heart rate 72 the continue metoprolol',
      // Candidate: the substitution fixed, the insertions gone, "continue" dropped.
      candidate: 'blood pressure 130/82 heart rate 72 metoprolol',
    };
    drafts.baseline = drafts.baseline!.replace('heart', 'hard');
    const comparison = await compareOnRecordings(
      {
        recordings: async () => [],
        draft: async (dir, recording) => {
          if (recording.wavPath === 'timeout.wav') throw new Error('pocketsphinx timed out');
          if (recording.wavPath === 'pasted.wav') return 'word '.repeat(1_000);
          return drafts[dir]!;
        },
      },
      [
        { wavPath: 'a.wav', finalText, durationSec: 5 },
        { wavPath: 'b.wav', finalText: ' ', durationSec: 5 },
        { wavPath: 'timeout.wav', finalText, durationSec: 5 },
        // A 5,000-word note over a recording drafted as 1,000 words (text pasted in): 5 M cells
        // of alignment, no reference for these drafts; a 30,000-word note would be hundreds of MB.
        { wavPath: 'pasted.wav', finalText: 'word '.repeat(5_000), durationSec: 300 },
      ],
      { baselineDir: 'baseline', candidateDir: 'candidate' },
    );
    // The blank reference is not scored, the one that fails to decode and the pasted one are left
    // out (not the whole refresh); 8 words: baseline 1 + 2 inserted, candidate 1 deleted.
    expect(comparison).toEqual({
      recordings: 1,
      skipped: 2,
      words: 8,
      baselineErrors: 3,
      candidateErrors: 1,
      fixed: 3,
      broken: 1,
    });
  });

  it('falls back to perplexity when the recordings are too short to tell models apart', () => {
    expect(decideAuthorPromotion({ ...perplexityBetter, recordings: drafts(10, 0, 10, 49) })).toMatchObject({
      promote: true,
      reason: expect.stringMatching(/^perplexity/),
    });
    expect(decideAuthorPromotion({ ...perplexityBetter, recordings: drafts(0, 0, 0, 0) }).promote).toBe(true);
  });
});

describe('per-author refresh', () => {
  const dir = tempDirForFile('dictum-authors');

  it("keeps the global model when the candidate's drafts are worse; on perplexity alone, promotes the weight the held-back notes prefer", async () => {
    const [cardiology, orthopedics] = authors;
    const own = generateNotes(cardiology!, 24, 1, []).written;
    const other = generateNotes(orthopedics!, 24, 2, []).written;
    const documents = own.flatMap((text, i) => [
      { text, authorId: 'cardiology' },
      { text: other[i]!, authorId: 'orthopedics' },
    ]);
    const modelDir = path.join(dir, 'global');
    const authorsDir = path.join(dir, 'authors');
    // A small generated text and no general English n-grams keep the builds to seconds.
    const small = { generatedCount: 300, backgroundNgrams: false };
    await rebuildAndPromote({
      ...small,
      modelDir,
      documents: documents.slice(5).map((d) => d.text),
      evaluation: documents.slice(0, 5).map((d) => d.text),
    });
    // First with the held-back notes' recordings: a judge whose drafts through the candidate are
    // worse keeps the global model for the author although the candidate's perplexity is better,
    // and leaves no candidate folder behind.
    const judged: string[] = [];
    const judge = standInJudge(modelDir, 5, judged);
    const judgedRun = await refreshAuthorModel({
      ...small,
      modelDir,
      authorsDir,
      authorId: 'cardiology',
      documents: documents.map((d, i) => ({ ...d, dictationId: `d${i}` })),
      documentWeights: [1, 10],
      judge,
    });
    expect(judgedRun!.perplexity.candidate).toBeLessThan(judgedRun!.perplexity.baseline! * 0.98);
    expect(judgedRun!.recordings).toMatchObject({
      recordings: 2,
      baselineErrors: 0,
      candidateErrors: 10,
      fixed: 0,
      broken: 10,
    });
    expect(judgedRun!.promoted).toBe(false);
    // The candidate's folder is the run's own (a random suffix): two runs never share one.
    expect(judged.map((d) => d.replace(/-[0-9a-f]{8}$/, '')).sort()).toEqual([
      'cardiology.candidate-10',
      'cardiology.candidate-10',
      'global',
      'global',
    ]);
    expect(await readdir(authorsDir)).toEqual([]);

    // Then without recordings (their audio purged, say): perplexity decides, and promotes.
    const result = await refreshAuthorModel({
      ...small,
      modelDir,
      authorsDir,
      authorId: 'cardiology',
      documents,
      documentWeights: [1, 10],
    });
    expect(result).not.toBeNull();
    expect(result!.evaluationDocuments).toBe(2);
    expect(result!.recordings).toBeUndefined();
    expect(result!.promoted).toBe(true);
    expect(result!.perplexity.candidate).toBeLessThan(result!.perplexity.baseline! * 0.98);
    // More weight on the author's notes predicts their newest notes better.
    expect(result!.documentWeight).toBe(10);
    expect(await readAsrModel(path.join(authorsDir, 'cardiology'))).not.toBeNull();
    expect((await readdir(authorsDir)).sort()).toEqual(['cardiology']);
  }, 180_000);
});

describe('global refresh judged on drafts', () => {
  const dir = tempDirForFile('dictum-global-judged');

  it('keeps the model in use when the candidate drafts worse, promotes it when it drafts as well', async () => {
    const [cardiology] = authors;
    const notes = generateNotes(cardiology!, 12, 3, []).written;
    const modelDir = path.join(dir, 'model');
    const small = { generatedCount: 300, backgroundNgrams: false };
    await rebuildAndPromote({ ...small, modelDir, documents: notes.slice(6), evaluation: notes.slice(4, 6) });
    const inUse = (await readAsrModel(modelDir))!.manifest.id;
    const heldBackNotes = notes.slice(0, 4).map((text, i) => ({ text, dictationId: `d${i}` }));
    const refresh = (judge: RecordingJudge) =>
      rebuildAndPromote({
        ...small,
        modelDir,
        documents: notes.slice(4),
        evaluation: notes.slice(0, 4),
        heldBackNotes,
        judge,
      });

    const worse = await refresh(standInJudge(modelDir, 1));
    expect(worse.recordings).toMatchObject({
      recordings: 4,
      baselineErrors: 0,
      candidateErrors: 4,
      fixed: 0,
      broken: 4,
    });
    expect(worse.promoted).toBe(false);
    expect(worse.reason).toMatch(
      /^4 word errors > 0 in \d+ words of 4 held-back recordings: kept the model in use$/,
    );
    expect((await readAsrModel(modelDir))!.manifest.id).toBe(inUse);
    expect(await readdir(dir)).toEqual(['model']);

    const asGood = await refresh(standInJudge(modelDir, 0));
    expect(asGood.promoted).toBe(true);
    expect((await readAsrModel(modelDir))!.manifest.id).toBe(asGood.candidate!.id);
    expect(asGood.candidate!.id).not.toBe(inUse);
  }, 120_000);

  it('two refreshes at once each judge and promote their own candidate; a killed run is cleaned up later', async () => {
    const [cardiology] = authors;
    const notes = generateNotes(cardiology!, 12, 4, []).written;
    const modelDir = path.join(dir, 'concurrent');
    const small = { generatedCount: 300, backgroundNgrams: false };
    await rebuildAndPromote({ ...small, modelDir, documents: notes.slice(6), evaluation: notes.slice(4, 6) });
    // A candidate a killed run left two days ago, and one a run is building right now.
    const stale = `${modelDir}.candidate-0badc0de`;
    const building = `${modelDir}.candidate-5afe5afe`;
    await mkdir(stale);
    await mkdir(building);
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    await utimes(stale, twoDaysAgo, twoDaysAgo);

    // A candidate judged by drafts that are as good as the model in use is promoted: each run's
    // judge sees only its own candidate folder, which no other run removes or overwrites.
    const seen: string[][] = [[], []];
    const runs = await Promise.all(
      [0, 1].map((k) =>
        rebuildAndPromote({
          ...small,
          modelDir,
          documents: notes.slice(4),
          evaluation: notes.slice(0, 4),
          heldBackNotes: notes.slice(0, 4).map((text, i) => ({ text, dictationId: `d${k}${i}` })),
          judge: standInJudge(modelDir, 0, seen[k]),
        }),
      ),
    );
    expect(runs.map((r) => r.promoted)).toEqual([true, true]);
    const candidates = seen.map((s) => new Set(s.filter((d) => d !== 'concurrent')));
    expect(candidates.map((c) => c.size)).toEqual([1, 1]);
    expect([...candidates[0]!][0]).not.toBe([...candidates[1]!][0]);
    // The model in use is one of the two, whole.
    const inUse = await readAsrModel(modelDir);
    expect(runs.map((r) => r.candidate!.id)).toContain(inUse!.manifest.id);
    // Nothing of either run is left; the killed run's folder is gone, the live one is not touched.
    expect((await readdir(dir)).filter((n) => n.startsWith('concurrent')).sort()).toEqual([
      'concurrent',
      'concurrent.candidate-5afe5afe',
    ]);
  }, 180_000);
});
