import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChannelTag } from '@dictum/core/capability/asr/channel-files';
import { type Enhancement, enhanceWav } from '@dictum/core/capability/asr/enhance';
import { lmTokens } from '@dictum/core/capability/asr/model/build-model';
import { buildChannelModel, type ChannelManifest } from '@dictum/core/capability/asr/model/channel-model';
import { generateTrainingText } from '@dictum/core/capability/asr/model/training-text';
import { normalizeAudio } from '@dictum/core/capability/audio/normalize-audio';
import { runProcess } from '@dictum/core/capability/audio/run-process';
import type { SpectralDenoiseOptions } from '@dictum/core/capability/audio/spectral-denoise';
import type { WpeOptions } from '@dictum/core/capability/audio/wpe';
import { synthesizeSpeech } from '../../../tests/support/synthesize-speech';
import { devScripts } from '../../asr-corpus/dev';
import { heldoutScripts } from '../../asr-corpus/heldout';
import { unseenScripts } from '../../asr-corpus/unseen';
import { phoneLine } from './conditions';
import { pool } from './pool';
import { WIDE_FAMILIES, type WideFamily, wideCopy } from './wide-conditions';

// The channel-adapted acoustic models (issue 17): dictation text from the project's own generator
// (seeds the language model does not use; no snippet sharing a 6-word run with any evaluation
// script), read by the festival voices, passed through a
// channel, and used to adapt Debian's en-us model with MLLR + MAP
// (core/src/capability/asr/model/channel-model.ts). Never evaluation audio. Synthesis is cached
// (/tmp/dictum-tts-cache), so rebuilding costs the degradation and the adaptation only.
//
//   phone  the telephone chain of the evaluation's phone condition (8 kHz, 300–3400 Hz, μ-law)
//   wide   multi-condition wide-band: every utterance clean plus one degraded copy from the
//          families of wide-conditions.ts (pink or babble noise, rooms, tempi, codecs — never the
//          evaluation's own settings)
//   noise  steady noise: two pink-noise copies per utterance at other SNRs and codecs than the
//          evaluation's, denoised as the engine denoises such audio (enhance.ts)
//   room   reverberant rooms: two copies per utterance in two of wide-conditions.ts's five rooms,
//          dereverberated as the engine dereverberates such audio (enhance.ts)

const FESTIVAL_VOICES = ['cmu_us_slt_arctic_hts', 'kal_diphone', 'ked_diphone'];
/** espeak-ng as one more (very synthetic) speaker: measured, not used (docs/asr-quality.md). */
const ESPEAK = 'espeak-ng';
export const ADAPTATION_UTTERANCES = 45;
/**
 * The phone model's utterances (48 per voice). Measured phone copies, dev (model without the dev
 * scripts) / held-out / unseen: 45 utterances 0.166 / 0.314 / 0.408, 96 0.161 / 0.291 / 0.415,
 * 144 0.157 / 0.247 / 0.390; 192 was worse again on every set it was tried on (held-out 0.302,
 * unseen 0.433): other texts, not only more of them. About two minutes more than 45 at setup.
 */
const PHONE_UTTERANCES = 144;
const SNIPPETS_PER_UTTERANCE = 4;

export type AdaptedChannel = ChannelTag;

interface ChannelRecipe {
  texts: number;
  seed: number;
  voices: string[];
  /**
   * Encoded training copies of utterance i, made from its synthesised `speech` or its clean 16 kHz
   * WAV (`all`: every utterance's clean WAV, for babble).
   */
  copies: (
    i: number,
    speech: string,
    clean: string,
    base: string,
    all: string[],
    families: WideFamily[],
  ) => Promise<string[]>;
  /** Decoder settings measured for this model (issue 17, docs/asr-quality.md). */
  decoderArgs: string[];
  /** The copies are denoised as the engine denoises what it decodes with this model. */
  denoise?: boolean;
  /** The copies are dereverberated as the engine dereverberates what it decodes with this model. */
  dereverb?: boolean;
}

/**
 * Beams wider than the medical model's own (`NGRAM_DECODER_ARGS`), measured for every channel model
 * (docs/asr-quality.md): clean audio gains a little, the phone line, steady noise and rooms more.
 * Wider still (1e-80 …) gained nothing on rooms.
 */
const WIDER_BEAMS = ['-beam', '1e-70', '-wbeam', '1e-60', '-pbeam', '1e-60', '-fwdflatbeam', '1e-90'];

/**
 * The wide-band models' speech: 48 texts of their own seed, the festival voices. espeak-ng as a
 * fourth voice cost the festival voices more than it taught (held-out / unseen clean 0.134 / 0.206
 * with it, 0.128 / 0.148 without; rooms 0.410 / 0.531 → 0.355 / 0.523).
 */
const WIDE_BAND_SPEECH = { texts: 48, seed: 5353, voices: FESTIVAL_VOICES, decoderArgs: WIDER_BEAMS };

/** Two copies of each utterance in one family, the second with the settings `offset` further on. */
const twoCopies =
  (family: WideFamily, offset: number): ChannelRecipe['copies'] =>
  async (i, _speech, clean, base) => [
    await wideCopy(family, clean, `${base}.a`, i, []),
    await wideCopy(family, clean, `${base}.b`, i + offset, []),
  ];

