import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CHANNEL_TAGS, type ChannelTag } from '@dictum/core/capability/asr/channel-files';
import type { CalibrationMaps, CalibrationPoint } from '@dictum/core/capability/asr/confidence';
import { POCKETSPHINX_CALIBRATION } from '@dictum/core/capability/asr/confidence-calibration';
import type { AsrEngine } from '@dictum/core/capability/asr/engine';
import { LocalPocketsphinxEngine } from '@dictum/core/capability/asr/local-engine';
import { buildAsrModel, readAsrModel } from '@dictum/core/capability/asr/model/build-model';
import { readChannelManifest } from '@dictum/core/capability/asr/model/channel-model';
import { OpenAiEngine } from '@dictum/core/capability/asr/openai-engine';
import { type DecodingPath, decodingPathOf } from '@dictum/core/capability/asr/organisation-confidence';
import { formatDraft } from '@dictum/core/capability/formatting/format-draft';
import type { SpeechFormat } from '../../tests/support/synthesize-speech';
import { devScripts } from '../asr-corpus/dev';
import { heldoutScripts } from '../asr-corpus/heldout';
import type { CorpusScript } from '../asr-corpus/types';
import { unseenScripts } from '../asr-corpus/unseen';
import { alignCorrect, fitCalibration, flagStats, type LabelledWord } from './asr-eval/calibration';
import {
  CONDITION_LABELS,
  CONDITIONS,
  type Condition,
  degradedCopy,
  EXTRA_CONDITIONS,
  ffmpeg,
} from './asr-eval/conditions';
import { type Score, score, spokenTokens, termScore, writtenTokens } from './asr-eval/normalize';
import { organisationRefitReport } from './asr-eval/organisation-refit';
import { type AdaptedChannel, buildAdaptedModel, installedModelAction } from './asr-eval/phone-adaptation';
import { pool } from './asr-eval/pool';
import { cachedSpeech } from './asr-eval/speech-cache';
import type { WideFamily } from './asr-eval/wide-conditions';

// `npm run eval:asr` (issue 7): synthesises the project's dictation corpus with several festival
// voices and formats (cached), runs the engines over it and reports word error rates — raw output
// against what was said, raw and formatted output against the written note, and the medical-term
// error rate — for the dev, held-out and unseen sets, on clean audio and under four recording
// conditions (issue 17: phone line, noisy room, fast talker, reverberant office; asr-eval/conditions.ts).
// Results go to docs/asr-quality.md (between its markers) and bench/results/asr-eval.json.
//
//   npm run eval:asr [-- --set dev|heldout|unseen|all] [--engines en-us,medical,openai] [--no-doc]
//                    [--conditions clean,phone,noisy,fast,reverb] [--limit N] [--variants 1]
//                    [--no-channel]   (no telephone-adapted model: the "before" of issue 17)
//                    [--phone-model-dir DIR] [--wide-model-dir DIR] [--no-wide] [--hmm DIR]
//                    [--noise-model-dir DIR] [--room-model-dir DIR]
//                    [--no-condition-models]   (no noise or room model: the wide-band one decodes both)
//                    [--no-denoise]   (steady-noise audio is decoded as it is)
//                    [--no-dereverb]   (reverberant audio is decoded as it is)
//                    [--speaker-adaptation]   (two passes, MLLR to each recording between them)
//                    [--no-recording-cmn]   (the decoder starts from the model's cepstral mean, as before)
//                    [--wpe '{"taps":20}']   (dereverberation settings, audio/wpe.ts; a room model
//                                             built by this run is adapted with the same)
//                    [--denoising '{"maxReductionDb":18}']   (denoiser settings, audio/spectral-denoise.ts;
//                                             likewise for a noise model built by this run)
//                    [--enhance FILTER]   (an ffmpeg filter over every file before decoding)
//                    [--adaptation-texts N]   (adaptation utterances for channel models built here)
//                    [--adaptation-copies N]  (at most N degraded copies per utterance there)
//                    [--adapt-from DIR]   (the acoustic model those are adapted from; Debian's en-us by default)
//                    [--adaptation-voices kal_diphone,espeak-ng]   (their voices; the recipe's by default)
//                    [--wide-families codec,tempo]   (the wide-band model's degradations; wide-conditions.ts)
//                    [--model-dir DIR] [--domain-weight x] [--background-weight y] [--jobs 2]
//                    [--no-background-ngrams]   (general English as unigrams only: the model before)
//                    [--unseen-dev]   (build the model without the dev scripts: for tuning)
//                    [--decoder-args "-lw 9"]   (pocketsphinx options instead of the model's own)
//
// The medical model is built here from the corpus (dev only, never held-out) into
// .data/asr-eval/model, without the organisation's vocabulary, so the numbers are reproducible.
// openai runs only when OPENAI_API_KEY is set (OPENAI_BASE_URL for a compatible server).

