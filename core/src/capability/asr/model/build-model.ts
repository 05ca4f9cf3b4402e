import { createHash, type Hash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { allMedicalTerms } from '../../../vocabulary/medical-terms';
import { runProcess } from '../../audio/run-process';
import { defaultAbbreviations } from '../../formatting/rules/abbreviations';
import { DEFAULT_POCKETSPHINX_MODEL_DIR } from '../local-engine';
import { backgroundNgrams, readBackgroundModel } from './background-lm';
import { type AsrModelManifest, MODEL_DICT, MODEL_LM, MODEL_LM_BIN, MODEL_MANIFEST } from './model-files';
import { buildArpa } from './ngram-lm';
import {
  evaluationSentences,
  measureOverlap,
  ngrams,
  type OverlapLimits,
  type OverlapReport,
  overlapProblems,
} from './overlap';
import { CMU_PHONES, LETTER_PHONES, pronounceWithEspeak } from './pronounce';
import { generateTrainingText } from './training-text';
import { verbalizeNote } from './verbalize';

export { type AsrModelManifest, readAsrModel } from './model-files';

// The local engine's medical model (issue 7), built from the project's own text — never a committed
// binary: a pronunciation dictionary (cmudict + medical terms + the organisation's vocabulary, with
// pronunciations from espeak-ng) and a trigram language model (ARPA) from generated dictation, the
// development corpus and, when given, finalized documents, mixed with general English.

export interface VocabularyEntry {
  term: string;
  /** CMU phones ("M EH T OW P R OW L OW L"); generated when absent or invalid. */
  pronunciation?: string | null;
  category?: string | null;
}

/**
 * Decoder settings for the model with general English's n-grams, measured on the dev set decoded by
 * a model built without the dev scripts (docs/asr-quality.md): `-lw 6.5` with weights 0.7 / 0.25
 * (clean 0.126 against 0.141 at the unigram model's 0.8 / 0.15 and `-lw 5`), then wider beams
 * (clean / noisy / reverberant 0.107 / 0.496 / 0.456 → 0.081 / 0.496 / 0.437, no slower here).
 */
export const NGRAM_DECODER_ARGS = [
  '-lw',
  '6.5',
  '-beam',
  '1e-60',
  '-wbeam',
  '1e-50',
  '-fwdflatbeam',
  '1e-80',
];

export interface BuildAsrModelOptions {
  outDir: string;
  /** Debian's pocketsphinx-en-us model directory (cmudict and en-us.lm.bin). */
  baseModelDir?: string;
  /** More spoken-form training text (the dev corpus), one dictation per item. */
  extraSentences?: string[];
  /** Finalized documents (written form): verbalized and added to the training text. */
  documents?: string[];
  /** The organisation's vocabulary (VocabularyTerm rows). */
  vocabulary?: VocabularyEntry[];
  /** Spoken texts that must not be in the training text (the evaluation sets). */
  exclude?: string[];
  /** Limits of the evaluation overlap check (overlap.ts); beyond them `heldoutOverlap` lists why. */
  overlapLimits?: OverlapLimits;
  /** How many generated dictation snippets. Default 30,000. */
  generatedCount?: number;
  seed?: number;
  /** Weight of the domain model vs general English (the background) and the lexicon. */
  domainWeight?: number;
  backgroundWeight?: number;
  /**
   * General English's bigrams and trigrams too, not only its unigrams (default true): free clinical
   * prose is mostly ordinary English phrasing the dictation templates never produce. A model
   * about 90 MB as ARPA; pass false for small throw-away models.
   */
  backgroundNgrams?: boolean;
  espeakBin?: string;
  /**
   * pocketsphinx options recorded in the manifest and used with this model. Default
   * NGRAM_DECODER_ARGS with general English's n-grams, `-lw 5` without them.
   */
  decoderArgs?: string[];
  log?: (message: string) => void;
  /**
   * Build in a child process (build-model-cli.ts): the build is CPU-bound for about 30 s, which
   * would stall a worker's other jobs and its queue locks if it ran on the worker's event loop.
   */
  inChildProcess?: boolean;
}

/** Spoken letter sequences the lexicon knows as one word ("b i d" → "b.i.d."), longest first. */
export function compoundWords(): { spoken: string[]; word: string; phones: string }[] {
  const out: { spoken: string[]; word: string; phones: string }[] = [];
  for (const a of defaultAbbreviations) {
    if (!a.letters) continue;
    const letters = a.spoken.split(' ');
    out.push({
      spoken: letters,
      word: a.written.toLowerCase(),
      phones: letters.map((l) => LETTER_PHONES[l]!).join(' '),
    });
  }
  out.push({ spoken: ['a', 'one', 'c'], word: 'a1c', phones: 'EY W AH N S IY' });
  out.push({ spoken: ['x', 'ray'], word: 'x-ray', phones: 'EH K S R EY' });
  out.push({ spoken: ['x', 'rays'], word: 'x-rays', phones: 'EH K S R EY Z' });
  return out.sort((a, b) => b.spoken.length - a.spoken.length);
}

const NUMBER_WORDS = new Set(
  'zero oh one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred'.split(
    ' ',
  ),
);

/** Spoken text → the word sequence the model is trained on (compounds joined, am/pm). */
export function lmTokens(text: string, compounds = compoundWords()): string[] {
  const words = text
    .toLowerCase()
    .replace(/[^a-z0-9'\s.-]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    if (
      (words[i] === 'a' || words[i] === 'p') &&
      words[i + 1] === 'm' &&
      NUMBER_WORDS.has(out.at(-1) ?? '')
    ) {
      out.push(`${words[i]}.m.`);
      i += 2;
      continue;
    }
    const c = compounds.find((x) => x.spoken.every((s, k) => words[i + k] === s));
    if (c) {
      out.push(c.word);
      i += c.spoken.length;
      continue;
    }
    out.push(words[i]!);
    i++;
  }
  return out;
}

async function readDict(file: string): Promise<Map<string, string[]>> {
  const dict = new Map<string, string[]>();
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    const m = /^(\S+?)(?:\(\d+\))?\s+(.+)$/.exec(line.trim());
    if (!m) continue;
    const list = dict.get(m[1]!) ?? [];
    list.push(m[2]!.trim());
    dict.set(m[1]!, list);
  }
  return dict;
}

