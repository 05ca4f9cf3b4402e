import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeChannel, analyzeWavChannel } from '@dictum/core/capability/asr/channel';
import { calibrateConfidence, calibrationFor } from '@dictum/core/capability/asr/confidence';
import { enhanceWav } from '@dictum/core/capability/asr/enhance';
import {
  DEFAULT_POCKETSPHINX_MODEL_DIR,
  LocalPocketsphinxEngine,
} from '@dictum/core/capability/asr/local-engine';
import { decideAuthorPromotion } from '@dictum/core/capability/asr/model/author-models';
import { ACOUSTIC_MODEL_FILES } from '@dictum/core/capability/asr/model/channel-model';
import { measureOverlap, overlapProblems } from '@dictum/core/capability/asr/model/overlap';
import { parseSendump, s3File3d } from '@dictum/core/capability/asr/model/sphinx-files';
import { seededRandom } from '@dictum/core/capability/asr/model/training-text';
import { normalizeAudio } from '@dictum/core/capability/audio/normalize-audio';
import { runProcess } from '@dictum/core/capability/audio/run-process';
import { readWavInfo, wavHeader } from '@dictum/core/capability/audio/wav-header';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alignCorrect, fitCalibration, flagStats } from '../../bench/src/asr-eval/calibration';
import {
  channelDecoderArgs,
  channelPreparation,
  channelRecipe,
  installedModelAction,
} from '../../bench/src/asr-eval/phone-adaptation';

// Issue 17: channel detection, the telephone model's wiring, the evaluation-overlap check and the
// per-author promotion rule. Small and fast: two seconds of generated audio, real ffmpeg.

// What is tested is the choice of model, not speed: a shared machine can take a minute to load one.
const SLOW_MACHINE_MS = 120_000;
let dir: string;
let wide: string;
let phone: string;
const ffmpeg = async (args: string[]) => {
  const r = await runProcess('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', ...args], {
    timeoutMs: 30_000,
    captureStdout: false,
  });
  expect(r.code).toBe(0);
};

let noisy: string;
let reverberant: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dictum-conditions-'));
  // Bursts of pink noise with a pulsing envelope stand in for speech: energy at every frequency up
  // to 8 kHz, phrases 0.6 s long with 0.6 s of silence between them, as dictation has.
  const source = path.join(dir, 'source.wav');
  await ffmpeg([
    ...['-f', 'lavfi', '-i', 'anoisesrc=color=pink:seed=3:duration=4:sample_rate=16000:amplitude=0.3'],
    ...['-af', "volume=eval=frame:volume='(0.6+0.4*sin(2*PI*3*t))*lt(mod(t,1.2),0.6)'", '-ac', '1', source],
  ]);
  wide = path.join(dir, 'wide.wav');
  await normalizeAudio(source, wide, 'ffmpeg');
  // The phone chain of the evaluation: 300–3400 Hz, 8 kHz μ-law, then the service's normalisation.
  const mulaw = path.join(dir, 'phone-mulaw.wav');
  await ffmpeg([
    ...['-i', source, '-af', 'highpass=f=300,highpass=f=300,lowpass=f=3400,lowpass=f=3400'],
    ...['-ar', '8000', '-c:a', 'pcm_mulaw', mulaw],
  ]);
  phone = path.join(dir, 'phone.wav');
  await normalizeAudio(mulaw, phone, 'ffmpeg');
  // A fan in the room: steady white noise well under the phrases fills the pauses.
  const mixed = path.join(dir, 'noisy-mix.wav');
  await ffmpeg([
    ...[
      '-i',
      source,
      '-f',
      'lavfi',
      '-i',
      'anoisesrc=color=white:seed=9:duration=4:sample_rate=16000:amplitude=0.02',
    ],
    ...['-filter_complex', 'amix=inputs=2:normalize=0', '-ac', '1', mixed],
  ]);
  noisy = path.join(dir, 'noisy.wav');
  await normalizeAudio(mixed, noisy, 'ffmpeg');
  // An office with hard walls: the phrases' tails fill the pauses and die away. (A much longer
  // reverberation with short pauses looks like a steady floor to the detector: docs/asr-quality.md.)
  const wet = path.join(dir, 'reverb-wet.wav');
  const sox = await runProcess('sox', ['-q', '-R', source, wet, 'reverb', '60', '50', '70', '100', '20'], {
    timeoutMs: 30_000,
    captureStdout: false,
  });
  expect(sox.code).toBe(0);
  reverberant = path.join(dir, 'reverb.wav');
  await normalizeAudio(wet, reverberant, 'ffmpeg');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * 32 ms frames: 60 % phrases at one level, 40 % pauses whose levels spread over `spreadDb` (seeded,
 * so the same every run). Only the spread of the quiet frames differs.
 */