const VOICES = ['cmu_us_slt_arctic_hts', 'kal_diphone', 'ked_diphone'];
const FORMATS: SpeechFormat[] = ['wav', 'mp3', 'ogg'];
// --variants 1: one voice/format per script (for quicker runs).
const VARIANTS_PER_SCRIPT = Number(process.argv[process.argv.indexOf('--variants') + 1]) || 2;

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
/** A count option: absent, or a whole number ≥ 1 (`--adaptation-copies abc` would build a model from nothing). */
const countArg = (name: string): number | undefined => {
  const value = arg(name);
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) {
    console.error(`--${name} takes a whole number of at least 1, not "${value}"`);
    process.exit(2);
  }
  return Number(value);
};
const setArg = arg('set') ?? 'all';
const engineNames = (arg('engines') ?? 'en-us,medical,openai').split(',');
const jobs = Number(arg('jobs') ?? Math.max(1, Math.min(2, os.cpus().length)));
const workDir = path.resolve('.data/asr-eval');
// --conditions clean,phone,noisy,fast,reverb (default all): recording conditions (asr-eval/conditions.ts).
const conditions = (arg('conditions') ?? CONDITIONS.join(',')).split(',') as Condition[];
for (const c of conditions)
  if (![...CONDITIONS, ...EXTRA_CONDITIONS].includes(c)) throw new Error(`unknown condition ${c}`);
/** The issue's four degraded conditions, pooled as "degraded overall". */
const isPooled = (c: Condition) => c !== 'clean' && !(EXTRA_CONDITIONS as readonly string[]).includes(c);
// --limit N: the first N scripts of each set only (for iterating on a subset).
const limit = arg('limit') ? Number(arg('limit')) : Number.POSITIVE_INFINITY;

type CorpusSet = 'dev' | 'heldout' | 'unseen';
const SETS: CorpusSet[] = ['dev', 'heldout', 'unseen'];

interface Utterance {
  script: CorpusScript;
  set: CorpusSet;
  condition: Condition;
  voice: string;
  format: SpeechFormat;
  wav: string;
  durationSec: number;
}

interface Result {
  id: string;
  set: CorpusSet;
  condition: Condition;
  voice: string;
  format: string;
  engine: string;
  raw: string;
  formatted: string;
  spoken: Score;
  writtenRaw: Score;
  written: Score;
  terms: Score;
  engineSeconds: number;
  durationSec: number;
  /** Each recognised word's raw confidence and whether it was right (for calibration). */
  labelled: LabelledWord[];
  /** The acoustic model the engine chose (its channel tag), or base for Debian's. */
  path: CalibrationPath;
}

type CalibrationPath = DecodingPath;

