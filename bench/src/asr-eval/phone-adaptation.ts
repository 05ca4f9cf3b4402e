import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { lmTokens } from '@dictum/core/capability/asr/model/build-model';
import { buildChannelModel, type ChannelManifest } from '@dictum/core/capability/asr/model/channel-model';
import { generateTrainingText } from '@dictum/core/capability/asr/model/training-text';
import { normalizeAudio } from '@dictum/core/capability/audio/normalize-audio';
import { synthesizeSpeech } from '../../../tests/support/synthesize-speech';
import { devScripts } from '../../asr-corpus/dev';
import { heldoutScripts } from '../../asr-corpus/heldout';
import { unseenScripts } from '../../asr-corpus/unseen';
import { phoneLine } from './conditions';

// The telephone-adapted acoustic model (issue 17): dictation text from the project's own generator
// (a seed the language model does not use; no snippet sharing a 6-word run with any evaluation
// script), read by the festival voices, passed through the same phone chain as the evaluation's
// phone condition, and used to adapt Debian's en-us model (core/src/capability/asr/model/channel-model.ts).
// Never evaluation audio. Synthesis is cached, so rebuilding costs only the adaptation.

const VOICES = ['cmu_us_slt_arctic_hts', 'kal_diphone', 'ked_diphone'];
export const ADAPTATION_UTTERANCES = 45;
const SNIPPETS_PER_UTTERANCE = 4;

/** The adaptation texts: generated snippets of six words or more, four to an utterance. */
export function adaptationTexts(count = ADAPTATION_UTTERANCES): string[] {
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
  const snippets = generateTrainingText(6000, 4242, []).filter(ok);
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

export async function buildPhoneModel(options: {
  outDir: string;
  /** A dictionary with every adaptation word (the medical model's). */
  dict: string;
  jobs?: number;
  log?: (m: string) => void;
}): Promise<ChannelManifest> {
  const log = options.log ?? (() => {});
  const work = `${path.resolve(options.outDir)}.audio`;
  await mkdir(work, { recursive: true });
  const texts = adaptationTexts();
  const started = performance.now();
  const utterances: { wav: string; words: string[] }[] = new Array(texts.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: options.jobs ?? 2 }, async () => {
      while (next < texts.length) {
        const i = next++;
        const speech = await synthesizeSpeech(texts[i]!, {
          format: 'wav',
          voice: VOICES[i % VOICES.length]!,
        });
        const phone = path.join(work, `u${i}.phone.wav`);
        const wav = path.join(work, `u${i}.wav`);
        if (!existsSync(wav)) {
          await phoneLine(speech, phone);
          await normalizeAudio(phone, wav, 'ffmpeg');
          await rm(phone, { force: true });
        }
        utterances[i] = { wav, words: lmTokens(texts[i]!) };
      }
    }),
  );
  log(
    `phone adaptation: ${texts.length} utterances synthesised in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  const manifest = await buildChannelModel({
    outDir: options.outDir,
    channel: 'phone',
    utterances,
    dict: options.dict,
    log,
  });
  await rm(work, { recursive: true, force: true });
  return manifest;
}
