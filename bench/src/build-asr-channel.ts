import path from 'node:path';
import { phoneModelDir } from '@dictum/core/capability/asr/create-engine';
import { readAsrModel } from '@dictum/core/capability/asr/model/build-model';
import { buildPhoneModel } from './asr-eval/phone-adaptation';

// `npm run build:asr-channel` (issue 17, run by scripts/setup.sh after the medical model): adapts
// Debian's en-us acoustic model to phone-line audio with MLLR and MAP on speech synthesised from
// the project's own generated dictation text and passed through the telephone chain, into
// `<ASR_MODEL_DIR>-phone` (the local engine uses it for audio it detects as narrow-band).
// Needs festival with the us-slt-hts, kal and ked voices, sphinxtrain and sphinxbase-utils.
//
//   npm run build:asr-channel [-- --out DIR] [--model-dir DIR]

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const modelDir = arg('model-dir') ?? process.env.ASR_MODEL_DIR ?? '.data/asr-model';
const outDir = arg('out') ?? phoneModelDir(modelDir);
const model = await readAsrModel(modelDir);
if (!model) {
  console.error(`no medical model in ${modelDir}: run npm run build:asr-model first`);
  process.exit(1);
}
const started = performance.now();
const manifest = await buildPhoneModel({ outDir, dict: model.dict, log: (m) => console.log(m) });
console.log(
  `phone model ${manifest.id} (${manifest.utterances} utterances, ${manifest.words} words) written to ${path.resolve(outDir)} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