async function prepareAudio(): Promise<Utterance[]> {
  // --set dev|heldout|unseen|all, or a list ("heldout,unseen").
  const sets = setArg === 'all' ? SETS : (setArg.split(',') as CorpusSet[]);
  const scripts = [
    ...(sets.includes('dev') ? devScripts.slice(0, limit).map((s) => ({ s, set: 'dev' as const })) : []),
    ...(sets.includes('heldout')
      ? heldoutScripts.slice(0, limit).map((s) => ({ s, set: 'heldout' as const }))
      : []),
    ...(sets.includes('unseen')
      ? unseenScripts.slice(0, limit).map((s) => ({ s, set: 'unseen' as const }))
      : []),
  ];
  await mkdir(path.join(workDir, 'audio'), { recursive: true });
  const plan: Omit<Utterance, 'wav' | 'durationSec' | 'condition'>[] = [];
  scripts.forEach(({ s, set }, n) => {
    for (let v = 0; v < VARIANTS_PER_SCRIPT; v++) {
      plan.push({
        script: s,
        set,
        voice: VOICES[(n + v) % VOICES.length]!,
        format: FORMATS[(n + 2 * v) % FORMATS.length]!,
      });
    }
  });
  const clean = await pool(plan, jobs, async (u) => ({
    ...u,
    ...(await cachedSpeech(workDir, u.script.spoken, u.voice, u.format)),
  }));
  // Babble's talkers: the first three dev dictations, one per voice (never a held-out or unseen one).
  const talkers = conditions.includes('babble')
    ? await Promise.all(
        VOICES.map(
          async (voice, i) => (await cachedSpeech(workDir, devScripts[i]!.spoken, voice, 'wav')).wav,
        ),
      )
    : [];
  const out: Utterance[] = [];
  for (const condition of conditions) {
    out.push(
      ...(await pool(clean, jobs, async (u) => ({
        ...u,
        condition,
        ...(condition === 'clean'
          ? { wav: u.wav, durationSec: u.durationSec }
          : await degradedCopy(
              u.wav,
              condition,
              path.join(workDir, 'degraded'),
              talkers.filter((t) => t !== u.wav),
            )),
      }))),
    );
  }
  return out;
}

async function engines(): Promise<{ label: string; engine: AsrEngine }[]> {
  const out: { label: string; engine: AsrEngine }[] = [];
  if (engineNames.includes('en-us'))
    out.push({
      label: 'pocketsphinx en-us (Debian model)',
      engine: new LocalPocketsphinxEngine({ timeoutFactor: 30, calibration: { base: [] } }),
    });
  if (engineNames.includes('medical')) {
    const dir = path.resolve(arg('model-dir') ?? path.join(workDir, 'model'));
    if (!arg('model-dir')) {
      const started = performance.now();
      // --unseen-dev: the dev scripts are left out of the training text too (and excluded like the
      // held-out set), so the dev set measures generalisation and can be used to tune the build.
      const unseenDev = process.argv.includes('--unseen-dev');
      await buildAsrModel({
        outDir: dir,
        extraSentences: unseenDev ? [] : devScripts.map((s) => s.spoken),
        exclude: [...heldoutScripts, ...unseenScripts, ...(unseenDev ? devScripts : [])].map((s) => s.spoken),
        domainWeight: arg('domain-weight') ? Number(arg('domain-weight')) : undefined,
        backgroundWeight: arg('background-weight') ? Number(arg('background-weight')) : undefined,
        backgroundNgrams: !process.argv.includes('--no-background-ngrams'),
      });
      console.log(`built the medical model in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    const model = await readAsrModel(dir);
    if (!model) throw new Error(`no model in ${dir}`);
    // Enhancement settings to measure: the engine and the condition models it builds use the same.
    const wpe = arg('wpe') ? JSON.parse(arg('wpe')!) : undefined;
    const denoising = arg('denoising') ? JSON.parse(arg('denoising')!) : undefined;
    // The channel-adapted acoustic models (telephone; multi-condition wide-band), built once from
    // synthesised adaptation speech (cached: delete the folder to rebuild); --no-channel decodes
    // every condition with the base model, --no-wide only wide-band audio.
    const channelDir = async (channel: AdaptedChannel): Promise<string | undefined> => {
      if (process.argv.includes('--no-channel') || arg('hmm')) return undefined;
      if (channel === 'wide' && process.argv.includes('--no-wide')) return undefined;
      if ((channel === 'noise' || channel === 'room') && process.argv.includes('--no-condition-models'))
        return undefined;
      const dir = path.resolve(arg(`${channel}-model-dir`) ?? path.join(workDir, `${channel}-model`));
      if (!existsSync(path.join(dir, 'channel.json'))) {
        const started = performance.now();
        await buildAdaptedModel({
          channel,
          outDir: dir,
          dict: model.dict,
          jobs,
          texts: countArg('adaptation-texts'),
          copies: countArg('adaptation-copies'),
          denoising,
          wpe,
          baseHmm: arg('adapt-from'),
          voices: arg('adaptation-voices')?.split(','),
          families: arg('wide-families')?.split(',') as WideFamily[] | undefined,
          log: (m) => console.log(m),
        });
        console.log(`built the ${channel} model in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      } else {
        // A model kept from an earlier run may predate the recipe's decoder settings; measurements
        // often edit them on purpose, so this says so rather than changing them.
        const built = await readChannelManifest(dir);
        if (installedModelAction(channel, built) !== 'keep')
          console.log(
            `note: the ${channel} model in ${dir} is not the recipe's as it stands (decoder settings ${JSON.stringify(built.decoderArgs ?? [])}, recipe ${built.recipe ?? 'none'})`,
          );
      }
      return dir;
    };
    const phoneDir = await channelDir('phone');
    const wideDir = await channelDir('wide');
    const noiseDir = await channelDir('noise');
    const roomDir = await channelDir('room');
    out.push({
      label: 'pocketsphinx en-us + medical model',
      engine: new LocalPocketsphinxEngine({
        // A machine shared with other work can run far slower than real time: no timeouts here.
        timeoutFactor: 30,
        // Raw posteriors: the evaluation fits and checks the calibration itself.
        calibration: { base: [] },
        hmm: arg('hmm'),
        phoneModelDir: phoneDir,
        wideModelDir: wideDir,
        noiseModelDir: noiseDir,
        roomModelDir: roomDir,
        denoise: !process.argv.includes('--no-denoise'),
        dereverb: !process.argv.includes('--no-dereverb'),
        speakerAdaptation: process.argv.includes('--speaker-adaptation'),
        recordingCmn: !process.argv.includes('--no-recording-cmn'),
        wpe,
        denoising,
        dict: model.dict,
        lm: model.decoderLm,
        modelName: `en-us+medical@${model.manifest.id}`,
        // The model's settings, then the channel model's, as in the service; --decoder-args over both.
        modelDecoderArgs: model.manifest.decoderArgs ?? [],
        extraArgs: arg('decoder-args')?.split(' ').filter(Boolean) ?? [],
      }),
    });
  }
  if (engineNames.includes('openai') && process.env.OPENAI_API_KEY) {
    out.push({
      label: `openai ${process.env.OPENAI_TRANSCRIBE_MODEL ?? 'whisper-1'}`,
      engine: new OpenAiEngine({
        apiKey: process.env.OPENAI_API_KEY,
        baseUrl: process.env.OPENAI_BASE_URL,
        model: process.env.OPENAI_TRANSCRIBE_MODEL ?? 'whisper-1',
        timeoutMs: 120_000,
        maxUploadBytes: 24 * 1024 * 1024,
      }),
    });
  }
  return out;
}

