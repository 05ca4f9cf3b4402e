import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { ProcessStartError, type RunResult, runProcess } from '../audio/run-process';
import type { SpectralDenoiseOptions } from '../audio/spectral-denoise';
import { readWavInfo, type WavInfo } from '../audio/wav-header';
import type { WpeOptions } from '../audio/wpe';
import { analyzeWavChannel, type RecordingCondition } from './channel';
import { CHANNEL_MANIFEST, type ChannelTag } from './channel-files';
import { type CalibrationMaps, calibrateConfidence, calibrationFor } from './confidence';
import { POCKETSPHINX_CALIBRATION } from './confidence-calibration';
import { mergeDecoderArgs } from './decoder-args';
import type { AsrEngine, RecognizedWord, TranscribeOptions, Transcription } from './engine';
import { TranscriptionError } from './engine';
import { type Enhancement, enhanceWav } from './enhance';
import { type AsrModelFiles, readAsrModel } from './model/model-files';
import { writeRecordingFeatParams } from './recording-cepstral-mean';
import { estimateSpeakerTransform } from './speaker-adaptation';

// The offline engine (SPEC §5): CMU PocketSphinx from Debian's pocketsphinx + pocketsphinx-en-us.
// Its generic model is weak on medical terms, so its output is only ever a draft for editing.

export const DEFAULT_POCKETSPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

export interface LocalEngineOptions {
  /** pocketsphinx_continuous, by name (PATH) or path. */
  bin?: string;
  /** Where the en-us acoustic model, dictionary and language model live. */
  modelDir?: string;
  /** Acoustic model directory. Default `<modelDir>/en-us`. */
  hmm?: string;
  /** Pronunciation dictionary, e.g. cmudict plus medical terms. Default `<modelDir>/cmudict-en-us.dict`. */
  dict?: string;
  /** Language model (ARPA or .lm.bin). Default `<modelDir>/en-us.lm.bin`. */
  lm?: string;
  /** More pocketsphinx options, passed through as is (e.g. ['-jsgf', grammarPath]). */
  extraArgs?: string[];
  /**
   * The language model's own decoder settings when `dict`/`lm` are given directly (a built model's
   * manifest carries them otherwise): a channel model's settings override these, `extraArgs` both.
   */
  modelDecoderArgs?: string[];
  /** Recorded as the transcript's model. Default "en-us", or "en-us+<lm file name>" with a custom lm. */
  modelName?: string;
  /**
   * Folder of a built medical model (`npm run build:asr-model`, ASR_MODEL_DIR): when a complete one
   * is there, its dictionary and language model are used instead of the defaults, picked up per
   * transcription (a rebuilt model takes effect without a restart). Explicit `dict`/`lm` win.
   */
  medicalModelDir?: string;
  /**
   * Folder of the acoustic model adapted to the telephone channel (`npm run build:asr-channel`,
   * ASR_PHONE_MODEL_DIR): used for audio whose spectrum says it came through a phone line
   * (channel.ts), when a complete one is there. Explicit `hmm` wins.
   */
  phoneModelDir?: string;
  /**
   * Folder of the multi-condition wide-band acoustic model (clean, noise, rooms, fast speech,
   * codecs; `npm run build:asr-channel`): used for clean wide-band recordings, and for noisy or
   * reverberant ones when their own model is missing. Explicit `hmm` wins.
   */
  wideModelDir?: string;
  /**
   * Folder of the acoustic model adapted to denoised noisy speech (`npm run build:asr-channel`):
   * audio under a steady noise floor (channel.ts) is denoised (enhance.ts) and decoded with it, or
   * with the wide-band model when there is none. Explicit `hmm` wins.
   */
  noiseModelDir?: string;
  /**
   * Folder of the acoustic model adapted to reverberant rooms (`npm run build:asr-channel`): audio
   * whose pauses are filled without a steady floor is decoded with it, or with the wide-band model
   * when there is none. Explicit `hmm` wins.
   */
  roomModelDir?: string;
  /** Denoise audio under a steady noise floor before decoding (default true; off to measure it). */
  denoise?: boolean;
  /** Dereverberate audio from a reverberant room before decoding (default true; off to measure it). */
  dereverb?: boolean;
  /** The dereverberation's settings (wpe.ts defaults otherwise); for measuring them. */
  wpe?: WpeOptions;
  /** The denoiser's settings (spectral-denoise.ts defaults otherwise); for measuring them. */
  denoising?: SpectralDenoiseOptions;
  /**
   * Decode twice: the first pass's words adapt the acoustic model to this recording's speaker
   * (speaker-adaptation.ts, MLLR), the second pass decodes with it: about 1.6× the decoding time.
   */
  speakerAdaptation?: boolean;
  /**
   * Start the decoder's cepstral mean normalisation from the recording's own mean rather than the
   * acoustic model's (recording-cepstral-mean.ts; default true; off to measure it).
   */
  recordingCmn?: boolean;
  /**
   * Folder of per-author models (`<dir>/<authorId>/`, built and promoted by the refresh-asr-model
   * job): an author's own model is used instead of the global medical model when there is one.
   */
  authorModelsDir?: string;
  /** Maps from pocketsphinx's posteriors to calibrated confidences, per acoustic model (confidence.ts); `{ base: [] }` = raw. */
  calibration?: CalibrationMaps;
  /** Timeout = minTimeoutMs + audio duration × timeoutFactor. */
  timeoutFactor?: number;
  minTimeoutMs?: number;
}

