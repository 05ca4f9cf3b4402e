import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemActor } from '@dictum/core/actor';
import { confidenceMapFile } from '@dictum/core/capability/asr/create-engine';
import { refitConfidenceFromCorrections } from '@dictum/core/capability/asr/model/refit-confidence';
import {
  readOrganisationConfidence,
  SHIPPED_CALIBRATION_ID,
} from '@dictum/core/capability/asr/organisation-confidence';
import { loadConfig } from '@dictum/core/infra/config';
import { createDb } from '@dictum/core/infra/db/client';
import { createLogger } from '@dictum/core/infra/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { createUser } from '../../api/src/services/admin/manage-users';
import { closeWorkerContext, createWorkerContext } from '../../worker/src/context';
import { refitConfidenceMap } from '../../worker/src/jobs/refresh-asr-model.job';
import { createPrivateDatabase } from '../support/private-database';

// Issue 17, deliverable 5 on the organisation's own dictations: the refresh fits a confidence map
// on its drafts against the signed-off notes and keeps it only when it scores the newest drafts
// better. Each test has a database of its own: the refit reads every finalized note, newest first.

const WORDS = 40;

/**
 * A draft whose confidences lie the way pocketsphinx's do on unfamiliar prose: words at 0.7 are
 * wrong three times in four, yet sit above the editor's 0.6 flag; words at 0.97 are nearly all right.
 * `honest` drafts are right wherever they say 0.7 (what the held-back drafts show when the fit is wrong).
 */
function draftFor(n: number, honest = false) {
  const note = Array.from({ length: WORDS }, (_, i) => `t${n}x${i}`);
  const draft = note.map((token, i) => {
    const doubtful = i % 5 === 0;
    const wrong = honest ? false : doubtful ? i % 20 !== 15 : i === 33;
    return { text: wrong ? `zz${i}` : token, confidence: doubtful ? 0.7 : 0.97 };
  });
  return { note: note.join(' '), draft };
}

let stop: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stop.reverse()) await s();
  stop = [];
});

async function privateDb() {
  const database = await createPrivateDatabase();
  const db = createDb(database.url, { max: 2 });
  stop.push(async () => {
    await db.$disconnect();
    await database.drop();
  });
  const author = await createUser(db, systemActor('test'), {
    username: `refit-${Date.now()}`,
    role: 'PHYSICIAN',
    password: 'correct-horse-battery-staple',
  });
  const mrn = `RFT${Date.now()}`;
  const patient = await db.patient.create({
    data: { mrn, name: 'Refit Patient', birthDate: new Date('1960-01-01'), sex: 'female' },
  });
  const workType = await db.workType.findUniqueOrThrow({ where: { code: 'PROGRESS' } });
  return { db, url: database.url, authorId: author.id, patientId: patient.id, workTypeId: workType.id };
}
type Seed = Awaited<ReturnType<typeof privateDb>>;

/** A finalized note and the engine's draft for it, as the worker and the editor leave them. */
async function fileDraft(
  s: Seed,
  n: number,
  d: {
    note: string;
    draft: { text: string; confidence: number }[];
    engine?: string;
    model?: string;
    draftConfidences?: number[];
    earlierRun?: { text: string; confidence: number }[];
  },
) {
  const engineDraft = (run: number, words: { text: string; confidence: number }[], last: boolean) => ({
    version: run,
    source: 'engine' as const,
    text: words.map((w) => w.text).join(' '),
    words: words.map((w, i) => ({ ...w, start: i * 0.4, end: i * 0.4 + 0.3 })),
    draftConfidences: (last && d.draftConfidences) || words.map((w) => w.confidence),
    engine: d.engine ?? 'pocketsphinx',
    model: d.model ?? 'en-us+medical@abc+wide@def',
    engineRun: run,
  });
  const dictation = await s.db.dictation.create({
    data: {
      authorId: s.authorId,
      patientId: s.patientId,
      workTypeId: s.workTypeId,
      priority: 'ROUTINE',
      status: 'FINALIZED',
      dictatedAt: new Date(),
      dueAt: new Date(),
      audioSha256: '0'.repeat(64),
      audioContentType: 'audio/wav',
      audioSizeBytes: 1000n,
      durationSec: 16,
      transcriptVersions: {
        create: d.earlierRun
          ? [engineDraft(1, d.earlierRun, false), engineDraft(2, d.draft, true)]
          : [engineDraft(1, d.draft, true)],
      },
    },
  });
  await s.db.document.create({
    data: {
      number: `RFT-${dictation.id.slice(0, 8)}`,
      kind: 'ORIGINAL',
      dictationId: dictation.id,
      patientId: s.patientId,
      workTypeId: s.workTypeId,
      status: 'FINALIZED',
      text: d.note,
      authorId: s.authorId,
      finalizedById: s.authorId,
      finalizedAt: new Date(Date.UTC(2026, 0, 1, 0, n)),
      linesWithSpaces: 1,
      linesVisible: 1,
    },
  });
  return dictation.id;
}