function pausesSpreadOver(spreadDb: number): Int16Array {
  const random = seededRandom(7);
  const rand = () => random() * 2 - 1;
  const samples = new Int16Array(512 * 300);
  for (let f = 0; f < 300; f++) {
    const amplitude = f % 5 < 3 ? 4000 : 600 * 10 ** ((((f * 37) % 101) / 100 - 0.5) * (spreadDb / 20));
    for (let i = 0; i < 512; i++) samples[f * 512 + i] = Math.round(rand() * amplitude);
  }
  return samples;
}

/** A stand-in acoustic model folder: Debian's files plus the manifest that marks it complete. */
async function standInModel(name: string, manifest: Record<string, unknown>): Promise<string> {
  const hmm = path.join(dir, name);
  await mkdir(hmm);
  const base = path.join(DEFAULT_POCKETSPHINX_MODEL_DIR, 'en-us');
  for (const f of ACOUSTIC_MODEL_FILES) await symlink(path.join(base, f), path.join(hmm, f));
  await writeFile(path.join(hmm, 'channel.json'), JSON.stringify(manifest));
  return hmm;
}

describe('channel detection', () => {
  it('tells phone-line audio from wide-band audio by its spectrum, both at 16 kHz', async () => {
    const w = await analyzeWavChannel(wide);
    const p = await analyzeWavChannel(phone);
    expect(w.narrowBand).toBe(false);
    expect(w.effectiveBandwidthHz).toBeGreaterThan(6000);
    expect(p.narrowBand).toBe(true);
    expect(p.condition).toBe('narrow-band');
    expect(p.effectiveBandwidthHz).toBeLessThanOrEqual(4500);
    expect(p.highBandDb).toBeLessThan(w.highBandDb - 20);
  });

  it('tells clean pauses, a steady noise floor and a reverberant room apart by the quiet frames', async () => {
    const clean = await analyzeWavChannel(wide);
    const steady = await analyzeWavChannel(noisy);
    const room = await analyzeWavChannel(reverberant);
    expect(clean.condition).toBe('clean');
    expect(clean.dynamicRangeDb).toBeGreaterThan(40);
    expect(steady.condition).toBe('steady-noise');
    expect(steady.dynamicRangeDb).toBeLessThan(27);
    // The floor is the fan's level: white noise at 0.02 of full scale is about -34 dBFS (RMS).
    expect(steady.noiseFloorDbfs).toBeGreaterThan(-40);
    expect(steady.noiseFloorDbfs).toBeLessThan(-28);
    expect(room.condition).toBe('reverberant');
    expect(room.floorSpreadDb).toBeGreaterThan(6);
  });

  it('tells steady floors, dying tails and pauses in between apart', () => {
    expect(analyzeChannel(pausesSpreadOver(1), 16_000).condition).toBe('steady-noise');
    expect(analyzeChannel(pausesSpreadOver(14), 16_000).condition).toBe('fluctuating');
    expect(analyzeChannel(pausesSpreadOver(24), 16_000).condition).toBe('reverberant');
  });

  it('takes the noise floor out of steady-noise audio, keeping length and format', async () => {
    const before = await analyzeWavChannel(noisy);
    const out = path.join(dir, 'denoised.wav');
    await enhanceWav(noisy, out, { step: 'denoising' }, { timeoutMs: 30_000 });
    const after = await analyzeWavChannel(out);
    // The quiet frames go down by most of the denoiser's 18 dB cap (measured 17.0 dB; ffmpeg's
    // afftdn, before, took 1–2 dB), the phrases stay, so the range between them grows nearly as
    // much (16.1 dB).
    expect(after.noiseFloorDbfs).toBeLessThan(before.noiseFloorDbfs - 12);
    expect(after.dynamicRangeDb).toBeGreaterThan(before.dynamicRangeDb + 12);
    const [a, b] = await Promise.all([readWavInfo(noisy), readWavInfo(out)]);
    expect(b.sampleRate).toBe(16_000);
    expect(b.channels).toBe(1);
    expect(b.dataOffset).toBe(44);
    expect(Math.abs(b.durationSec - a.durationSec)).toBeLessThan(0.05);
  });

  it(
    'decodes narrow-band audio with the telephone model and wide-band audio without it',
    async () => {
      const hmm = await standInModel('phone-model', { id: 'test1234', channel: 'phone' });
      const engine = new LocalPocketsphinxEngine({ phoneModelDir: hmm, minTimeoutMs: SLOW_MACHINE_MS });
      expect((await engine.transcribe(phone, { durationSec: 4 })).model).toBe('en-us+phone@test1234');
      expect((await engine.transcribe(wide, { durationSec: 4 })).model).toBe('en-us');
    },
    3 * SLOW_MACHINE_MS,
  );

  it(
    'decodes wide-band audio with the wide-band model and its decoder settings when there is one',
    async () => {
      const hmm = await standInModel('phone-only', { id: 'test1234', channel: 'phone' });
      const wideHmm = await standInModel('wide-model', {
        id: 'wide5678',
        channel: 'wide',
        decoderArgs: ['-remove_noise', 'yes'],
      });
      const both = new LocalPocketsphinxEngine({
        phoneModelDir: hmm,
        wideModelDir: wideHmm,
        minTimeoutMs: SLOW_MACHINE_MS,
      });
      expect((await both.transcribe(wide, { durationSec: 4 })).model).toBe('en-us+wide@wide5678');
      // Without a noise or a room model the wide-band model takes both (still denoised, dereverberated).
      expect((await both.transcribe(noisy, { durationSec: 4 })).model).toBe('en-us+wide@wide5678+denoised');
      expect((await both.transcribe(reverberant, { durationSec: 4 })).model).toBe(
        'en-us+wide@wide5678+dereverberated',
      );
      // An option pocketsphinx does not know makes it fail: the model's settings reach the decoder.
      await writeFile(
        path.join(wideHmm, 'channel.json'),
        JSON.stringify({ id: 'wide5678', channel: 'wide', decoderArgs: ['-no_such_option', '1'] }),
      );
      await expect(both.transcribe(wide, { durationSec: 4 })).rejects.toThrow('pocketsphinx failed (exit');
    },
    4 * SLOW_MACHINE_MS,
  );

  it(
    'denoises steady-noise audio for the noise model and dereverberates reverberant audio for the room model',
    async () => {
      const engine = new LocalPocketsphinxEngine({
        wideModelDir: await standInModel('wide-all', { id: 'wide0001', channel: 'wide' }),
        noiseModelDir: await standInModel('noise-model', { id: 'noise001', channel: 'noise' }),
        roomModelDir: await standInModel('room-model', { id: 'room0001', channel: 'room' }),
        minTimeoutMs: SLOW_MACHINE_MS,
      });
      expect((await engine.transcribe(noisy, { durationSec: 4 })).model).toBe(
        'en-us+noise@noise001+denoised',
      );
      expect((await engine.transcribe(reverberant, { durationSec: 4 })).model).toBe(
        'en-us+room@room0001+dereverberated',
      );
      // Pauses neither steady nor dying away (babble, or a room through a long dictation with short
      // pauses) are decoded as a room too.
      const between = path.join(dir, 'fluctuating.wav');
      const pcm = pausesSpreadOver(14);
      await writeFile(
        between,
        Buffer.concat([wavHeader(pcm.byteLength, 16_000, 1), Buffer.from(pcm.buffer)]),
      );
      expect((await analyzeWavChannel(between)).condition).toBe('fluctuating');
      expect((await engine.transcribe(between, { durationSec: 10 })).model).toBe(
        'en-us+room@room0001+dereverberated',
      );
      const asIs = new LocalPocketsphinxEngine({
        roomModelDir: path.join(dir, 'room-model'),
        dereverb: false,
        minTimeoutMs: SLOW_MACHINE_MS,
      });
      expect((await asIs.transcribe(reverberant, { durationSec: 4 })).model).toBe('en-us+room@room0001');
      // A preparation step that fails leaves the job to be retried, never decoded without it.
      const failing = new LocalPocketsphinxEngine({
        roomModelDir: path.join(dir, 'room-model'),
        wpe: { hop: 0 },
        minTimeoutMs: SLOW_MACHINE_MS,
      });
      await expect(failing.transcribe(reverberant, { durationSec: 4 })).rejects.toMatchObject({
        kind: 'transient',
        reason: 'ENGINE_CRASHED',
      });
      // The denoised or dereverberated copy (patient audio) never outlives the decode, whether it
      // worked or not.
      expect(
        (await readdir(dir)).filter((f) => /\.[0-9a-f]{8}\.(denoised|dereverberated)\.wav$/.test(f)),
      ).toEqual([]);
    },
    3 * SLOW_MACHINE_MS,
  );
});

