import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { frontEndArgs } from './decoder-args';
import { featParams, run } from './model/channel-model';

// pocketsphinx_continuous normalises cepstra live: a recording starts from the acoustic model's
// `-cmninit` (the mean of the model's training audio) and moves to its own mean only once the first
// stretch of speech ends. Audio unlike that training audio (a phone line, a codec, a room) was
// decoded with a mean about 20 units off in c0 until then, and its first words were often lost
// (docs/asr-quality.md, "The recording's own cepstral mean"). The recording's own mean is the
// starting point instead: sphinx_fe computes the cepstra with the decoder's own front end — the
// model's filterbank, the decode's noise removal and voice-activity detection settings, so the mean
// is of the frames the decoder keeps, like its live estimate — and a copy of the model's feat.params carries their mean as `-cmninit`, for
// `-featparams` (pocketsphinx reads feat.params after the command line: `-cmninit` alone is replaced).

/** Cepstral coefficients per frame (pocketsphinx's `-ceplen`). */
const CEPLEN = 13;

/** The mean of each cepstral coefficient over the frames of a sphinx_fe feature file, or null for none. */
export function cepstralMean(file: Buffer): number[] | null {
  if (file.length < 4) return null;
  // Header: the number of floats that follow, in the writer's byte order.
  const floats = (file.length - 4) / 4;
  const littleEndian = file.readInt32LE(0) === floats;
  if (!littleEndian && file.readInt32BE(0) !== floats) return null;
  const frames = Math.floor(floats / CEPLEN);
  if (frames === 0) return null;
  const sums = new Array<number>(CEPLEN).fill(0);
  for (let f = 0; f < frames; f++)
    for (let c = 0; c < CEPLEN; c++) {
      const at = 4 + (f * CEPLEN + c) * 4;
      sums[c]! += littleEndian ? file.readFloatLE(at) : file.readFloatBE(at);
    }
  const mean = sums.map((s) => s / frames);
  return mean.every(Number.isFinite) ? mean : null;
}

/** The model's feature parameters with `-cmninit` set to `mean`. */
export function withCmnInit(params: string[], mean: number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < params.length; i += 2)
    if (params[i] !== '-cmninit') out.push(params[i]!, params[i + 1]!);
  return [...out, '-cmninit', mean.map((m) => m.toFixed(2)).join(',')];
}

/**
 * Writes to `out` the feature parameters of the acoustic model `hmm` with the cepstral mean of `wav`
 * (16 kHz mono) as the decoder's starting point; false when the recording has no speech frames.
 * `decoderArgs` are the decode's settings (their front-end options shape the features too). The
 * feature file is written beside `out` and removed.
 */
export async function writeRecordingFeatParams(o: {
  wav: string;
  hmm: string;
  out: string;
  decoderArgs: string[];
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<boolean> {
  const params = await featParams(o.hmm);
  const features = `${o.out}.mfc`;
  try {
    await run(
      'sphinx_fe',
      [
        '-i',
        path.resolve(o.wav),
        '-o',
        features,
        '-mswav',
        'yes',
        '-samprate',
        '16000',
        ...frontEndArgs(params, o.decoderArgs),
      ],
      o.timeoutMs,
      o.signal,
    );
    const mean = cepstralMean(await readFile(features));
    if (!mean) return false;
    const lines = withCmnInit(params, mean).flatMap((v, i, all) => (i % 2 ? [] : [`${v} ${all[i + 1]}`]));
    await writeFile(o.out, `${lines.join('\n')}\n`);
    return true;
  } finally {
    await rm(features, { force: true });
  }
}