function validPhones(p: string | null | undefined): string | null {
  if (!p) return null;
  const phones = p.trim().toUpperCase().split(/\s+/);
  return phones.length && phones.every((x) => CMU_PHONES.has(x)) ? phones.join(' ') : null;
}

/**
 * Builds the model into `outDir`, replacing what is there only once the new model is complete
 * (written to a scratch folder, then renamed). Returns the manifest.
 */
export async function buildAsrModel(options: BuildAsrModelOptions): Promise<AsrModelManifest> {
  if (options.inChildProcess) return buildInChildProcess(options);
  const log = options.log ?? (() => {});
  const base = options.baseModelDir ?? DEFAULT_POCKETSPHINX_MODEL_DIR;
  // Tuned on the dev set with the dev scripts left out of the training text (eval:asr --unseen-dev):
  // 0.8/0.15 and 0.9/0.07 score the same there, so the one that keeps more general English wins.
  const withNgrams = options.backgroundNgrams ?? true;
  const domainWeight = options.domainWeight ?? (withNgrams ? 0.7 : 0.8);
  const backgroundWeight = options.backgroundWeight ?? (withNgrams ? 0.25 : 0.15);
  const compounds = compoundWords();

  const baseDict = await readDict(path.join(base, 'cmudict-en-us.dict'));
  log(`base dictionary: ${baseDict.size} words`);

  // Training text.
  const generated = generateTrainingText(
    options.generatedCount ?? 30_000,
    options.seed ?? 7,
    options.vocabulary ?? [],
  );
  const documents = (options.documents ?? []).map((d) => verbalizeNote(d).join(' '));
  const texts = [...generated, ...(options.extraSentences ?? []), ...documents];
  const candidates = texts.map((t) => lmTokens(t, compounds)).filter((s) => s.length);

  // Evaluation sentences must not be in the training text. First measured as generated (word
  // 4-grams shared with the evaluation text, before any filtering, so the check can fail), then
  // any snippet that shares a run of six words with an evaluation sentence is dropped, and the
  // overlap of what is left is measured again: that is what the manifest records and the build
  // checks against the limits (overlap.ts).
  const evaluation = (options.exclude ?? []).map((t) => lmTokens(t, compounds));
  const overlapBeforeFilter = measureOverlap(candidates, evaluation, options.overlapLimits);
  const evalRuns = new Set<string>();
  for (const e of evaluation)
    for (const s of evaluationSentences(e)) for (const g of ngrams(s, 6)) evalRuns.add(g);
  const kept = candidates.filter((s) => !ngrams(s, 6).some((g) => evalRuns.has(g)));
  const droppedForHeldout = candidates.length - kept.length;
  if (evaluation.length)
    log(
      `evaluation overlap before filtering: ${overlapBeforeFilter.shared}/${overlapBeforeFilter.evaluationNgrams} word 4-grams (${(overlapBeforeFilter.share * 100).toFixed(1)}%), ${overlapBeforeFilter.leakedSentences.length} sentences mostly contained; dropped ${droppedForHeldout} snippets sharing a 6-word run`,
    );
  const sentences = kept;
  const overlap = measureOverlap(sentences, evaluation, options.overlapLimits);
  if (evaluation.length)
    log(
      `evaluation overlap after filtering: ${overlap.shared}/${overlap.evaluationNgrams} word 4-grams (${(overlap.share * 100).toFixed(1)}%), e.g. ${overlap.examples.slice(0, 3).join(' | ')}`,
    );
  const heldoutOverlap = overlapProblems(overlap, options.overlapLimits);

  // Lexicon: every word the model may output needs a pronunciation.
  const additions = new Map<string, string[]>();
  for (const c of compounds) if (!baseDict.has(c.word)) additions.set(c.word, [c.phones]);
  const vocabulary = options.vocabulary ?? [];
  const lexiconWords = new Set<string>();
  for (const term of [...allMedicalTerms(), ...vocabulary.map((v) => v.term)]) {
    for (const w of lmTokens(term, compounds)) lexiconWords.add(w);
  }
  for (const v of vocabulary) {
    const words = lmTokens(v.term, compounds);
    const phones = validPhones(v.pronunciation);
    if (words.length === 1 && phones) additions.set(words[0]!, [phones]);
  }
  const needed = new Set<string>(lexiconWords);
  for (const s of sentences) for (const w of s) needed.add(w);
  const missing = [...needed].filter((w) => !baseDict.has(w) && !additions.has(w));
  for (const w of missing.filter((x) => x.length === 1 && LETTER_PHONES[x]))
    additions.set(w, [LETTER_PHONES[w]!]);
  const toPronounce = missing.filter((w) => !additions.has(w) && /^[a-z][a-z'-]*$/.test(w));
  let generatedProns = new Map<string, string[][]>();
  try {
    generatedProns = await pronounceWithEspeak(toPronounce, options.espeakBin);
  } catch (error) {
    // Without espeak-ng (Debian package espeak-ng) the model still builds: words without a
    // pronunciation are left out of it.
    log(`espeak-ng failed (${(error as Error).message}); ${toPronounce.length} words get no pronunciation`);
  }
  for (const [w, prons] of generatedProns)
    additions.set(
      w,
      prons.map((p) => p.join(' ')),
    );
  const unpronounceable = [...needed].filter((w) => !baseDict.has(w) && !additions.has(w));
  if (unpronounceable.length)
    log(`no pronunciation for ${unpronounceable.length} words: ${unpronounceable.slice(0, 10).join(', ')}`);
  log(`lexicon: ${additions.size} added pronunciations (${generatedProns.size} from espeak-ng)`);

  const inDict = (w: string) => baseDict.has(w) || additions.has(w);
  const usable = sentences.filter((s) => s.every(inDict));
  const trainingWords = usable.reduce((n, s) => n + s.length, 0);
  log(`training text: ${usable.length} snippets, ${trainingWords} words (${documents.length} documents)`);

  // General English: the en-us model's unigrams, for words the dictionary can say.
  // (A loop, not a closure over `general`: that would keep the whole model alive while the text is
  // written and converted.)
  const general = await readBackgroundModel(path.join(base, 'en-us.lm.bin'));
  const background = new Map<string, number>();
  for (const [i, w] of general.words.entries())
    if (inDict(w) && !w.startsWith('<')) background.set(w, general.unigramProb[i]!);
  const built = buildArpa(usable, {
    domainWeight,
    backgroundWeight,
    background,
    backgroundNgrams: withNgrams
      ? backgroundNgrams(general, (w) => w === '<s>' || w === '</s>' || inDict(w))
      : undefined,
    lexicon: [...lexiconWords].filter(inDict),
  });
  log(`language model: ${built.counts.join(' / ')} n-grams`);

  // Dictionary: cmudict plus the additions, in cmudict's "word(2)" style for variants.
  const dictLines: string[] = [];
  const dictWords = new Map(baseDict);
  for (const [w, prons] of additions) if (!baseDict.has(w)) dictWords.set(w, prons);
  for (const w of [...dictWords.keys()].sort()) {
    for (const [n, p] of dictWords.get(w)!.entries())
      dictLines.push(`${n === 0 ? w : `${w}(${n + 1})`} ${p}`);
  }

  const outDir = path.resolve(options.outDir);
  await mkdir(path.dirname(outDir), { recursive: true });
  const scratch = `${outDir}.tmp-${randomUUID().slice(0, 8)}`;
  await mkdir(scratch, { recursive: true });
  try {
    await writeFile(path.join(scratch, MODEL_DICT), `${dictLines.join('\n')}\n`);
    // The ARPA text (about 90 MB with general English's n-grams) is generated as it is written, never
    // whole in memory; the model's id hashes it on the way, then the dictionary.
    const hash = createHash('sha256');
    await writeFile(path.join(scratch, MODEL_LM), hashing(built.chunks(), hash));
    const id = hash.update(dictLines.join('\n')).digest('hex').slice(0, 12);
    const manifest: AsrModelManifest = {
      id,
      createdAt: new Date().toISOString(),
      dict: MODEL_DICT,
      lm: MODEL_LM,
      sentences: usable.length,
      trainingWords,
      documents: documents.length,
      vocabularyTerms: vocabulary.length,
      addedPronunciations: additions.size,
      ngrams: built.counts,
      domainWeight,
      backgroundWeight,
      droppedForHeldout,
      heldoutOverlap,
      overlapBeforeFilter: summary(overlapBeforeFilter),
      overlapAfterFilter: summary(overlap),
      decoderArgs: options.decoderArgs ?? (withNgrams ? NGRAM_DECODER_ARGS : ['-lw', '5']),
    };
    if (await writeBinaryLm(path.join(scratch, MODEL_LM), path.join(scratch, MODEL_LM_BIN)))
      manifest.lmBin = MODEL_LM_BIN;
    else log('sphinx_lm_convert is not available: pocketsphinx will read the ARPA text (slower to load)');
    // The training text, for inspection — only when no patient documents are in it.
    if (!documents.length) {
      await writeFile(
        path.join(scratch, 'training-text.txt'),
        `${usable.map((s) => s.join(' ')).join('\n')}\n`,
      );
    }
    await writeFile(path.join(scratch, MODEL_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await replaceDir(scratch, outDir);
    return manifest;
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
}

/** Passes the chunks on, adding each to the hash. */
function* hashing(chunks: Iterable<string>, hash: Hash): Generator<string> {
  for (const chunk of chunks) {
    hash.update(chunk);
    yield chunk;
  }
}

const summary = (r: OverlapReport) => ({
  evaluationNgrams: r.evaluationNgrams,
  shared: r.shared,
  share: r.share,
  leakedSentences: r.leakedSentences.length,
});

/**
 * A folder for one refresh run's candidate beside `dir`: two runs at once (a stalled job retried
 * while the first still builds) never build into, judge or promote each other's half-written model.
 */
export function candidateDirFor(dir: string, label?: string): string {
  return `${dir}.candidate-${label ? `${label}-` : ''}${randomUUID().slice(0, 8)}`;
}

/** Candidates a killed run left beside `dir`: older than a day, when no run takes more than minutes. */
export async function removeStaleCandidates(dir: string, maxAgeMs = 86_400_000): Promise<void> {
  const prefix = `${path.basename(dir)}.candidate-`;
  const names = await readdir(path.dirname(dir)).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith(prefix))) {
    const folder = path.join(path.dirname(dir), name);
    const info = await stat(folder).catch(() => null);
    if (info && Date.now() - info.mtimeMs > maxAgeMs) await rm(folder, { recursive: true, force: true });
  }
}

/** Puts `from` in place of `to`; the old model stays usable until the rename. */
export async function replaceDir(from: string, to: string): Promise<void> {
  const old = `${to}.old-${randomUUID().slice(0, 8)}`;
  const had = existsSync(to);
  if (had) await rename(to, old);
  try {
    await rename(from, to);
  } catch (error) {
    if (had) await rename(old, to);
    throw error;
  }
  if (had) await rm(old, { recursive: true, force: true });
}

/** The ARPA model in sphinxbase's binary trie format (sphinxbase-utils), if the tool is there. */
async function writeBinaryLm(arpa: string, bin: string): Promise<boolean> {
  try {
    const run = await runProcess('sphinx_lm_convert', ['-i', arpa, '-o', bin], {
      timeoutMs: 600_000,
      captureStdout: false,
    });
    return run.code === 0 && existsSync(bin);
  } catch {
    return false;
  }
}

/** buildAsrModel in a child Node process (same loader, so TypeScript sources run as they do here). */
async function buildInChildProcess(options: BuildAsrModelOptions): Promise<AsrModelManifest> {
  const { log, inChildProcess: _, ...rest } = options;
  const cli = new URL('./build-model-cli.ts', import.meta.url).pathname;
  // The worker runs under `node --import tsx`; a test runner may not, and the CLI is TypeScript.
  const loader = process.execArgv.some((a) => a.includes('tsx')) ? [] : ['--import', 'tsx'];
  // stderr carries the build's own messages (counts, never note text); only its tail is kept.
  const run = await runProcess(process.execPath, [...process.execArgv, ...loader, cli], {
    timeoutMs: 30 * 60_000,
    input: JSON.stringify(rest),
    stderrTailBytes: 2000,
  });
  const last = run.stdout.trim().split('\n').pop();
  if (run.code !== 0 || !last)
    throw new Error(`the model build process exited with ${run.code}: ${run.stderrTail.slice(-300)}`);
  const manifest = JSON.parse(last) as AsrModelManifest;
  log?.(`asr model ${manifest.id} built in a child process`);
  return manifest;
}
