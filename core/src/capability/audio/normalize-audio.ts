import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AudioUndecodableError } from './probe-audio';
import { runProcess } from './run-process';
import { readWavInfo, WAV_HEADER_BYTES, type WavInfo, wavHeader } from './wav-header';

// Every engine gets the same input: 16 kHz mono 16-bit PCM WAV (pocketsphinx's acoustic model is
// 16 kHz; whisper resamples to 16 kHz itself, so nothing is lost and uploads stay small).

export const NORMALIZED_SAMPLE_RATE = 16_000;

export interface NormalizeOptions {
  /** Probed duration; sizes the default timeout (never beyond what maxDurationSec allows). */
  durationSec?: number;
  /**
   * The longest recording accepted (UPLOAD_MAX_DURATION_SEC). Decoding stops just past it (-t), the
   * output file is capped at that length's size (-fs), and the timeout is sized from it, not from
   * the header: a file whose header understates its length cannot make the worker write gigabytes
   * or decode for hours. Output longer than the limit is refused (TOO_LONG).
   */
  maxDurationSec?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface NormalizedAudio {
  durationSec: number;
  bytes: number;
}

export async function normalizeAudio(
  inputPath: string,
  outputPath: string,
  ffmpegBin: string,
  options: NormalizeOptions = {},
): Promise<NormalizedAudio> {
  const { maxDurationSec } = options;
  const sizingSec =
    maxDurationSec === undefined
      ? options.durationSec
      : Math.min(options.durationSec ?? maxDurationSec, maxDurationSec);
  // A header that understates the length only shortens the deadline: the decode is killed, not trusted.
  const timeoutMs =
    options.timeoutMs ??
    (maxDurationSec !== undefined
      ? 60_000 + maxDurationSec * 100
      : sizingSec
        ? 60_000 + sizingSec * 100
        : 600_000);
  const limitSec = maxDurationSec === undefined ? undefined : maxDurationSec + 1;
  const limits =
    limitSec === undefined
      ? []
      : [
          '-t',
          String(limitSec),
          '-fs',
          String(WAV_HEADER_BYTES + Math.ceil(limitSec) * NORMALIZED_SAMPLE_RATE * 2),
        ];
  // Written under a temporary name so a killed worker never leaves a truncated file that looks done.
  const partial = `${outputPath}.${randomUUID().slice(0, 8)}.partial`;
  const args = [
    ...['-nostdin', '-hide_banner', '-loglevel', 'error', '-y'],
    ...['-i', `file:${path.resolve(inputPath)}`, '-map', '0:a:0', '-vn', '-sn', '-dn'],
    ...['-ac', '1', '-ar', String(NORMALIZED_SAMPLE_RATE), '-c:a', 'pcm_s16le', ...limits],
    // A canonical 44-byte header: no LIST/INFO chunk (metadata can name the patient) and nothing
    // for pocketsphinx's simple header check to trip over.
    ...['-map_metadata', '-1', '-fflags', '+bitexact', '-flags:a', '+bitexact'],
    ...['-f', 'wav', `file:${path.resolve(partial)}`],
  ];
  try {
    const result = await runProcess(ffmpegBin, args, {
      timeoutMs,
      signal: options.signal,
      captureStdout: false,
    });
    if (result.timedOut) throw new AudioUndecodableError('DECODE_TIMEOUT');
    if (result.code !== 0) throw new AudioUndecodableError('DECODE_FAILED');
    const info = await readWavInfo(partial);
    if (info.dataBytes === 0) throw new AudioUndecodableError('NO_DURATION');
    if (maxDurationSec !== undefined && info.durationSec > maxDurationSec + 0.5) {
      throw new AudioUndecodableError('TOO_LONG');
    }
    await rename(partial, outputPath);
    return { durationSec: info.durationSec, bytes: info.dataOffset + info.dataBytes };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

export interface WavChunk {
  path: string;
  /** Where the chunk starts in the original, for shifting its word timings back. */
  offsetSec: number;
  durationSec: number;
}

export interface SplitOptions {
  /** How far before each size-limited cut to look for a quiet moment. Default 30 s. */
  searchSec?: number;
}

/**
 * Splits a PCM WAV into files of at most `maxBytes` each (header included). Each cut is moved back
 * to the quietest 20 ms within `searchSec` of the size limit, so words are rarely cut in half.
 * A file already within the limit is returned as is, without copying.
 */
export async function splitWav(
  wavPath: string,
  maxBytes: number,
  outDir: string,
  options: SplitOptions = {},
): Promise<WavChunk[]> {
  const info = await readWavInfo(wavPath);
  if (WAV_HEADER_BYTES + info.dataBytes <= maxBytes) {
    return [{ path: wavPath, offsetSec: 0, durationSec: info.durationSec }];
  }
  const maxData = Math.floor((maxBytes - WAV_HEADER_BYTES) / info.blockAlign) * info.blockAlign;
  if (maxData < info.byteRate) throw new RangeError('maxBytes must hold at least one second of audio');
  const searchBytes = Math.min(
    Math.floor(maxData / 4 / info.blockAlign) * info.blockAlign,
    Math.round((options.searchSec ?? 30) * info.sampleRate) * info.blockAlign,
  );

  await mkdir(outDir, { recursive: true });
  const chunks: WavChunk[] = [];
  const handle = await open(wavPath, 'r');
  try {
    let start = 0;
    while (start < info.dataBytes) {
      const limit = start + maxData;
      const end =
        limit >= info.dataBytes
          ? info.dataBytes
          : await quietestCut(handle, info, limit - searchBytes, limit);
      const chunkPath = path.join(outDir, `chunk-${String(chunks.length).padStart(3, '0')}.wav`);
      await writeChunk(wavPath, info, start, end, chunkPath);
      chunks.push({
        path: chunkPath,
        offsetSec: start / info.byteRate,
        durationSec: (end - start) / info.byteRate,
      });
      start = end;
    }
  } finally {
    await handle.close();
  }
  return chunks;
}

type FileHandle = Awaited<ReturnType<typeof open>>;

async function quietestCut(handle: FileHandle, info: WavInfo, from: number, to: number): Promise<number> {
  const frameBytes = Math.max(1, Math.round(info.sampleRate * 0.02)) * info.blockAlign;
  if (to - from < frameBytes) return to;
  const window = Buffer.alloc(to - from);
  await handle.read(window, 0, window.length, info.dataOffset + from);
  let best = to;
  let bestEnergy = Number.POSITIVE_INFINITY;
  for (let frame = 0; frame + frameBytes <= window.length; frame += frameBytes) {
    let energy = 0;
    for (let i = frame; i < frame + frameBytes; i += 2) {
      const s = window.readInt16LE(i);
      energy += s * s;
    }
    // `<=` so that among equally quiet frames the latest wins: chunks stay as large as allowed.
    if (energy <= bestEnergy) {
      bestEnergy = energy;
      best = from + frame + Math.floor(frameBytes / 2 / info.blockAlign) * info.blockAlign;
    }
  }
  return best;
}

async function writeChunk(
  wavPath: string,
  info: WavInfo,
  start: number,
  end: number,
  chunkPath: string,
): Promise<void> {
  const samples = createReadStream(wavPath, {
    start: info.dataOffset + start,
    end: info.dataOffset + end - 1,
  });
  await pipeline(async function* () {
    yield wavHeader(end - start, info.sampleRate, info.channels);
    yield* samples;
  }, createWriteStream(chunkPath));
}