describe('evaluation overlap check', () => {
  const evaluation = [
    'history of present illness colon she noticed the redness on her left shin three days ago period'.split(
      ' ',
    ),
  ];
  it('fails when the training text contains an evaluation sentence', () => {
    const planted = [
      'vitals colon pulse eighty period'.split(' '),
      'she noticed the redness on her left shin three days ago'.split(' '),
    ];
    const report = measureOverlap(planted, evaluation);
    expect(report.leakedSentences.map((l) => l.sentence)).toEqual([
      'she noticed the redness on her left shin three days ago',
    ]);
    expect(overlapProblems(report).length).toBeGreaterThan(0);
  });

  it('passes when only clinical formulas are shared', () => {
    const training = ['history of present illness colon he has a cough period'.split(' ')];
    const report = measureOverlap(training, evaluation);
    expect(report.shared).toBe(1); // "history of present illness"
    expect(overlapProblems(report)).toEqual([]);
  });
});

describe('per-author promotion', () => {
  it('promotes an author model only when it is clearly better for that author', () => {
    expect(decideAuthorPromotion({ candidate: 40, baseline: 60, heldBack: 5 }).promote).toBe(true);
    expect(decideAuthorPromotion({ candidate: 59.5, baseline: 60, heldBack: 5 }).promote).toBe(false);
    expect(decideAuthorPromotion({ candidate: 70, baseline: 60, heldBack: 5 }).promote).toBe(false);
    expect(decideAuthorPromotion({ candidate: 40, baseline: 60, heldBack: 1 }).promote).toBe(false);
    expect(decideAuthorPromotion({ candidate: 40, baseline: null, heldBack: 5 }).promote).toBe(false);
  });
});