function sum(results: Result[], key: 'spoken' | 'writtenRaw' | 'written' | 'terms'): number {
  let errors = 0;
  let words = 0;
  for (const r of results) {
    errors += r[key].errors;
    words += r[key].words;
  }
  return words ? errors / words : 0;
}

const pct = (x: number) => x.toFixed(3);

function table(results: Result[], labels: string[]): string {
  const rows = [
    '| engine | set | utterances | audio min | RTF | WER raw vs spoken | WER raw vs written | WER formatted vs written | medical-term error |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const label of labels) {
    for (const set of SETS) {
      const rs = results.filter((r) => r.engine === label && r.set === set);
      if (!rs.length) continue;
      const audio = rs.reduce((n, r) => n + r.durationSec, 0);
      const engineSec = rs.reduce((n, r) => n + r.engineSeconds, 0);
      rows.push(
        `| ${label} | ${set} | ${rs.length} | ${(audio / 60).toFixed(1)} | ${(engineSec / audio).toFixed(2)} | ${pct(sum(rs, 'spoken'))} | ${pct(sum(rs, 'writtenRaw'))} | **${pct(sum(rs, 'written'))}** | ${pct(sum(rs, 'terms'))} |`,
      );
    }
  }
  return rows.join('\n');
}

function voiceTable(results: Result[], labels: string[]): string {
  const rows = [
    '| engine | voice | set | WER raw vs spoken | WER formatted vs written | medical-term error |',
    '|---|---|---|---:|---:|---:|',
  ];
  for (const label of labels) {
    for (const voice of VOICES) {
      for (const set of SETS) {
        const rs = results.filter((r) => r.engine === label && r.voice === voice && r.set === set);
        if (rs.length)
          rows.push(
            `| ${label} | ${voice} | ${set} | ${pct(sum(rs, 'spoken'))} | ${pct(sum(rs, 'written'))} | ${pct(sum(rs, 'terms'))} |`,
          );
      }
    }
  }
  return rows.join('\n');
}

