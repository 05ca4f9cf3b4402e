import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { enhanceInBlocks } from '../audio/pcm-blocks';
import { type SpectralDenoiseOptions, spectralDenoise } from '../audio/spectral-denoise';
import { readWavInfo, wavHeader } from '../audio/wav-header';
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

/** The enhanced copy of 16-bit mono samples. */
export function enhancePcm(samples: Int16Array, sampleRate: number, enhancement: Enhancement): Int16Array {
  return enhanceInBlocks(samples, sampleRate, (block) =>
    enhancement.step === 'denoising'
      ? spectralDenoise(block, enhancement.options)
      : wpeDereverberate(block, enhancement.options),
  );
}

/** Reads a 16-bit mono WAV and writes its enhanced copy with the canonical 44-byte header. */
export async function enhanceWavFile(input: string, output: string, enhancement: Enhancement): Promise<void> {
  const info = await readWavInfo(input);
  const bytes = await readFile(input);
  const data = bytes.subarray(info.dataOffset, info.dataOffset + info.dataBytes);
  const aligned = Buffer.from(data); // own, even-aligned copy for the Int16Array view
  const samples = new Int16Array(aligned.buffer, aligned.byteOffset, Math.floor(aligned.length / 2));
  const result = enhancePcm(samples, info.sampleRate, enhancement);
  const body = Buffer.from(result.buffer, result.byteOffset, result.byteLength);
  await writeFile(output, Buffer.concat([wavHeader(body.length, info.sampleRate, 1), body]));
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