describe('installed channel models at setup', () => {
  it('keeps a current model, updates only the settings of one decoded otherwise, rebuilds one made otherwise', () => {
    for (const channel of ['phone', 'wide', 'noise', 'room'] as const) {
      const current = {
        preparation: channelPreparation(channel),
        recipe: channelRecipe(channel),
        decoderArgs: channelDecoderArgs(channel),
      };
      expect(installedModelAction(channel, current)).toBe('keep');
      expect(installedModelAction(channel, { ...current, decoderArgs: ['-lw', '9'] })).toBe(
        'update-settings',
      );
      expect(installedModelAction(channel, { ...current, recipe: `${current.recipe} espeak-ng` })).toBe(
        'rebuild',
      );
      // A model from before manifests recorded their recipe, or adapted to audio prepared otherwise.
      expect(installedModelAction(channel, { ...current, recipe: undefined })).toBe('rebuild');
      expect(installedModelAction(channel, { ...current, preparation: 'denoised' })).toBe('rebuild');
    }
    // An install from before the measured settings (its manifest has none) gets them, not a rebuild.
    expect(installedModelAction('wide', { recipe: channelRecipe('wide') })).toBe('update-settings');
    expect(
      installedModelAction('room', { recipe: channelRecipe('room'), preparation: 'dereverberated' }),
    ).toBe('update-settings');
  });
});

