import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { POCKETSPHINX_CALIBRATION } from '@dictum/core/capability/asr/confidence-calibration';
import type { RecognizedWord, Transcription } from '@dictum/core/capability/asr/engine';
import { LocalPocketsphinxEngine } from '@dictum/core/capability/asr/local-engine';
import {
  type AuthorDocument,
  type AuthorRefreshResult,
  refreshAuthorModel,
} from '@dictum/core/capability/asr/model/author-models';
import { lmTokens, readAsrModel } from '@dictum/core/capability/asr/model/build-model';
import type {
  HeldBackRecording,
  RecordingJudge,
} from '@dictum/core/capability/asr/model/held-back-recordings';
import { rebuildAndPromote } from '@dictum/core/capability/asr/model/learn-from-corrections';
import { arpaPerplexity } from '@dictum/core/capability/asr/model/ngram-lm';
import { formatDraft } from '@dictum/core/capability/formatting/format-draft';
import { devScripts } from '../../asr-corpus/dev';
import { heldoutScripts } from '../../asr-corpus/heldout';
import { unseenScripts } from '../../asr-corpus/unseen';
import { authorAcousticModel } from './authors-acoustic';
import { generateNotes, loadAuthors, notesOverlap, type SimulatedAuthor } from './authors-corpus';
import { alignCorrect, flagStats, type LabelledWord } from './calibration';
import { type Score, score, spokenTokens, termScore, writtenTokens } from './normalize';
import { pool } from './pool';
import { cachedSpeech } from './speech-cache';

// `npm run eval:asr-authors` (issue 17): per-author adaptation measured on audio. Simulated authors
// (bench/asr-corpus/authors.json) each get generated "finalized notes" in their own style and a
// few evaluation dictations read by their own festival voice. The global model is rebuilt from all
// authors' notes by the global refresh's own code (rebuildAndPromote), each author's model by the
// per-author refresh's own code (refreshAuthorModel, promotion rule included); every dictation is
// decoded by the engine once without its author (global model) and once with it (the author's
// model when one was promoted), exactly as the transcription job would.
//
//   npm run eval:asr-authors [-- --notes 40] [--jobs 2] [--author-weights 3,10,30] [--acoustic 20]
//                            [--work-dir DIR] [--no-decode] [--judge-on-perplexity]
//
// The refresh judges each candidate as the worker does: on the held-back notes' recordings (here
// read by the author's voice), decoded with both models; --judge-on-perplexity judges on the notes'
// text alone, as the worker does when their audio is gone.
//
// Writes bench/results/asr-authors.json and prints the tables for docs/asr-quality.md.

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const NOTES = Number(arg('notes') ?? 40);
const jobs = Number(arg('jobs') ?? 2);
const authorWeights = arg('author-weights')?.split(',').map(Number);
const acousticUtterances = Number(arg('acoustic') ?? 0);
const workDir = path.resolve(arg('work-dir') ?? '.data/asr-eval-authors');