interface ChannelModel {
  dir: string;
  id: string;
  tag: ChannelTag;
  decoderArgs?: string[];
}

/**
 * How each recording condition is decoded: the acoustic models to try (first complete one wins) and
 * the step that prepares the audio first, if any.
 */
const DECODING: Record<RecordingCondition, { models: ChannelTag[]; prepare?: Enhancement['step'] }> = {
  'narrow-band': { models: ['phone'] },
  'steady-noise': { models: ['noise', 'wide'], prepare: 'denoising' },
  reverberant: { models: ['room', 'wide'], prepare: 'dereverberation' },
  // Pauses the levels cannot read: babble, or a room heard through a long dictation whose pauses
  // are too short for its tail to die away. Decoded as a room: on such dictations that halves the
  // errors, on babble it is no worse overall (docs/asr-quality.md).
  fluctuating: { models: ['room', 'wide'], prepare: 'dereverberation' },
  clean: { models: ['wide'] },
};

export class LocalPocketsphinxEngine implements AsrEngine {
  readonly name = 'pocketsphinx';
  readonly model: string;
  private readonly bin: string;
  private readonly hmm: string;
  private readonly dict: string;
  private readonly lm: string;
  private readonly extraArgs: string[];
  private readonly modelDecoderArgs: string[];
  private readonly timeoutFactor: number;
  private readonly minTimeoutMs: number;
  private readonly medicalModelDir: string | undefined;
  private readonly channelDirs: Partial<Record<ChannelTag, string>>;
  private readonly denoise: boolean;
  private readonly dereverb: boolean;
  private readonly wpe: WpeOptions | undefined;
  private readonly denoising: SpectralDenoiseOptions | undefined;
  private readonly speakerAdaptation: boolean;
  private readonly recordingCmn: boolean;
  private readonly authorModelsDir: string | undefined;
  private readonly calibration: CalibrationMaps;

  constructor(options: LocalEngineOptions = {}) {
    const modelDir = options.modelDir ?? DEFAULT_POCKETSPHINX_MODEL_DIR;
    this.bin = options.bin ?? 'pocketsphinx_continuous';
    this.hmm = options.hmm ?? path.join(modelDir, 'en-us');
    this.dict = options.dict ?? path.join(modelDir, 'cmudict-en-us.dict');
    this.lm = options.lm ?? path.join(modelDir, 'en-us.lm.bin');
    this.extraArgs = options.extraArgs ?? [];
    this.modelDecoderArgs = options.modelDecoderArgs ?? [];
    // The real-time factor target is 0.5 on one core; 2× duration leaves room for a busy machine.
    this.timeoutFactor = options.timeoutFactor ?? 2;
    this.minTimeoutMs = options.minTimeoutMs ?? 30_000;
    this.model = options.modelName ?? (options.lm ? `en-us+${path.basename(options.lm)}` : 'en-us');
    this.medicalModelDir = options.dict || options.lm ? undefined : options.medicalModelDir;
    this.channelDirs = options.hmm
      ? {}
      : {
          phone: options.phoneModelDir,
          wide: options.wideModelDir,
          noise: options.noiseModelDir,
          room: options.roomModelDir,
        };
    this.denoise = options.denoise ?? true;
    this.dereverb = options.dereverb ?? true;
    this.wpe = options.wpe;
    this.denoising = options.denoising;
    this.speakerAdaptation = options.speakerAdaptation ?? false;
    this.recordingCmn = options.recordingCmn ?? true;
    this.authorModelsDir = options.dict || options.lm ? undefined : options.authorModelsDir;
    this.calibration = options.calibration ?? POCKETSPHINX_CALIBRATION;
  }

