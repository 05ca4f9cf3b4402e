import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAsrEngine } from '@dictum/core/capability/asr/create-engine';
import { normalizeAudio } from '@dictum/core/capability/audio/normalize-audio';
import { readWavInfo } from '@dictum/core/capability/audio/wav-header';
import { loadConfig } from '@dictum/core/infra/config';
import { synthesizeSpeech } from '../../tests/support/synthesize-speech';
import { CONDITIONS, degradedCopy } from './asr-eval/conditions';
import { percentile, report, round } from './bench-support';

// SPEC §6: "Local engine: real-time factor under 0.5 on one core." About 60 s of synthesized speech
// (festival, offline), normalised as the worker does, recognised by the configured local engine
// (pocketsphinx; the built medical model when one is present). run-all starts this bench under
// `taskset -c 0`, so pocketsphinx (a child process) is pinned to one core too. Then once through each
// of the evaluation's recording conditions (phone, noise, fast talker, room: asr-eval/conditions.ts).

const RUNS = Number(process.env.BENCH_ENGINE_RUNS ?? 3);
const TEXT = [
  'the patient is a sixty two year old woman who presents for follow up of hypertension and type two diabetes.',
  'she reports good adherence to her medications and denies chest pain shortness of breath or palpitations.',
  'her home blood pressure readings have ranged from one thirty to one forty systolic.',
  'on examination she is alert and in no acute distress. the heart has a regular rate and rhythm without murmurs.',
  'the lungs are clear to auscultation bilaterally. there is no peripheral edema.',
  'laboratory results show a hemoglobin a one c of seven point two percent, down from seven point eight.',
  'assessment and plan. hypertension, not at goal. increase lisinopril to twenty milligrams daily.',
  'type two diabetes, improving. continue metformin five hundred milligrams twice daily.',
  'return to clinic in three months with repeat laboratory studies. she was counseled on diet and exercise.',
].join(' ');

async function main() {
  const work = await mkdtemp(path.join(tmpdir(), 'dictum-bench-engine-'));
  try {
    const speech = await synthesizeSpeech(TEXT, { format: 'wav', padSec: 0.5 });
    const wav = path.join(work, 'normalized.wav');
    await normalizeAudio(speech, wav, 'ffmpeg');
    const { durationSec } = await readWavInfo(wav);
    const config = loadConfig({ ...process.env, ASR_ENGINE: 'local' });
    const engine = createAsrEngine(config.transcription);
    if (!engine || !(await engine.available()))
      throw new Error('the local engine (pocketsphinx) is not available');
    const rtf: number[] = [];
    let words = 0;
    for (let i = 0; i < RUNS; i++) {
      const result = await engine.transcribe(wav, { durationSec });
      rtf.push(result.engineSeconds / durationSec);
      words = result.words.length;
    }
    // The same speech through the evaluation's recording conditions, once each: hard audio widens the
    // decoder's search, and noise and rooms add an enhancement step before it.
    // `rtf` is the decoder's time, as above; `rtfWithPreparation` the whole transcription (channel
    // analysis, denoising or dereverberation, decoding), wall clock.
    const byCondition: Record<string, { rtf: number; rtfWithPreparation: number; model: string }> = {};
    for (const condition of CONDITIONS.filter((c) => c !== 'clean')) {
      const copy = await degradedCopy(wav, condition, path.join(work, 'conditions'));
      const started = performance.now();
      const result = await engine.transcribe(copy.wav, { durationSec: copy.durationSec });
      byCondition[condition] = {
        rtf: round(result.engineSeconds / copy.durationSec, 3),
        rtfWithPreparation: round((performance.now() - started) / 1000 / copy.durationSec, 3),
        model: result.model.replace(/@[0-9a-f]+/g, ''),
      };
    }
    await report('local-engine', {
      engine: `${engine.name} (${engine.model})`,
      audioSec: round(durationSec, 1),
      runs: RUNS,
      wordsRecognised: words,
      realTimeFactor: { median: round(percentile(rtf, 50), 3), max: round(Math.max(...rtf), 3) },
      realTimeFactorByCondition: byCondition,
      rtfTarget: 0.5,
      pinnedToOneCore: process.env.BENCH_PINNED === '1',
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
