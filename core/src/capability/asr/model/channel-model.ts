import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runProcess } from '../../audio/run-process';
import { frontEndArgs } from '../decoder-args';
import { DEFAULT_POCKETSPHINX_MODEL_DIR } from '../local-engine';
import { replaceDir } from './build-model';
import { sendumpToMixtureWeights } from './sphinx-files';

// Channel adaptation (issue 17): Debian's en-us acoustic model was trained on wide-band speech; on
// telephone audio (8 kHz, 300–3400 Hz, μ-law) its features no longer match and almost every word
// is wrong. This adapts the model's Gaussian means to the channel with MLLR (sphinxtrain's bw and
// mllr_solve, Debian package sphinxtrain) from speech the caller synthesises and passes through the
// same channel — never evaluation audio — and writes a complete acoustic model folder with the
// adapted means (mllr_transform), which the local engine uses for audio it detects as narrow-band.
//
// The front end stays the model's own (16 kHz, 130–6800 Hz filterbank): pocketsphinx reads
// feat.params from the model folder, and a different filterbank without retraining makes things
// worse, not better (measured: decoding slows down and stops converging). MLLR instead learns
// the linear map from band-limited features to the model's.

import { CHANNEL_MANIFEST } from '../channel-files';

export { CHANNEL_MANIFEST };

export interface ChannelUtterance {
  /** 16 kHz mono 16-bit WAV, already through the channel (e.g. the phone chain) and normalised. */
  wav: string;
  /** What is said, as dictionary words (lowercase, the model's compound words). */
  words: string[];
}

export interface ChannelManifest {
  id: string;
  channel: string;
  createdAt: string;
  utterances: number;
  words: number;
  method: string;
  /** pocketsphinx options measured for this model (front end, beams), applied with it. */
  decoderArgs?: string[];
  /** What the engine does to audio before decoding with this model ('denoised', 'dereverberated'). */
  preparation?: string;
  /** How the adaptation speech was made (voices, texts, seed): setup rebuilds a model made otherwise. */
  recipe?: string;
}

/** The manifest of the channel model in `dir`. */
export async function readChannelManifest(dir: string): Promise<ChannelManifest> {
  return JSON.parse(await readFile(path.join(dir, CHANNEL_MANIFEST), 'utf8')) as ChannelManifest;
}

