import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readWavInfo, wavHeader } from '../audio/wav-header';
import { type WpeOptions, wpeDereverberate } from '../audio/wpe';
import { runEngineStep } from './engine-step';

// Reverberant rooms (issue 17): the room's tail fills the pauses and smears each word into the
// next. Weighted prediction error (audio/wpe.ts) takes the late tail out before decoding; the room
// model is adapted to audio dereverberated the same way. It is CPU-bound (about a tenth of the
// audio's duration), so the engine runs it in a child process, off the worker's event loop.

/** WPE's memory grows with length: longer recordings are processed in blocks of this many seconds. */
const BLOCK_SEC = 30;
/** Each block starts this much earlier, so its filter has the tail of the previous block to predict from. */
const LEAD_IN_SEC = 1;

/** Dereverberated 16-bit samples, processed block by block. */
export function dereverbPcm(samples: Int16Array, sampleRate: number, wpe?: WpeOptions): Int16Array {
  const out = new Int16Array(samples.length);
  const block = BLOCK_SEC * sampleRate;
  const leadIn = LEAD_IN_SEC * sampleRate;
  for (let start = 0; start < samples.length; start += block) {
    const from = Math.max(0, start - leadIn);
    const end = Math.min(samples.length, start + block);
    const input = new Float32Array(end - from);
    for (let i = from; i < end; i++) input[i - from] = samples[i]! / 32768;
    const clean = wpeDereverberate(input, wpe);
    for (let i = start; i < end; i++)
      out[i] = Math.max(-32768, Math.min(32767, Math.round(clean[i - from]! * 32768)));
  }
  return out;
}

/** Reads a 16-bit mono WAV and writes its dereverberated copy with the canonical 44-byte header. */
export async function dereverbWavFile(input: string, output: string, wpe?: WpeOptions): Promise<void> {
  const info = await readWavInfo(input);
  const bytes = await readFile(input);
  const data = bytes.subarray(info.dataOffset, info.dataOffset + info.dataBytes);
  const aligned = Buffer.from(data); // own, even-aligned copy for the Int16Array view
  const samples = new Int16Array(aligned.buffer, aligned.byteOffset, Math.floor(aligned.length / 2));
  const result = dereverbPcm(samples, info.sampleRate, wpe);
  const body = Buffer.from(result.buffer, result.byteOffset, result.byteLength);
  await writeFile(output, Buffer.concat([wavHeader(body.length, info.sampleRate, 1), body]));
}

/** dereverbWavFile in a child Node process, with the engine's deadline and cancellation. */
export async function dereverbWav(
  input: string,
  output: string,
  options: { timeoutMs: number; signal?: AbortSignal; wpe?: WpeOptions },
): Promise<void> {
  const cli = new URL('./dereverb-cli.ts', import.meta.url).pathname;
  // The worker runs under `node --import tsx`; a test runner may not, and the CLI is TypeScript.
  const loader = process.execArgv.some((a) => a.includes('tsx')) ? [] : ['--import', 'tsx'];
  await runEngineStep(
    process.execPath,
    [
      ...[...process.execArgv, ...loader, cli, path.resolve(input), path.resolve(output)],
      JSON.stringify(options.wpe ?? {}),
    ],
    {
      program: 'the dereverberation process',
      step: 'dereverberation',
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    },
  );
}