/** Written-form WER of the formatted draft per recording condition; "degraded" pools the four. */
function conditionTable(results: Result[], labels: string[]): string {
  const shown = conditions.filter((c) => results.some((r) => r.condition === c));
  const degraded = shown.filter(isPooled);
  const rows = [
    `| engine | set | ${shown.join(' | ')}${degraded.length ? ' | degraded overall | worst degraded' : ''} |`,
    `|---|---|${shown.map(() => '---:').join('|')}${degraded.length ? '|---:|---:' : ''}|`,
  ];
  for (const label of labels) {
    for (const set of SETS) {
      const rs = results.filter((r) => r.engine === label && r.set === set);
      if (!rs.length) continue;
      const per = shown.map((c) =>
        sum(
          rs.filter((r) => r.condition === c),
          'written',
        ),
      );
      const cells = per.map(pct);
      if (degraded.length) {
        const d = rs.filter((r) => isPooled(r.condition));
        const worst = Math.max(...shown.map((c, i) => (isPooled(c) ? per[i]! : 0)));
        cells.push(`**${pct(sum(d, 'written'))}**`, pct(worst));
      }
      rows.push(`| ${label} | ${set} | ${cells.join(' | ')} |`);
    }
  }
  return rows.join('\n');
}

/** Each engine word right or wrong against what was said (a word is right when all its tokens are). */
function labelWords(spoken: string, words: { text: string; confidence: number }[]): LabelledWord[] {
  const tokens: string[] = [];
  const owner: number[] = [];
  for (const [i, w] of words.entries())
    for (const t of spokenTokens(w.text)) {
      tokens.push(t);
      owner.push(i);
    }
  const ok = alignCorrect(spokenTokens(spoken), tokens);
  const right = words.map(() => true);
  for (const [k, i] of owner.entries()) if (!ok[k]) right[i] = false;
  return words.map((w, i) => ({ confidence: w.confidence, correct: right[i]! }));
}

/**
 * A path gets its own map only with this many dev words and wrong words behind it; the pooled one
 * otherwise. Measured: the wide-band path's own map from 43 wrong words (of 775, clean and fast dev
 * audio) put its lowest bin at 0.64 and flagged nothing on the unseen prose, where 88 of its 588
 * words were wrong; the pooled map flags there. Again with the recording's own cepstral mean: maps
 * per path from 58–141 wrong dev words each flagged worse than the pooled map on both the held-out
 * and the unseen set (precision and Brier score; the phone path's flagged nothing), so a path needs
 * more wrong words than that; above it is not measured.
 */
const MIN_PATH_WORDS = 150;
const MIN_PATH_WRONG = 200;

/**
 * Fit on dev: one map per acoustic model the engine chose (phone, noise, room, wide), each from the
 * words decoded through it, and the pooled fit as `base` (Debian's model, and any path with too few
 * words). Reports the low-confidence flag per set and path, per-path maps against the pooled one.
 */