const RECIPES: Record<AdaptedChannel, ChannelRecipe> = {
  phone: {
    texts: PHONE_UTTERANCES,
    seed: 4242,
    voices: FESTIVAL_VOICES,
    copies: async (_i, speech, _clean, base) => {
      await phoneLine(speech, `${base}.phone.wav`);
      return [`${base}.phone.wav`];
    },
    // Wider beams than the wide-band audio's, measured on the unseen dev set's phone copies: 0.193
    // → 0.148 (held-out 0.326 → 0.314, unseen 0.426 → 0.412); the same widening took 1.5× the
    // decoding time on the dev set's wide-band copies (phone audio's cost was not timed apart).
    decoderArgs: WIDER_BEAMS,
  },
  wide: {
    ...WIDE_BAND_SPEECH,
    // Wider beams: clean dev / held-out / unseen 0.083 / 0.128 / 0.148 → 0.070 / 0.122 / 0.144; fast
    // speech mixed (0.075 / 0.142 / 0.209 → 0.081 / 0.137 / 0.217).
    copies: async (i, _speech, clean, base, all, families) => {
      // The family rotates against the voice (four of each), so every voice meets every family.
      const family = families[(i + Math.floor(i / 4)) % families.length]!;
      const talkers = [7, 13, 22].map((k) => all[(i + k) % all.length]!);
      return [clean, await wideCopy(family, clean, base, i, talkers)];
    },
  },
  // Two steady-noise copies per utterance (different SNRs and codecs), denoised as the engine
  // denoises them.
  // Wider beams: dev 0.149 → 0.128, held-out 0.288 → 0.247, unseen 0.361 → 0.339.
  noise: { ...WIDE_BAND_SPEECH, copies: twoCopies('pink', 3), denoise: true },
  // Two rooms per utterance (of the five, never the evaluation's), each with its codec,
  // dereverberated as the engine dereverberates them (in child processes, two at a time).
  // Wider beams: dev 0.288 → 0.269, held-out 0.355 → 0.331, unseen 0.523 → 0.520.
  room: { ...WIDE_BAND_SPEECH, copies: twoCopies('reverb', 2), dereverb: true },
};

/**
 * How the adaptation speech of this channel's model is made (voices, texts, seed, degradations), as
 * its manifest records it: `build:asr-channel` rebuilds an install's model made otherwise.
 */
export function channelRecipe(channel: AdaptedChannel): string {
  const recipe = RECIPES[channel];
  const families = channel === 'wide' ? ` ${WIDE_FAMILIES.join('+')}` : '';
  return `${recipe.voices.join('+')} ${recipe.texts}@${recipe.seed}${families}`;
}

/**
 * What setup does with an installed model of this channel: keep it, only bring the decoder settings
 * its manifest records up to date (the acoustic model is the same), or rebuild it because it was
 * adapted to speech or audio made otherwise.
 */
export function installedModelAction(
  channel: AdaptedChannel,
  built: Pick<ChannelManifest, 'preparation' | 'recipe' | 'decoderArgs'>,
): 'keep' | 'update-settings' | 'rebuild' {
  if (built.preparation !== channelPreparation(channel) || built.recipe !== channelRecipe(channel))
    return 'rebuild';
  const wanted = RECIPES[channel].decoderArgs;
  return (built.decoderArgs ?? []).join(' ') === wanted.join(' ') ? 'keep' : 'update-settings';
}

/** The decoder settings measured for this channel's model, as its manifest records them. */
export function channelDecoderArgs(channel: AdaptedChannel): string[] {
  return [...RECIPES[channel].decoderArgs];
}

/** How the engine prepares audio for this channel's model, as its manifest records it. */
export function channelPreparation(channel: AdaptedChannel): string | undefined {
  const recipe = RECIPES[channel];
  // 'spectral-denoised' since the log-spectral amplitude denoiser replaced ffmpeg's afftdn ('denoised').
  return recipe.dereverb ? 'dereverberated' : recipe.denoise ? 'spectral-denoised' : undefined;
}

/** The adaptation texts: generated snippets of six words or more, four to an utterance. */
export function adaptationTexts(count = ADAPTATION_UTTERANCES, seed = 4242): string[] {
  const evalRuns = new Set<string>();
  for (const s of [...devScripts, ...heldoutScripts, ...unseenScripts]) {
    const w = lmTokens(s.spoken);
    for (let i = 0; i + 6 <= w.length; i++) evalRuns.add(w.slice(i, i + 6).join(' '));
  }
  const ok = (t: string) => {
    const w = lmTokens(t);
    for (let i = 0; i + 6 <= w.length; i++) if (evalRuns.has(w.slice(i, i + 6).join(' '))) return false;
    return w.length >= 6;
  };
  const snippets = generateTrainingText(6000, seed, []).filter(ok);
  const stride = Math.max(1, Math.floor(snippets.length / (count * SNIPPETS_PER_UTTERANCE)));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const group: string[] = [];
    for (let k = 0; k < SNIPPETS_PER_UTTERANCE; k++)
      group.push(snippets[((i * SNIPPETS_PER_UTTERANCE + k) * stride) % snippets.length]!);
    out.push(group.join(' '));
  }
  return out;
}