/** The engine only takes author ids that look like the database's (UUIDs). */
const authorUuid = (id: string) => {
  const h = createHash('sha256').update(id).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

interface Decoded {
  author: string;
  dictation: string;
  model: string;
  raw: string;
  formatted: string;
  written: Score;
  spoken: Score;
  terms: Score;
  durationSec: number;
  engineSeconds: number;
  labelled: LabelledWord[];
}

/** Each recognised word with its raw confidence, right when every token of it aligns with what was said. */
function labelled(spoken: string, words: RecognizedWord[]): LabelledWord[] {
  const owners = words.flatMap((w, i) => spokenTokens(w.text).map(() => i));
  const ok = alignCorrect(
    spokenTokens(spoken),
    words.flatMap((w) => spokenTokens(w.text)),
  );
  return words.map((w, i) => ({
    confidence: w.confidence,
    correct: owners.every((o, k) => o !== i || ok[k]),
  }));
}

const authors = loadAuthors();
const evalTexts = authors.flatMap((a) => a.dictations.map((d) => d.spoken));
const started = performance.now();

// Notes, newest first, interleaved across authors (so the global hold-back takes some of each).
const notes = new Map<SimulatedAuthor, string[]>();
const spokenNotes = new Map<SimulatedAuthor, string[]>();
for (const [i, a] of authors.entries()) {
  const generated = generateNotes(a, NOTES, 1000 + i, evalTexts);
  const overlap = notesOverlap(
    generated.written,
    a.dictations.map((d) => d.spoken),
  );
  console.log(
    `${a.id}: ${NOTES} notes, ${generated.spoken.join(' ').split(/\s+/).length} words; ${generated.dropped} generated sentences dropped for a 6-word run shared with an evaluation dictation; word 4-grams of the dictations in the notes: ${overlap.shared}/${overlap.evaluationNgrams} (${(overlap.share * 100).toFixed(1)}%), ${overlap.leakedSentences.length} sentences mostly contained, e.g. ${overlap.examples.slice(0, 3).join(' | ')}`,
  );
  notes.set(a, generated.written);
  spokenNotes.set(a, generated.spoken);
}
const documents: AuthorDocument[] = [];
// A note's "dictation" is its spoken form, read by its author's voice when the refresh asks for it.
const dictationOf = new Map<string, { author: SimulatedAuthor; spoken: string }>();
for (let n = 0; n < NOTES; n++)
  for (const a of authors) {
    const dictationId = `${a.id}/${n}`;
    dictationOf.set(dictationId, { author: a, spoken: spokenNotes.get(a)![n]! });
    documents.push({ text: notes.get(a)![n]!, authorId: authorUuid(a.id), dictationId });
  }

// The same build inputs as eval:asr's medical model, and nothing of any evaluation text.
const buildInputs = {
  extraSentences: devScripts.map((s) => s.spoken),
  exclude: [...heldoutScripts, ...unseenScripts].map((s) => s.spoken).concat(evalTexts),
};
const modelDir = path.join(workDir, 'global');
const authorsDir = path.join(workDir, 'authors');
await rm(modelDir, { recursive: true, force: true });
await rm(authorsDir, { recursive: true, force: true });
const holdOut = Math.max(1, Math.round(documents.length * 0.1));
const global = await rebuildAndPromote({
  ...buildInputs,
  modelDir,
  documents: documents.slice(holdOut).map((d) => d.text),
  evaluation: documents.slice(0, holdOut).map((d) => d.text),
});
console.log(`global model ${global.candidate?.id ?? '(unchanged)'}: ${global.reason}`);

// The worker's judge reads stored audio; this one synthesises it. Both decode with the model under
// test as the medical model (here without channel models, like the evaluation decodes below).
const judgeEngines = new Map<string, LocalPocketsphinxEngine>();
const judge: RecordingJudge = {
  async recordings(heldBack, maxSeconds) {
    const out: HeldBackRecording[] = [];
    let seconds = 0;
    for (const note of heldBack) {
      const source = note.dictationId ? dictationOf.get(note.dictationId) : undefined;
      if (!source) continue;
      const audio = await cachedSpeech(workDir, source.spoken, source.author.voice, 'wav');
      if (seconds + audio.durationSec > maxSeconds) continue;
      seconds += audio.durationSec;
      out.push({ wavPath: audio.wav, finalText: note.text, durationSec: audio.durationSec });
    }
    return out;
  },
  async draft(dir, recording) {
    let engine = judgeEngines.get(dir);
    if (!engine) {
      engine = new LocalPocketsphinxEngine({
        timeoutFactor: 30,
        calibration: { base: [] },
        medicalModelDir: dir,
      });
      judgeEngines.set(dir, engine);
    }
    return formatDraft(
      (await engine.transcribe(recording.wavPath, { durationSec: recording.durationSec })).words,
    ).text;
  },
};

const refreshed = new Map<SimulatedAuthor, AuthorRefreshResult>();
for (const a of authors) {
  const result = await refreshAuthorModel({
    ...buildInputs,
    modelDir,
    authorsDir,
    authorId: authorUuid(a.id),
    documents,
    documentWeights: authorWeights,
    ...(!process.argv.includes('--judge-on-perplexity') && { judge }),
  });
  if (!result) throw new Error('no global model');
  refreshed.set(a, result);
  console.log(
    `${a.id}: ${result.promoted ? 'promoted' : 'not promoted'} (${result.reason}; held-back perplexity ${result.perplexity.baseline?.toFixed(1)} → ${result.perplexity.candidate.toFixed(1)})`,
  );
}
console.log(`models built in ${((performance.now() - started) / 1000).toFixed(0)} s`);

// A cheap look before decoding: how well each model predicts the author's evaluation dictations.
const dictationPerplexity = new Map<SimulatedAuthor, { global: number; author: number | null }>();
const globalLm = await readFile((await readAsrModel(modelDir))!.lm, 'utf8');
for (const a of authors) {
  const sentences = a.dictations.map((d) => lmTokens(d.spoken));
  const own = await readAsrModel(path.join(authorsDir, authorUuid(a.id)));
  const entry = {
    global: arpaPerplexity(globalLm, sentences),
    author: own ? arpaPerplexity(await readFile(own.lm, 'utf8'), sentences) : null,
  };
  dictationPerplexity.set(a, entry);
  console.log(
    `${a.id}: perplexity of the evaluation dictations, global ${entry.global.toFixed(1)}, author ${entry.author?.toFixed(1) ?? '(no model)'}`,
  );
}
if (process.argv.includes('--no-decode')) process.exit(0);

// Decoding: the engine picks the author's folder when the dictation has an author and one is there.
const engine = new LocalPocketsphinxEngine({
  timeoutFactor: 30,
  calibration: { base: [] },
  medicalModelDir: modelDir,
  authorModelsDir: authorsDir,
});
// --acoustic N: also an acoustic model adapted to each author from N of their older dictations.
const speakerModels = new Map<SimulatedAuthor, string>();
if (acousticUtterances > 0) {
  for (const a of authors) {
    const lm =
      (await readAsrModel(path.join(authorsDir, authorUuid(a.id)))) ?? (await readAsrModel(modelDir))!;
    const t = performance.now();
    const dir = await authorAcousticModel({
      outDir: path.resolve(`.data/asr-eval-authors-acoustic/${a.id}-${acousticUtterances}`),
      voice: a.voice,
      notes: [...spokenNotes.get(a)!].reverse(),
      utterances: acousticUtterances,
      dict: lm.dict,
    });
    speakerModels.set(a, dir);
    console.log(`${a.id}: acoustic model ${dir} (${((performance.now() - t) / 1000).toFixed(0)} s)`);
  }
}
type Kind = 'global' | 'author' | 'speaker';
const kinds: Kind[] = ['global', 'author', ...(speakerModels.size ? (['speaker'] as const) : [])];
// With no promoted model the author gets the global model: that decode is the same as the first.
const tasks = authors.flatMap((a) =>
  a.dictations.flatMap((d) =>
    kinds.filter((kind) => kind !== 'author' || refreshed.get(a)!.promoted).map((kind) => ({ a, d, kind })),
  ),
);
const decoded: (Decoded & { kind: Kind })[] = [];
// Decodes are cached by audio (its file name hashes text and voice) and model ids (a language
// model's id hashes its files), so a run that changes only the author models decodes only with them.
const decodeCache = path.resolve('.data/asr-eval-authors-decodes');
await mkdir(decodeCache, { recursive: true });
async function transcribe(
  a: SimulatedAuthor,
  kind: Kind,
  wav: string,
  durationSec: number,
): Promise<Transcription> {
  const authorId = kind === 'global' ? undefined : authorUuid(a.id);
  const own = authorId ? await readAsrModel(path.join(authorsDir, authorId)) : null;
  const model = own ?? (await readAsrModel(modelDir))!;
  const hmm = kind === 'speaker' ? speakerModels.get(a)! : undefined;
  const hmmId = hmm ? JSON.parse(await readFile(path.join(hmm, 'channel.json'), 'utf8')).id : '';
  const key = createHash('sha256')
    .update(JSON.stringify([path.basename(wav), model.manifest.id, hmmId]))
    .digest('hex')
    .slice(0, 20);
  const file = path.join(decodeCache, `${key}.json`);
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Transcription;
  const tr = hmm
    ? await new LocalPocketsphinxEngine({
        timeoutFactor: 30,
        calibration: { base: [] },
        hmm,
        dict: model.dict,
        lm: model.lm,
        extraArgs: model.manifest.decoderArgs,
        modelName: `en-us@${hmmId}+medical@${model.manifest.id}`,
      }).transcribe(wav, { durationSec })
    : await engine.transcribe(wav, { durationSec, authorId });
  await writeFile(file, JSON.stringify(tr));
  return tr;
}
await pool(tasks, jobs, async ({ a, d, kind }) => {
  const audio = await cachedSpeech(workDir, d.spoken, a.voice, 'wav');
  const tr = await transcribe(a, kind, audio.wav, audio.durationSec);
  const formatted = formatDraft(tr.words).text;
  const hyp = writtenTokens(formatted);
  decoded.push({
    author: a.id,
    dictation: d.id,
    kind,
    model: tr.model,
    raw: tr.text,
    formatted,
    written: score(writtenTokens(d.written), hyp),
    spoken: score(spokenTokens(d.spoken), spokenTokens(tr.text)),
    terms: termScore(d.terms, hyp),
    labelled: labelled(d.spoken, tr.words),
    durationSec: audio.durationSec,
    engineSeconds: tr.engineSeconds,
  });
  console.log(`${d.id} ${kind}: ${tr.model} ${tr.engineSeconds.toFixed(0)} s`);
});

const rate = (rs: Decoded[], key: 'written' | 'spoken' | 'terms') => {
  const words = rs.reduce((n, r) => n + r[key].words, 0);
  return words ? rs.reduce((n, r) => n + r[key].errors, 0) / words : 0;
};
const f3 = (x: number) => x.toFixed(3);
const speakerCols = speakerModels.size
  ? ' | written WER, author LM + speaker-adapted acoustic model |'
  : ' |';
const rows = [
  `| author | specialty | voice | notes (held back) | weight | held-back perplexity, global → author | dictation perplexity, global → author | promoted | dictations | audio s | written WER before | written WER after | spoken WER before → after | term error before → after${speakerCols}`,
  `|---|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|${speakerModels.size ? '---:|' : ''}`,
];
const pooled: { before: Decoded[]; after: Decoded[]; speaker: Decoded[] } = {
  before: [],
  after: [],
  speaker: [],
};
const cells = (before: Decoded[], after: Decoded[], speaker: Decoded[]) =>
  `${before.length} | ${before.reduce((n, x) => n + x.durationSec, 0).toFixed(0)} | ${f3(rate(before, 'written'))} | **${f3(rate(after, 'written'))}** | ${f3(rate(before, 'spoken'))} → ${f3(rate(after, 'spoken'))} | ${f3(rate(before, 'terms'))} → ${f3(rate(after, 'terms'))}${speaker.length ? ` | ${f3(rate(speaker, 'written'))}` : ''} |`;
for (const a of authors) {
  const r = refreshed.get(a)!;
  const of = (kind: Kind) => decoded.filter((x) => x.author === a.id && x.kind === kind);
  const before = of('global');
  const after = r.promoted ? of('author') : before;
  const speaker = of('speaker');
  pooled.before.push(...before);
  pooled.after.push(...after);
  pooled.speaker.push(...speaker);
  const ppl = dictationPerplexity.get(a)!;
  rows.push(
    `| ${a.id.replace('author-', '')} | ${a.specialty} | ${a.voice} | ${r.trainingDocuments + r.evaluationDocuments} (${r.evaluationDocuments}) | ${r.documentWeight} | ${r.perplexity.baseline?.toFixed(1) ?? '–'} → ${r.perplexity.candidate.toFixed(1)} | ${ppl.global.toFixed(0)} → ${ppl.author?.toFixed(0) ?? '–'} | ${r.promoted ? 'yes' : 'no'} | ${cells(before, after, speaker)}`,
  );
}
rows.push(`| all | | | | | | | | ${cells(pooled.before, pooled.after, pooled.speaker)}`);
console.log(`\n${rows.join('\n')}\n`);
// A third check of the confidence calibration: dictations no model has seen, global model.
const words = pooled.before.flatMap((r) => r.labelled);
for (const [name, points] of [
  ['raw', []],
  // Debian's acoustic model decodes here (no channel models): the base map.
  ['calibrated', POCKETSPHINX_CALIBRATION.base],
] as const) {
  const f = flagStats(words, 0.6, points);
  console.log(
    `flag at 0.6, ${name}: ${f.words} words, ${f.wrong} wrong, ${f.flagged} flagged, precision ${f3(f.precision)}, recall ${f3(f.recall)}`,
  );
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
await mkdir('bench/results', { recursive: true });
await writeFile(
  'bench/results/asr-authors.json',
  JSON.stringify(
    {
      when: new Date().toISOString(),
      global: { id: global.candidate?.id ?? null, reason: global.reason },
      authors: authors.map((a) => ({ id: a.id, ...refreshed.get(a) })),
      decoded,
    },
    null,
    2,
  ),
);