async function mapFile() {
  return confidenceMapFile(path.join(await mkdtemp(path.join(tmpdir(), 'dictum-refit-')), 'model'));
}

describe('refitting the confidence map on the organisation drafts', () => {
  it('keeps a map that makes the editor flag mean "more likely wrong than right" on the newest drafts', async () => {
    const s = await privateDb();
    for (let n = 0; n < 40; n++) await fileDraft(s, n, draftFor(n));
    const file = await mapFile();

    const refit = await refitConfidenceFromCorrections(s.db, { file });
    expect(refit).toMatchObject({
      kept: true,
      reason: 'better-on-held-back-drafts',
      drafts: 40,
      skippedDrafts: 0,
    });
    expect(refit.fitWords).toBe(30 * WORDS);
    // The shipped confidences flag nothing (0.7 ≥ 0.6) while a quarter of the words are wrong.
    expect(refit.current).toMatchObject({ words: 10 * WORDS, wrong: 70, flag: { flagged: 0, recall: 0 } });
    // The fitted map flags the doubtful words, and a flagged word is now wrong three times in four.
    expect(refit.candidate!.flag.precision).toBeGreaterThan(0.5);
    expect(refit.candidate!.flag.recall).toBeGreaterThan(0.8);
    expect(refit.candidate!.brier).toBeLessThan(refit.current!.brier);

    const map = await readOrganisationConfidence(file);
    expect(map?.id).toBe(refit.id);
    // All drafts were decoded through the wide-band model: its map is the one that changed; the
    // other paths had no held-back words to judge a change on and keep the shipped confidences.
    expect(map!.maps.wide?.length).toBeGreaterThan(0);
    expect(refit.paths).toEqual(['wide']);
    expect(map!.maps.phone).toEqual([]);

    // Judged against the map now in use, the same drafts give nothing better: a tie keeps the map.
    const again = await refitConfidenceFromCorrections(s.db, { file });
    expect(again).toMatchObject({ kept: false, reason: 'not-better-on-held-back-drafts' });
    expect((await readOrganisationConfidence(file))?.id).toBe(refit.id);
  }, 60_000);

  it('does not keep a map the newest drafts contradict, nor fit one on too few words', async () => {
    const s = await privateDb();
    // Older drafts (the fit) lie at 0.7; the newest ten (held back) are right wherever they say 0.7.
    for (let n = 0; n < 30; n++) await fileDraft(s, n, draftFor(n));
    for (let n = 30; n < 40; n++) await fileDraft(s, n, draftFor(n, true));
    const file = await mapFile();
    const refit = await refitConfidenceFromCorrections(s.db, { file });
    expect(refit).toMatchObject({ kept: false, reason: 'not-better-on-held-back-drafts' });
    // The fit scored the held-back drafts worse on the one path they came through: no path changed.
    expect(refit.paths).toEqual([]);
    expect(refit.candidate).toEqual(refit.current);
    expect(await readOrganisationConfidence(file)).toBeNull();

    const few = await privateDb();
    for (let n = 0; n < 8; n++) await fileDraft(few, n, draftFor(n));
    expect(await refitConfidenceFromCorrections(few.db, { file })).toMatchObject({
      kept: false,
      reason: 'too-few-words',
      drafts: 8,
    });
  }, 60_000);

  it('changes a path only where the fit does better on that path: one path gains, another keeps its map', async () => {
    const s = await privateDb();
    // Wide-band drafts lie throughout; phone drafts lied once but the newest (held back) are honest.
    for (let k = 0; k < 40; k++) {
      await fileDraft(s, 2 * k, draftFor(2 * k));
      await fileDraft(s, 2 * k + 1, {
        ...draftFor(2 * k + 1, k >= 30),
        model: 'en-us+medical@abc+phone@def',
      });
    }
    const file = await mapFile();
    const refit = await refitConfidenceFromCorrections(s.db, { file });
    expect(refit).toMatchObject({ kept: true, paths: ['wide'] });
    const map = (await readOrganisationConfidence(file))!;
    expect(map.maps.wide!.length).toBeGreaterThan(0);
    expect(map.maps.phone).toEqual([]);
    expect(refit.candidate!.brier).toBeLessThan(refit.current!.brier);
  }, 60_000);

  it('learns only from drafts it can label honestly', async () => {
    const s = await privateDb();
    const ids: string[] = [];
    for (let n = 0; n < 40; n++) ids.push(await fileDraft(s, n, draftFor(n)));
    // An addendum, the newest note of all, is new text, not what the draft was corrected into.
    const original = await s.db.document.findFirstOrThrow({ where: { dictationId: ids[35] } });
    await s.db.document.create({
      data: {
        ...original,
        id: undefined,
        number: `${original.number}-A1`,
        kind: 'ADDENDUM',
        parentId: original.id,
        text: 'addendum the potassium came back normal',
        finalizedAt: new Date(Date.UTC(2026, 0, 2)),
      },
    });
    // Another engine's draft, one without a confidence per word (stored before the column, or
    // lying), and a note pasted in far beyond its recording: none of them is labelled.
    await fileDraft(s, 100, { ...draftFor(100), engine: 'openai' });
    await fileDraft(s, 101, { ...draftFor(101), draftConfidences: [0.5] });
    const pasted = `${'lorem ipsum '.repeat(60_000)}`;
    await fileDraft(s, 102, {
      note: pasted,
      draft: Array.from({ length: 200 }, () => ({ text: 'lorem', confidence: 0.9 })),
    });
    // A dictation transcribed twice: the note was corrected from the second run's draft. Older
    // than the rest, so it is in the fit, not the held-back drafts.
    const rerun = draftFor(103);
    await fileDraft(s, -1, {
      note: rerun.note,
      draft: rerun.draft,
      earlierRun: rerun.draft.map(() => ({ text: 'wrong', confidence: 0.99 })),
    });
    const file = await mapFile();
    const refit = await refitConfidenceFromCorrections(s.db, { file });
    // 40 + the re-run labelled; the mismatched and the pasted ones skipped; openai's not counted.
    expect(refit).toMatchObject({ kept: true, drafts: 41, skippedDrafts: 2 });
    // The newest ten drafts are held back, 7 wrong words each against their original notes.
    expect(refit.current).toMatchObject({ words: 10 * WORDS, wrong: 70 });
    // The re-run's first draft (all wrong at 0.99) would have put wrong words at the top: it did not.
    const map = (await readOrganisationConfidence(file))!;
    // Every draft's confident words are right 31 times in 32.
    expect(map.maps.wide!.at(-1)!.p).toBeCloseTo(31 / 32, 3);
  }, 60_000);

  it('the refresh job puts its decision on the audit trail, counts and scores only', async () => {
    const s = await privateDb();
    for (let n = 0; n < 40; n++) await fileDraft(s, n, draftFor(n));
    const modelDir = path.join(await mkdtemp(path.join(tmpdir(), 'dictum-refit-job-')), 'model');
    const ctx = createWorkerContext(
      loadConfig({ ...process.env, DATABASE_URL: s.url, ASR_ENGINE: 'local', ASR_MODEL_DIR: modelDir }),
    );
    stop.push(() => closeWorkerContext(ctx));
    await refitConfidenceMap(ctx, createLogger('silent'));
    const audit = await s.db.auditEvent.findFirstOrThrow({
      where: { action: 'speech_model.confidence_refitted' },
    });
    const map = await readOrganisationConfidence(confidenceMapFile(modelDir));
    expect(audit).toMatchObject({
      username: 'system:speech-model-refresh',
      objectType: 'speech_model',
      objectId: map!.id,
    });
    expect(audit.details).toMatchObject({ kept: true, fitWords: 30 * WORDS });
    expect(JSON.stringify(audit.details)).not.toMatch(/t\d+x\d+|zz\d+/);
  }, 60_000);

  it('a map file that is not a well-formed map, or sits on other shipped maps, is not used', async () => {
    const file = await mapFile();
    for (const bad of [
      'not json',
      JSON.stringify({ id: 'x', maps: {} }),
      JSON.stringify({ id: 'x', maps: { base: [{ raw: 0.5, p: 1.5 }] } }),
      JSON.stringify({
        id: 'x',
        maps: {
          base: [
            { raw: 0.9, p: 0.5 },
            { raw: 0.1, p: 0.6 },
          ],
        },
      }),
      JSON.stringify({ id: 'x', maps: { base: [], room: 'everything' } }),
    ]) {
      await writeFile(file, bad);
      expect(await readOrganisationConfidence(file)).toBeNull();
    }
    const ok = {
      id: 'ok',
      shippedCalibration: SHIPPED_CALIBRATION_ID,
      maps: { base: [{ raw: 0.5, p: 0.2 }] },
    };
    await writeFile(file, JSON.stringify(ok));
    expect((await readOrganisationConfidence(file))?.id).toBe('ok');
    // Fitted over other shipped maps (an older release's): what its inputs meant has changed.
    await writeFile(file, JSON.stringify({ ...ok, shippedCalibration: 'an-older-one' }));
    expect(await readOrganisationConfidence(file)).toBeNull();
  });
});