/** Speech for `text` in `voice`: a festival voice, or espeak-ng (cached like festival's). */
async function speak(text: string, voice: string): Promise<string> {
  if (voice !== ESPEAK) return synthesizeSpeech(text, { format: 'wav', voice });
  const dir = path.join(tmpdir(), 'dictum-tts-cache');
  const key = createHash('sha256')
    .update(JSON.stringify([text, voice]))
    .digest('hex')
    .slice(0, 24);
  const cached = path.join(dir, `${key}.espeak.wav`);
  if (existsSync(cached)) return cached;
  await mkdir(dir, { recursive: true });
  const scratch = path.join(dir, `tmp-${randomUUID()}.wav`);
  const r = await runProcess('espeak-ng', ['-v', 'en-us', '-w', scratch, text], {
    timeoutMs: 120_000,
    captureStdout: false,
    stderrTailBytes: 1024,
  });
  if (r.code !== 0) throw new Error(`espeak-ng failed (${r.code}): ${r.stderrTail}`);
  await rename(scratch, cached);
  return cached;
}

/** Synthesises, degrades and adapts: the acoustic model for `channel`, into `outDir`. */
export async function buildAdaptedModel(options: {
  channel: AdaptedChannel;
  outDir: string;
  /** A dictionary with every adaptation word (the medical model's). */
  dict: string;
  jobs?: number;
  /** How many adaptation utterances (default: the recipe's). */
  texts?: number;
  /** At most this many training copies per utterance (default: all the recipe makes); for measuring. */
  copies?: number;
  /** Settings of the denoiser or the dereverberation (their defaults otherwise); for measuring them. */
  denoising?: SpectralDenoiseOptions;
  wpe?: WpeOptions;
  /** The acoustic model to adapt (default Debian's en-us); for measuring other starting points. */
  baseHmm?: string;
  /** Voices reading the adaptation texts, and the wide-band model's degradations (the recipe's by default). */
  voices?: string[];
  families?: WideFamily[];
  log?: (m: string) => void;
}): Promise<ChannelManifest> {
  const log = options.log ?? (() => {});
  const recipe = RECIPES[options.channel];
  const jobs = options.jobs ?? 2;
  const work = `${path.resolve(options.outDir)}.audio`;
  await mkdir(work, { recursive: true });
  const texts = adaptationTexts(options.texts ?? recipe.texts, recipe.seed);
  const started = performance.now();
  // Clean 16 kHz first (the degraded copies are made from it, babble from the others).
  const voices = options.voices ?? recipe.voices;
  const speech = await pool(texts, jobs, (text, i) => speak(text, voices[i % voices.length]!));
  const clean = await pool(speech, jobs, async (_, i) => {
    const wav = path.join(work, `u${i}.clean.wav`);
    if (!existsSync(wav)) await normalizeAudio(speech[i]!, wav, 'ffmpeg');
    return wav;
  });
  log(`${options.channel} adaptation: ${texts.length} utterances synthesised in ${seconds(started)} s`);
  const copies = await pool(clean, jobs, async (_, i) => {
    const out: string[] = [];
    for (const [k, encoded] of (
      await recipe.copies(
        i,
        speech[i]!,
        clean[i]!,
        path.join(work, `u${i}`),
        clean,
        options.families ?? WIDE_FAMILIES,
      )
    )
      .slice(0, options.copies)
      .entries()) {
      if (encoded === clean[i]) {
        out.push(encoded);
        continue;
      }
      const wav = path.join(work, `u${i}.c${k}.wav`);
      await normalizeAudio(encoded, wav, 'ffmpeg');
      await rm(encoded, { force: true });
      const enhancement: Enhancement | undefined = recipe.denoise
        ? { step: 'denoising', options: options.denoising }
        : recipe.dereverb
          ? { step: 'dereverberation', options: options.wpe }
          : undefined;
      if (enhancement) {
        await enhanceWav(wav, `${wav}.enhanced.wav`, enhancement, { timeoutMs: 600_000 });
        await rename(`${wav}.enhanced.wav`, wav);
      }
      out.push(wav);
    }
    return out;
  });
  const utterances = copies.flatMap((wavs, i) => wavs.map((wav) => ({ wav, words: lmTokens(texts[i]!) })));
  log(
    `${options.channel} adaptation: ${utterances.length} training copies ready after ${seconds(started)} s`,
  );
  const manifest = await buildChannelModel({
    outDir: options.outDir,
    channel: options.channel,
    utterances,
    dict: options.dict,
    baseHmm: options.baseHmm,
    decoderArgs: recipe.decoderArgs,
    preparation: channelPreparation(options.channel),
    // Only a model made the standard way says so (a measurement's voices or families differ).
    recipe:
      options.voices || options.families || options.texts || options.copies
        ? undefined
        : channelRecipe(options.channel),
    log,
  });
  await rm(work, { recursive: true, force: true });
  return manifest;
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(0);