  /** The built medical model to use now, if any: the author's own, else the global one. */
  private async medicalModel(authorId?: string): Promise<AsrModelFiles | null> {
    if (authorId && this.authorModelsDir && /^[0-9a-f-]{36}$/i.test(authorId)) {
      const own = await readAsrModel(path.join(this.authorModelsDir, authorId));
      if (own) return own;
    }
    return this.medicalModelDir ? readAsrModel(this.medicalModelDir) : null;
  }

  /**
   * How this recording is decoded: its condition (channel.ts) and the acoustic model for it when a
   * complete one is there. Without channel models
   * (a bare engine) nothing is analysed and Debian's model decodes everything, as before issue 17.
   */
  private async channelChoice(
    wavPath: string,
    info: WavInfo,
  ): Promise<{ condition: RecordingCondition; model: ChannelModel | null }> {
    if (!Object.values(this.channelDirs).some(Boolean)) return { condition: 'clean', model: null };
    const { condition } = await analyzeWavChannel(wavPath, undefined, info);
    for (const tag of DECODING[condition].models) {
      const model = await readChannelModel(this.channelDirs[tag], tag);
      if (model) return { condition, model };
    }
    return { condition, model: null };
  }

  /** What is done to audio of this condition before decoding (the tag joins the model name), if anything. */
  private preparationFor(condition: RecordingCondition): { enhancement: Enhancement; tag: string } | null {
    const step = DECODING[condition].prepare;
    if (step === 'denoising' && this.denoise)
      return { enhancement: { step, options: this.denoising }, tag: 'denoised' };
    if (step === 'dereverberation' && this.dereverb)
      return { enhancement: { step, options: this.wpe }, tag: 'dereverberated' };
    return null;
  }

  async available(): Promise<boolean> {
    const bin = await resolveExecutable(this.bin);
    if (!bin) return false;
    const medical = await this.medicalModel();
    const files = [path.join(this.hmm, 'mdef'), medical?.dict ?? this.dict, medical?.decoderLm ?? this.lm];
    const readable = await Promise.all(
      files.map((f) =>
        access(f, constants.R_OK).then(
          () => true,
          () => false,
        ),
      ),
    );
    return readable.every(Boolean);
  }

  async shortcomings(): Promise<string[]> {
    if (!this.recordingCmn && !this.speakerAdaptation) return [];
    if (await resolveExecutable('sphinx_fe')) return [];
    const losses = [
      ...(this.recordingCmn
        ? [
            "drafts start from the acoustic model's cepstral mean (worse on phone lines, rooms and unusual " +
              'microphones; such drafts carry +model-cmn in their model name)',
          ]
        : []),
      ...(this.speakerAdaptation ? ['speaker adaptation is skipped'] : []),
    ];
    return [`sphinx_fe (sphinxbase-utils) is not installed: ${losses.join('; ')}`];
  }