async function calibration(results: Result[]): Promise<string> {
  const devResults = results.filter((r) => r.set === 'dev');
  const dev = devResults.flatMap((r) => r.labelled);
  // Without dev words to fit on, the shipped maps are what is judged.
  const fit = fitCalibration(dev);
  const fittedHere = fit.length > 0;
  const pooled = fittedHere ? fit : POCKETSPHINX_CALIBRATION.base;
  const maps: CalibrationMaps = fittedHere ? { base: pooled } : POCKETSPHINX_CALIBRATION;
  for (const tag of fittedHere ? CHANNEL_TAGS : []) {
    const words = devResults.filter((r) => r.path === tag).flatMap((r) => r.labelled);
    if (words.length >= MIN_PATH_WORDS && words.filter((w) => !w.correct).length >= MIN_PATH_WRONG)
      maps[tag] = fitCalibration(words);
  }
  const fitted = (maps: CalibrationMaps) =>
    Object.entries(maps)
      .filter(([, points]) => points.length)
      .map(([tag, points]) => `${tag} (${points.map((p) => `${p.raw}→${p.p}`).join(', ')})`)
      .join('; ');
  if (process.argv.includes('--calibrate') && fittedHere) {
    const counts = ['base', ...CHANNEL_TAGS]
      .filter((tag) => tag === 'base' || maps[tag as ChannelTag])
      .map(
        (tag) =>
          `${tag} ${tag === 'base' ? dev.length : devResults.filter((r) => r.path === tag).flatMap((r) => r.labelled).length}`,
      )
      .join(', ');
    // In the formatter's own layout (biome), one point per line.
    const body = Object.entries(maps)
      .map(
        ([tag, points]) =>
          `  ${tag}: [\n${points.map((p) => `    { raw: ${p.raw}, p: ${p.p} },`).join('\n')}\n  ],`,
      )
      .join('\n');
    await writeFile(
      'core/src/capability/asr/confidence-calibration.ts',
      `import type { CalibrationMaps } from './confidence';\n\n// Written by \`npm run eval:asr -- --calibrate\` from the development set (words per acoustic model: ${counts}; ${new Date().toISOString().slice(0, 10)}); base is the pooled fit.\n${process.argv.includes('--unseen-dev') ? '// The dev scripts were left out of the model that decoded them (--unseen-dev): the fit sees dictations new to the model.\n' : ''}export const POCKETSPHINX_CALIBRATION: CalibrationMaps = {\n${body}\n};\n`,
    );
    console.log('core/src/capability/asr/confidence-calibration.ts written');
  }
  const rows = [
    '| set | path | words | wrong | threshold | flagged, raw | precision / recall, raw | flagged, pooled map | precision / recall, pooled map | flagged, per-path maps | precision / recall, per-path maps |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const flagRow = (set: string, tag: string, rs: Result[], threshold: number) => {
    const stats = (points: (r: Result) => CalibrationPoint[]) => {
      const fs = rs.map((r) => flagStats(r.labelled, threshold, points(r)));
      const words = fs.reduce((n, f) => n + f.words, 0);
      const wrong = fs.reduce((n, f) => n + f.wrong, 0);
      const flagged = fs.reduce((n, f) => n + f.flagged, 0);
      const hits = fs.reduce((n, f) => n + f.precision * f.flagged, 0);
      return {
        words,
        wrong,
        flagged,
        precision: flagged ? hits / flagged : 0,
        recall: wrong ? hits / wrong : 0,
      };
    };
    const raw = stats(() => []);
    const one = stats(() => pooled);
    const per = stats((r) => (r.path === 'base' ? maps.base : (maps[r.path] ?? maps.base)));
    const pr = (f: typeof raw) => `${pct(f.precision)} / ${pct(f.recall)}`;
    rows.push(
      `| ${set} | ${tag} | ${raw.words} | ${raw.wrong} | ${threshold} | ${raw.flagged} | ${pr(raw)} | ${one.flagged} | ${pr(one)} | ${per.flagged} | ${pr(per)} |`,
    );
  };
  for (const set of SETS) {
    const rs = results.filter((r) => r.set === set);
    if (!rs.length) continue;
    for (const threshold of [0.5, 0.6]) {
      flagRow(set, 'all', rs, threshold);
      for (const tag of ['base', ...CHANNEL_TAGS]) {
        const own = rs.filter((r) => r.path === tag);
        if (own.length && own.length < rs.length) flagRow(set, tag, own, threshold);
      }
    }
  }
  return [
    fittedHere
      ? `Calibration fitted on dev (${dev.length} words): ${fitted(maps)}.`
      : `No dev words to fit on: the shipped maps (confidence-calibration.ts) are judged: ${fitted(maps)}.`,
    '',
    rows.join('\n'),
    '',
    organisationRefitReport(
      results.filter((r) => r.set !== 'dev'),
      maps,
    ),
  ].join('\n');
}

const START = '<!-- eval:asr:start -->';
const END = '<!-- eval:asr:end -->';

