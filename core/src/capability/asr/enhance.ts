import { open } from 'node:fs/promises';
import path from 'node:path';
import { enhanceInBlocks } from '../audio/pcm-blocks';
import { type SpectralDenoiseOptions, spectralDenoise } from '../audio/spectral-denoise';
import { readWavInfo, WAV_HEADER_BYTES, wavHeader } from '../audio/wav-header';
import { type WpeOptions, wpeDereverberate } from '../audio/wpe';
import { runEngineStep } from './engine-step';

// What the engine does to audio before decoding it with a condition model (issue 17): steady noise
// is denoised (audio/spectral-denoise.ts), reverberant rooms dereverberated (audio/wpe.ts); each
// condition model is adapted to audio prepared the same way. Both are CPU-bound signal processing
// over short-time spectra, so the engine runs them in a child process, off the worker's event loop,
// with the decode's deadline and cancellation.

export type Enhancement =
  | { step: 'denoising'; options?: SpectralDenoiseOptions }
  | { step: 'dereverberation'; options?: WpeOptions };

const enhancer = (enhancement: Enhancement) => (block: Float32Array) =>
  enhancement.step === 'denoising'
    ? spectralDenoise(block, enhancement.options)
    : wpeDereverberate(block, enhancement.options);

/**
 * Reads a 16-bit mono WAV and writes its enhanced copy with the canonical 44-byte header, a block
 * at a time (audio/pcm-blocks.ts): memory stays that of one block however long the dictation.
 */
export async function enhanceWavFile(input: string, output: string, enhancement: Enhancement): Promise<void> {
  const info = await readWavInfo(input);
  const length = Math.floor(info.dataBytes / 2);
  const source = await open(input, 'r');
  const sink = await open(output, 'w');
  try {
    let written = 0;
    await sink.write(wavHeader(length * 2, info.sampleRate, 1), 0, undefined, 0);
    await enhanceInBlocks(
      {
        length,
        read: async (from, end) => {
          const bytes = Buffer.alloc((end - from) * 2);
          await source.read(bytes, 0, bytes.length, info.dataOffset + from * 2);
          return new Int16Array(bytes.buffer, bytes.byteOffset, end - from);
        },
      },
      info.sampleRate,
      enhancer(enhancement),
      async (samples) => {
        const bytes = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
        await sink.write(bytes, 0, bytes.length, WAV_HEADER_BYTES + written);
        written += bytes.length;
      },
    );
  } finally {
    await Promise.all([source.close(), sink.close()]);
  }
}

/** enhanceWavFile in a child Node process, with the engine's deadline and cancellation. */
export async function enhanceWav(
  input: string,
  output: string,
  enhancement: Enhancement,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<void> {
  const cli = new URL('./enhance-cli.ts', import.meta.url).pathname;
  // The worker runs under `node --import tsx`; a test runner may not, and the CLI is TypeScript.
  const loader = process.execArgv.some((a) => a.includes('tsx')) ? [] : ['--import', 'tsx'];
  await runEngineStep(
    process.execPath,
    [
      ...process.execArgv,
      ...loader,
      cli,
      path.resolve(input),
      path.resolve(output),
      JSON.stringify(enhancement),
    ],
    {
      program: `the ${enhancement.step} process`,
      step: enhancement.step,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    },
  );
}
