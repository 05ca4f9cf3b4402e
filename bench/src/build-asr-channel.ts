import { existsSync } from 'node:fs';
import path from 'node:path';
import { CHANNEL_TAGS } from '@dictum/core/capability/asr/channel-files';
import { channelModelDir } from '@dictum/core/capability/asr/create-engine';
import { readAsrModel } from '@dictum/core/capability/asr/model/build-model';
import {
  CHANNEL_MANIFEST,
  type ChannelManifest,
  readChannelManifest,
  writeChannelManifest,
} from '@dictum/core/capability/asr/model/channel-model';
import {
  type AdaptedChannel,
  buildAdaptedModel,
  channelDecoderArgs,
  installedModelAction,
} from './asr-eval/phone-adaptation';

// `npm run build:asr-channel` (issue 17, run by scripts/setup.sh after the medical model): adapts
// Debian's en-us acoustic model with MLLR and MAP on speech synthesised from the project's own
// generated dictation text, once per channel: phone-line audio into `<ASR_MODEL_DIR>-phone` (used
// for audio detected as narrow-band), denoised steady-noise audio into `-noise`, reverberant rooms
// into `-room`, and multi-condition wide-band audio (clean, noise, rooms, fast speech, codecs) into
// `-wide` (used for everything else, and where a condition's own model is missing). A model that is
// already complete is kept unless --force, or unless it was made from other speech (its manifest's
// recipe) or for other preparation; one whose decoder settings alone differ gets the new settings.
// Needs festival with the us-slt-hts, kal and ked voices, sox, sphinxtrain and sphinxbase-utils.
//
//   npm run build:asr-channel [-- --channel phone,wide,noise,room] [--force] [--out DIR] [--model-dir DIR]

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const modelDir = arg('model-dir') ?? process.env.ASR_MODEL_DIR ?? '.data/asr-model';
const channels = (arg('channel')?.split(',') ?? CHANNEL_TAGS) as AdaptedChannel[];
if (channels.some((c) => !CHANNEL_TAGS.includes(c)) || (arg('out') && channels.length > 1)) {
  // One --out folder for two channels would hold whichever was built last (or skip the second).
  console.error('--channel takes a list of phone, wide, noise, room; --out needs exactly one --channel');
  process.exit(2);
}
const model = await readAsrModel(modelDir);
if (!model) {
  console.error(`no medical model in ${modelDir}: run npm run build:asr-model first`);
  process.exit(1);
}
for (const channel of channels) {
  const outDir = arg('out') ?? channelModelDir(modelDir, channel);
  const manifestFile = path.join(outDir, CHANNEL_MANIFEST);
  if (existsSync(manifestFile) && !process.argv.includes('--force')) {
    // A model adapted to audio prepared otherwise than the engine now prepares it (a room model
    // from before dereverberation, say), or to speech made otherwise (other voices or texts), is
    // rebuilt.
    const built = await readChannelManifest(outDir);
    const action = installedModelAction(channel, built);
    if (action === 'keep') {
      console.log(`${channel} model already in ${path.resolve(outDir)}`);
      continue;
    }
    if (action === 'update-settings') {
      // Same acoustic model, other decoder settings measured for it: no need to adapt it again.
      const { decoderArgs: _old, ...rest } = built;
      const decoderArgs = channelDecoderArgs(channel);
      const manifest: ChannelManifest = { ...rest, ...(decoderArgs.length ? { decoderArgs } : {}) };
      await writeChannelManifest(outDir, manifest);
      console.log(`${channel} model in ${path.resolve(outDir)}: decoder settings updated`);
      continue;
    }
    console.log(
      `${channel} model in ${path.resolve(outDir)} was adapted to other speech or audio: rebuilding`,
    );
  }
  const started = performance.now();
  try {
    const manifest = await buildAdaptedModel({
      channel,
      outDir,
      dict: model.dict,
      log: (m) => console.log(m),
    });
    console.log(
      `${channel} model ${manifest.id} (${manifest.utterances} utterances, ${manifest.words} words) written to ${path.resolve(outDir)} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } catch (error) {
    // One channel failing (a missing voice, say) must not cost the other its model.
    console.error(`${channel} model not built: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