/** Writes the manifest of the channel model in `dir`, whole or not at all (the engine may read it). */
export async function writeChannelManifest(dir: string, manifest: ChannelManifest): Promise<void> {
  const file = path.join(dir, CHANNEL_MANIFEST);
  await writeFile(`${file}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

export interface BuildChannelModelOptions {
  outDir: string;
  channel: string;
  utterances: ChannelUtterance[];
  /** Pronunciations for every word of the transcripts (the medical model's dictionary). */
  dict: string;
  baseHmm?: string;
  /** Folder of sphinxtrain's programs. */
  sphinxtrainDir?: string;
  /** Recorded in the manifest: decoder settings the engine applies with this model. */
  decoderArgs?: string[];
  /** Recorded in the manifest: how the training copies were prepared, as the engine prepares audio. */
  preparation?: string;
  /** Recorded in the manifest: how the adaptation speech was made. */
  recipe?: string;
  log?: (m: string) => void;
}

/** The files of a pocketsphinx acoustic model folder. */
export const ACOUSTIC_MODEL_FILES = [
  'mdef',
  'means',
  'variances',
  'sendump',
  'transition_matrices',
  'noisedict',
  'feat.params',
];

export async function run(
  bin: string,
  args: string[],
  timeoutMs = 600_000,
  signal?: AbortSignal,
): Promise<string> {
  const r = await runProcess(bin, args, {
    timeoutMs,
    signal,
    stderrTailBytes: 4096,
    maxStdoutBytes: 64 * 1024 * 1024,
  });
  if (r.code !== 0 || r.timedOut)
    throw new Error(
      `${path.basename(bin)} failed (${r.timedOut ? 'timeout' : `exit ${r.code}`}): ${r.stderrTail}`,
    );
  return r.stdout;
}

/** The model's front-end options (feat.params) as an argument list. */
export async function featParams(hmm: string): Promise<string[]> {
  return (await readFile(path.join(hmm, 'feat.params'), 'utf8')).split(/\s+/).filter(Boolean);
}

/**
 * sphinxtrain's bw over the utterances listed in `work` (ids.ctl, ids.lsn, wav/*.mfc), with the
 * means and variances of `hmmDir` and the text mdef, mixture weights, transition matrices and
 * noise dictionary prepared in `work`; statistics go to `acc`.
 */
export function baumWelchArgs(o: { work: string; hmmDir: string; acc: string; dict: string; fe: string[] }) {
  const feat = (k: string, d: string) => {
    const i = o.fe.indexOf(k);
    return i >= 0 ? o.fe[i + 1]! : d;
  };
  const w = (f: string) => path.join(o.work, f);
  return [
    ...['-hmmdir', o.hmmDir, '-moddeffn', w('mdef.txt'), '-ts2cbfn', '.ptm.'],
    ...['-mixwfn', w('mixture_weights'), '-tmatfn', w('transition_matrices')],
    ...['-meanfn', path.join(o.hmmDir, 'means'), '-varfn', path.join(o.hmmDir, 'variances')],
    ...['-feat', feat('-feat', '1s_c_d_dd'), '-svspec', feat('-svspec', '0-12/13-25/26-38')],
    ...['-cmn', feat('-cmn', 'batch'), '-agc', 'none', '-varnorm', 'no'],
    ...['-dictfn', o.dict, '-fdictfn', w('noisedict')],
    ...['-ctlfn', w('ids.ctl'), '-lsnfn', w('ids.lsn')],
    ...['-cepdir', w('wav'), '-accumdir', o.acc],
  ];
}

/** What bw and mllr_solve need of an acoustic model, in `work`: text mdef, mixture weights, the rest copied. */
export async function prepareTrainingFiles(hmm: string, work: string): Promise<void> {
  // bw reads mixture weights and a text mdef; the model ships a sendump and a binary mdef.
  await sendumpToMixtureWeights(path.join(hmm, 'sendump'), path.join(work, 'mixture_weights'));
  await run('pocketsphinx_mdef_convert', ['-text', path.join(hmm, 'mdef'), path.join(work, 'mdef.txt')]);
  for (const f of ['means', 'variances', 'transition_matrices', 'feat.params', 'noisedict'])
    await copyFile(path.join(hmm, f), path.join(work, f));
}

export async function buildChannelModel(options: BuildChannelModelOptions): Promise<ChannelManifest> {
  const log = options.log ?? (() => {});
  const baseHmm = options.baseHmm ?? path.join(DEFAULT_POCKETSPHINX_MODEL_DIR, 'en-us');
  const st = options.sphinxtrainDir ?? '/usr/lib/sphinxtrain';
  const outDir = path.resolve(options.outDir);
  const scratch = `${outDir}.tmp-${randomUUID().slice(0, 8)}`;
  const work = path.join(scratch, 'work');
  const hmm = path.join(scratch, 'hmm');
  await mkdir(work, { recursive: true });
  await mkdir(hmm, { recursive: true });
  try {
    for (const f of ACOUSTIC_MODEL_FILES) await copyFile(path.join(baseHmm, f), path.join(hmm, f));
    await prepareTrainingFiles(baseHmm, work);

    // Features with the model's own front end.
    const ids = options.utterances.map((_, i) => `u${String(i).padStart(4, '0')}`);
    await writeFile(path.join(work, 'ids.ctl'), `${ids.join('\n')}\n`);
    await writeFile(
      path.join(work, 'ids.lsn'),
      `${options.utterances.map((u, i) => `<s> ${u.words.join(' ')} </s> (${ids[i]})`).join('\n')}\n`,
    );
    await mkdir(path.join(work, 'wav'));
    for (const [i, u] of options.utterances.entries())
      await copyFile(u.wav, path.join(work, 'wav', `${ids[i]}.wav`));
    const fe = await featParams(baseHmm);
    await run('sphinx_fe', [
      ...frontEndArgs(fe),
      ...['-samprate', '16000', '-c', path.join(work, 'ids.ctl'), '-di', path.join(work, 'wav')],
      ...['-do', path.join(work, 'wav'), '-ei', 'wav', '-eo', 'mfc', '-mswav', 'yes'],
    ]);
    log(`channel ${options.channel}: features for ${ids.length} utterances`);

    // Statistics (Baum-Welch), then one MLLR transform, then the adapted means.
    const bw = async (hmmDir: string, acc: string) => {
      await mkdir(acc, { recursive: true });
      await run(path.join(st, 'bw'), baumWelchArgs({ work, hmmDir, acc, dict: options.dict, fe }));
    };
    // 1. Statistics with the base model, one MLLR transform (a global map of the means: robust
    //    with little data), applied to the means.
    await bw(work, path.join(work, 'acc1'));
    await run(path.join(st, 'mllr_solve'), [
      ...['-meanfn', path.join(work, 'means'), '-varfn', path.join(work, 'variances')],
      ...['-outmllrfn', path.join(work, 'mllr_matrix'), '-accumdir', path.join(work, 'acc1')],
    ]);
    const mllrDir = path.join(work, 'mllr');
    await mkdir(mllrDir);
    await copyFile(path.join(work, 'variances'), path.join(mllrDir, 'variances'));
    await run(path.join(st, 'mllr_transform'), [
      ...['-inmeanfn', path.join(work, 'means'), '-outmeanfn', path.join(mllrDir, 'means')],
      ...['-mllrmat', path.join(work, 'mllr_matrix')],
    ]);
    log(`channel ${options.channel}: MLLR transform estimated and applied`);
    // 2. Statistics again with the MLLR means (better alignments), then MAP: each phone's codebook
    //    (the model is phonetically tied, so every codebook sees plenty of frames) moves towards
    //    the channel's data in proportion to how much it saw.
    await bw(mllrDir, path.join(work, 'acc2'));
    await run(path.join(st, 'map_adapt'), [
      ...['-moddeffn', path.join(work, 'mdef.txt'), '-ts2cbfn', '.ptm.'],
      ...['-meanfn', path.join(mllrDir, 'means'), '-varfn', path.join(mllrDir, 'variances')],
      ...['-mixwfn', path.join(work, 'mixture_weights'), '-tmatfn', path.join(work, 'transition_matrices')],
      ...['-accumdir', path.join(work, 'acc2')],
      ...['-mapmeanfn', path.join(hmm, 'means'), '-mapvarfn', path.join(hmm, 'variances')],
      ...['-mapmixwfn', path.join(work, 'map_mixw'), '-maptmatfn', path.join(work, 'map_tmat')],
    ]);
    log(`channel ${options.channel}: MAP adaptation of means and variances`);

    const manifest: ChannelManifest = {
      id: randomUUID().slice(0, 8),
      channel: options.channel,
      createdAt: new Date().toISOString(),
      utterances: ids.length,
      words: options.utterances.reduce((n, u) => n + u.words.length, 0),
      method: 'MLLR (1 class) then MAP (means, variances) on synthesised speech through the channel',
      ...(options.decoderArgs?.length ? { decoderArgs: options.decoderArgs } : {}),
      ...(options.preparation ? { preparation: options.preparation } : {}),
      ...(options.recipe ? { recipe: options.recipe } : {}),
    };
    await writeChannelManifest(hmm, manifest);
    await rm(work, { recursive: true, force: true });
    await replaceDir(hmm, outDir);
    return manifest;
  } finally {
    if (!process.env.DICTUM_KEEP_SCRATCH) await rm(scratch, { recursive: true, force: true });
  }
}
