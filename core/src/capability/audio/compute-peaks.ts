import { createReadStream } from 'node:fs';
import { readWavInfo } from './wav-header';

// The editor draws its waveform from these peaks instead of decoding hours of audio in the browser.

export interface AudioPeaks {
  durationSec: number;
  /** Per bucket of 1/pointsPerSecond s: the largest absolute sample, 0..1, 3 decimals. */
  peaks: number[];
}

/** Streams a 16-bit PCM WAV (normally the 16 kHz mono normalised file) into waveform peaks. */
export async function computePeaks(wavPath: string, pointsPerSecond = 50): Promise<AudioPeaks> {
  if (!(pointsPerSecond > 0)) throw new RangeError('pointsPerSecond must be positive');
  const info = await readWavInfo(wavPath);
  const framesPerBucket = info.sampleRate / pointsPerSecond;
  const totalFrames = info.dataBytes / info.blockAlign;
  const peaks: number[] = [];
  if (totalFrames === 0) return { durationSec: 0, peaks };

  let frame = 0;
  let bucketEnd = framesPerBucket;
  let peak = 0;
  // A sample split across two stream chunks waits here for its second byte.
  let carry: number | undefined;
  const stream = createReadStream(wavPath, {
    start: info.dataOffset,
    end: info.dataOffset + info.dataBytes - 1,
    highWaterMark: 256 * 1024,
  });
  let sampleIndex = 0;
  const take = (sample: number) => {
    const magnitude = sample < 0 ? -sample : sample;
    if (magnitude > peak) peak = magnitude;
    sampleIndex += 1;
    if (sampleIndex % info.channels !== 0) return;
    frame += 1;
    if (frame >= bucketEnd) {
      peaks.push(round(peak));
      peak = 0;
      bucketEnd += framesPerBucket;
    }
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let i = 0;
    if (carry !== undefined && chunk.length > 0) {
      take(Buffer.from([carry, chunk[0]!]).readInt16LE(0));
      carry = undefined;
      i = 1;
    }
    for (; i + 1 < chunk.length; i += 2) take(chunk.readInt16LE(i));
    if (i < chunk.length) carry = chunk[i];
  }
  // The final partial bucket still covers audio, so it gets a point.
  if (peaks.length < Math.ceil(totalFrames / framesPerBucket - 1e-9)) peaks.push(round(peak));
  return { durationSec: info.durationSec, peaks };
}

function round(peak: number): number {
  return Math.round(Math.min(1, peak / 32768) * 1000) / 1000;
}