  // `options.vocabulary` is not used per request: pocketsphinx needs pronunciations and a language
  // model that knows the words, so the organisation's vocabulary enters through the medical model's
  // rebuild (core/src/capability/asr/model).
  async transcribe(wavPath: string, options: TranscribeOptions): Promise<Transcription> {
    const info = await checkInput(wavPath);
    const medical = await this.medicalModel(options.authorId);
    let model = medical ? `en-us+medical@${medical.manifest.id}` : this.model;
    if (info.dataBytes === 0) return { text: '', words: [], engine: this.name, model, engineSeconds: 0 };
    // Each recording condition gets the acoustic model adapted to it (phone line, steady noise,
    // rooms, the multi-condition wide-band one for the rest), with the decoder settings measured for it.
    let hmm = this.hmm;
    let channelArgs: string[] = [];
    const choice = await this.channelChoice(wavPath, info);
    const channel = choice.model;
    if (channel) {
      hmm = channel.dir;
      channelArgs =
        channel.decoderArgs ??
        (channel.tag === 'phone' ? medical?.manifest.phoneDecoderArgs : undefined) ??
        [];
      model += `+${channel.tag}@${channel.id}`;
    }
    const durationSec = Math.max(options.durationSec || 0, info.durationSec);
    const timeoutMs = this.minTimeoutMs + durationSec * 1000 * this.timeoutFactor;

    // Audio under a steady noise floor is denoised first, reverberant audio dereverberated, into a
    // copy beside the input (the caller's own work folder, which it cleans up), removed as soon as
    // it is decoded.
    const scratch: string[] = [];
    let input = path.resolve(wavPath);
    let result: RunResult;
    try {
      const preparation = this.preparationFor(choice.condition);
      if (preparation) {
        const prepared = `${input}.${randomUUID().slice(0, 8)}.${preparation.tag}.wav`;
        scratch.push(prepared);
        await enhanceWav(wavPath, prepared, preparation.enhancement, { timeoutMs, signal: options.signal });
        input = prepared;
        model += `+${preparation.tag}`;
      }
      const settings = mergeDecoderArgs(
        medical?.manifest.decoderArgs ?? this.modelDecoderArgs,
        channelArgs,
        this.extraArgs,
      );
      const recordingArgs: string[] = [];
      if (this.recordingCmn) {
        const params = `${input}.${randomUUID().slice(0, 8)}.feat.params`;
        scratch.push(params);
        const mean = await this.recordingFeatParams(
          { wav: input, hmm, out: params, decoderArgs: settings, timeoutMs },
          options.signal,
        );
        if (mean === 'measured') recordingArgs.push('-featparams', params);
        // A silent recording has no mean to measure and loses nothing; a failed measurement makes a
        // worse draft, and the model name says so (an operator can find such drafts).
        if (mean === 'failed') model += '+model-cmn';
      }
      const decoderArgs = [
        ...['-hmm', hmm, '-dict', medical?.dict ?? this.dict, '-lm', medical?.decoderLm ?? this.lm],
        ...mergeDecoderArgs(settings, recordingArgs, this.extraArgs),
      ];
      result = await this.runDecoder(input, decoderArgs, timeoutMs, options.signal);
      if (this.speakerAdaptation) {
        const second = await this.decodeAdapted(input, result, {
          hmm,
          dict: medical?.dict ?? this.dict,
          decoderArgs,
          durationSec: info.durationSec,
          timeoutMs,
          signal: options.signal,
        });
        if (second) {
          result = second;
          model += '+mllr';
        }
      }
    } finally {
      await Promise.all(scratch.map((f) => rm(f, { force: true })));
    }
    const calibration = calibrationFor(this.calibration, channel?.tag);
    const words = parsePocketsphinxOutput(result.stdout, info.durationSec).map((w) => ({
      ...w,
      confidence: calibrateConfidence(w.confidence, calibration),
    }));
    return {
      text: words.map((w) => w.text).join(' '),
      words,
      engine: this.name,
      model,
      engineSeconds: result.elapsedMs / 1000,
    };
  }