async function writeDoc(block: string) {
  const doc = path.resolve('docs/asr-quality.md');
  let text = existsSync(doc) ? await readFile(doc, 'utf8') : `# ASR draft quality\n\n${START}\n${END}\n`;
  if (!text.includes(START)) text += `\n${START}\n${END}\n`;
  text = `${text.slice(0, text.indexOf(START) + START.length)}\n${block}\n${text.slice(text.indexOf(END))}`;
  await writeFile(doc, text);
}

// --enhance FILTER: an ffmpeg audio filter run over every file before decoding (cached), for
// measuring front-end speech enhancement against the engine as it is.
async function enhanced(wav: string): Promise<string> {
  const filter = arg('enhance');
  if (!filter) return wav;
  const key = createHash('sha256')
    .update(JSON.stringify([wav, filter]))
    .digest('hex')
    .slice(0, 20);
  const out = path.join(workDir, 'enhanced', `${key}.wav`);
  if (existsSync(out)) return out;
  await mkdir(path.dirname(out), { recursive: true });
  await ffmpeg(['-i', wav, '-af', filter, '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le', `${out}.tmp.wav`]);
  await rename(`${out}.tmp.wav`, out);
  return out;
}

const started = performance.now();
const utterances = await prepareAudio();
console.log(`${utterances.length} utterances ready (${((performance.now() - started) / 1000).toFixed(1)} s)`);
const results: Result[] = [];
const labels: string[] = [];
for (const { label, engine } of await engines()) {
  if (!(await engine.available())) {
    console.log(`${label}: not available, skipped`);
    continue;
  }
  labels.push(label);
  const t = performance.now();
  const rs = await pool(utterances, engine.name === 'openai' ? 1 : jobs, async (u): Promise<Result> => {
    const tr = await engine.transcribe(await enhanced(u.wav), { durationSec: u.durationSec });
    const formatted = formatDraft(tr.words);
    const hypWritten = writtenTokens(formatted.text);
    return {
      id: u.script.id,
      set: u.set,
      condition: u.condition,
      voice: u.voice,
      format: u.format,
      engine: label,
      raw: tr.text,
      formatted: formatted.text,
      spoken: score(spokenTokens(u.script.spoken), spokenTokens(tr.text)),
      writtenRaw: score(writtenTokens(u.script.written), writtenTokens(tr.text)),
      written: score(writtenTokens(u.script.written), hypWritten),
      terms: termScore(u.script.terms, hypWritten),
      labelled: labelWords(u.script.spoken, tr.words),
      path: decodingPathOf(tr.model),
      engineSeconds: tr.engineSeconds,
      durationSec: u.durationSec,
    };
  });
  results.push(...rs);
  console.log(`${label}: ${rs.length} utterances in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const cleanResults = results.filter((r) => r.condition === 'clean');
const summary = table(cleanResults, labels);
const byCondition = conditionTable(results, labels);
const calibrationBlock = await calibration(results);
console.log(`\n${summary}\n\n${byCondition}\n\n${calibrationBlock}\n`);
const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at the end (other work on the machine inflates RTF)`;
const block = [
  `Measured ${when} UTC on ${machine}; ${utterances.length} utterances (${VARIANTS_PER_SCRIPT} voice/format variants per script, ${conditions.length} recording conditions), total run ${((performance.now() - started) / 1000).toFixed(0)} s.`,
  '',
  'Clean audio:',
  '',
  summary,
  '',
  'Written-form WER of the formatted draft by recording condition (conditions: ' +
    conditions.map((c) => `${c} = ${CONDITION_LABELS[c]}`).join('; ') +
    '):',
  '',
  byCondition,
  '',
  'Low-confidence flag (a word flagged when its confidence is below the threshold; precision = flagged words that were wrong, recall = wrong words that were flagged):',
  '',
  calibrationBlock,
  '',
  'By voice (clean audio):',
  '',
  voiceTable(cleanResults, labels),
].join('\n');
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/asr-eval.json', JSON.stringify({ when, machine, results }, null, 2));
if (!process.argv.includes('--no-doc')) {
  await writeDoc(block);
  console.log('docs/asr-quality.md updated');
}