describe('sphinx parameter files', () => {
  it('reads a sendump into mixture weights and writes them as a Sphinx-III file', () => {
    const str = (s: string) => {
      const b = Buffer.alloc(4 + s.length + 1);
      b.writeInt32LE(s.length + 1, 0);
      b.write(s, 4, 'latin1');
      return b;
    };
    const int = (n: number) => {
      const b = Buffer.alloc(4);
      b.writeInt32LE(n, 0);
      return b;
    };
    // 1 feature, 2 densities, 3 senones; bytes are -log1.0001(weight) >> 10.
    const buf = Buffer.concat([
      str('feature_count 1'),
      str('mixw_shift 10'),
      int(0),
      int(2),
      int(3),
      Buffer.from([0, 1, 2, 3, 4, 5]),
    ]);
    const m = parseSendump(buf);
    expect([m.senones, m.features, m.densities]).toEqual([3, 1, 2]);
    expect(m.weights[0]).toBeCloseTo(1); // senone 0, density 0: byte 0
    expect(m.weights[1]).toBeCloseTo(1.0001 ** -(3 << 10)); // senone 0, density 1: byte 3
    const file = s3File3d(m.weights, 3, 1, 2);
    const header = file.toString('latin1', 0, file.indexOf('endhdr\n') + 7);
    expect(header).not.toContain('chksum0');
    expect(header.length % 4).toBe(0);
    expect(file.readInt32LE(header.length)).toBe(0x11223344);
  });
});

describe('confidence calibration', () => {
  it('labels recognised words right or wrong by alignment', () => {
    expect(alignCorrect('the pulse is eighty'.split(' '), 'the pulses eighty today'.split(' '))).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  it('maps raw confidences to the observed share of right words, monotone', () => {
    // Raw confidence says nothing below 0.9 here: words at 0.95 are right 3 times in 10.
    const words = [
      ...Array.from({ length: 60 }, (_, i) => ({ confidence: 0.95, correct: i % 10 < 3 })),
      ...Array.from({ length: 60 }, () => ({ confidence: 1, correct: true })),
    ];
    const points = fitCalibration(words, 4);
    expect(calibrateConfidence(0.95, points)).toBeCloseTo(0.3, 2);
    expect(calibrateConfidence(1, points)).toBe(1);
    const flag = flagStats(words, 0.5, points);
    expect(flag.recall).toBe(1);
    expect(flag.precision).toBeCloseTo(0.7, 2);
    expect(flagStats(words, 0.5, []).flagged).toBe(0);
  });

  it('resolves the low end where few words are wrong: the flag still finds them', () => {
    // 1,900 words, 100 wrong: 40 of the 60 lowest-scored, and 1 in 31 of the rest (about the share
    // wrong of the dev decodes since the recording's own cepstral mean, 399 of 7,224). A tenth of
    // the words in one bin (190, 45 wrong) is mostly right, and ten bins flag nothing at 0.6.
    const words = [
      ...Array.from({ length: 60 }, (_, i) => ({ confidence: 0.05 + i / 1000, correct: i % 3 === 0 })),
      ...Array.from({ length: 1840 }, (_, i) => ({
        confidence: 0.5 + (i / 1840) * 0.5,
        correct: i % 31 !== 0,
      })),
    ];
    expect(flagStats(words, 0.6, fitCalibration(words, 10)).flagged).toBe(0);
    const flag = flagStats(words, 0.6, fitCalibration(words));
    expect(flag.precision).toBeGreaterThan(0.5);
    expect(flag.recall).toBeGreaterThanOrEqual(0.4);
  });

  it('reads a word through the map of the acoustic model that decoded it', () => {
    const maps = { base: [{ raw: 0.5, p: 0.8 }], room: [{ raw: 0.5, p: 0.3 }], phone: [] };
    expect(calibrateConfidence(0.5, calibrationFor(maps, 'room'))).toBe(0.3);
    // No map of its own (or an empty one): the pooled base map.
    expect(calibrateConfidence(0.5, calibrationFor(maps, 'noise'))).toBe(0.8);
    expect(calibrateConfidence(0.5, calibrationFor(maps, 'phone'))).toBe(0.8);
    expect(calibrateConfidence(0.5, calibrationFor(maps, undefined))).toBe(0.8);
  });
});