  /**
   * The second pass: the first pass's words adapt the acoustic model to this recording
   * (speaker-adaptation.ts) in a work folder beside the input, removed afterwards; null when no
   * transform could be estimated (too few words, or bw found no alignment), and the first pass stands.
   */
  private async decodeAdapted(
    input: string,
    firstPass: RunResult,
    o: {
      hmm: string;
      dict: string;
      decoderArgs: string[];
      durationSec: number;
      timeoutMs: number;
      signal: AbortSignal | undefined;
    },
  ): Promise<RunResult | null> {
    const work = `${input}.${randomUUID().slice(0, 8)}.adaptation`;
    try {
      const transform = await estimateSpeakerTransform({
        wav: input,
        words: parsePocketsphinxOutput(firstPass.stdout, o.durationSec),
        hmm: o.hmm,
        dict: o.dict,
        work,
        timeoutMs: o.timeoutMs,
        signal: o.signal,
      }).catch((error: unknown) => {
        // A cancelled job stays cancelled; any other failure keeps the first pass's draft.
        if (o.signal?.aborted) throw error;
        return null;
      });
      if (!transform) return null;
      return await this.runDecoder(input, [...o.decoderArgs, '-mllr', transform], o.timeoutMs, o.signal);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /**
   * The acoustic model's feature parameters starting from this recording's cepstral mean, written to
   * `out`; otherwise the model's own mean stands: when there is no speech to measure, or when
   * sphinx_fe fails or is missing — a draft a little worse at its start beats no draft.
   */
  private async recordingFeatParams(
    o: Omit<Parameters<typeof writeRecordingFeatParams>[0], 'signal'>,
    signal: AbortSignal | undefined,
  ): Promise<'measured' | 'no-speech' | 'failed'> {
    try {
      return (await writeRecordingFeatParams({ ...o, signal })) ? 'measured' : 'no-speech';
    } catch (error) {
      if (signal?.aborted) throw error;
      return 'failed';
    }
  }

  /** pocketsphinx over one WAV; its failures as transient TranscriptionErrors. */
  private async runDecoder(
    input: string,
    decoderArgs: string[],
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<RunResult> {
    // Its log is megabytes of INFO lines; failures are classified by exit status instead.
    const args = ['-infile', input, '-time', 'yes', '-logfn', '/dev/null', ...decoderArgs];
    let result: RunResult;
    try {
      result = await runProcess(this.bin, args, { timeoutMs, signal, stderrTailBytes: 2048 });
    } catch (error) {
      if (error instanceof ProcessStartError) {
        throw new TranscriptionError('transient', 'ENGINE_UNAVAILABLE', 'pocketsphinx could not be started');
      }
      throw error;
    }
    if (result.timedOut) {
      throw new TranscriptionError('transient', 'ENGINE_TIMEOUT', 'pocketsphinx did not finish in time');
    }
    if (result.code !== 0 || result.stdoutOverflow) {
      throw new TranscriptionError(
        'transient',
        'ENGINE_CRASHED',
        `pocketsphinx failed (${result.signal ?? `exit ${result.code}`})`,
      );
    }
    return result;
  }
}

/** The complete channel model in `dir` (its manifest is written last), or null. */
async function readChannelModel(dir: string | undefined, tag: ChannelTag): Promise<ChannelModel | null> {
  if (!dir) return null;
  try {
    const m = JSON.parse(await readFile(path.join(dir, CHANNEL_MANIFEST), 'utf8')) as {
      id: string;
      decoderArgs?: string[];
    };
    return { dir, id: m.id, tag, decoderArgs: m.decoderArgs };
  } catch {
    return null;
  }
}

/** The input must be the normalised WAV; anything else is a pipeline bug no retry will fix. */
async function checkInput(wavPath: string): Promise<WavInfo> {
  let info: WavInfo;
  try {
    info = await readWavInfo(wavPath);
  } catch {
    throw new TranscriptionError(
      'permanent',
      'AUDIO_UNDECODABLE',
      'the audio file is missing or not PCM WAV',
    );
  }
  if (info.sampleRate !== 16_000 || info.channels !== 1) {
    throw new TranscriptionError('permanent', 'AUDIO_UNDECODABLE', 'the audio is not 16 kHz mono');
  }
  return info;
}

// `-time yes` prints, per utterance, the hypothesis line and then one line per segment:
// "word start end posterior". Only the four-field lines with three numbers are word timings.
const wordLine = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/;

/** Words from pocketsphinx_continuous stdout, without silences, fillers and pronunciation variants. */
export function parsePocketsphinxOutput(
  stdout: string,
  durationSec = Number.POSITIVE_INFINITY,
): RecognizedWord[] {
  const words: RecognizedWord[] = [];
  for (const line of stdout.split('\n')) {
    const m = wordLine.exec(line.trim());
    if (!m) continue;
    const token = m[1]!;
    // <s>, </s>, <sil> and the noise dictionary's fillers: [NOISE], [SPEECH], ++BREATH++ ...
    if (/^(<.*>|\[.*\]|\+\+.*\+\+)$/.test(token)) continue;
    const text = token.replace(/\(\d+\)$/, '');
    if (!text) continue;
    const start = Math.min(Number(m[2]), durationSec);
    const end = Math.min(Math.max(Number(m[3]), start), durationSec);
    // The posterior can print as 1.000100 from rounding in its log arithmetic.
    const confidence = Math.round(Math.min(1, Math.max(0, Number(m[4]))) * 1000) / 1000;
    words.push({ text, start, end, confidence });
  }
  return words;
}

/** Absolute path of an executable given by name or path, or null when there is none. */
export async function resolveExecutable(bin: string): Promise<string | null> {
  const candidates = bin.includes('/')
    ? [path.resolve(bin)]
    : (process.env.PATH ?? '')
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, bin));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return null;
}
