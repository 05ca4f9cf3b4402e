// The enhancement steps' memory grows with the recording's length (short-time spectra of the whole
// block), so long recordings are processed in blocks, read from the file and written out one at a
// time: an hour of dictation costs one block's memory, not the hour's. Each block starts a little
// earlier than the part of it that is kept, so what depends on the frames before (a room's tail, a
// smoothed SNR) has them.

/** Seconds per block. */
const BLOCK_SEC = 30;
/** Each block starts this much earlier than the samples it contributes. */
const LEAD_IN_SEC = 1;

/** 16-bit samples that can be read a range at a time (a WAV file's data chunk). */
export interface PcmSource {
  length: number;
  read(from: number, end: number): Promise<Int16Array>;
}

/**
 * `enhance` applied to 16-bit samples block by block, in float (−1 … 1) and back; each block's
 * result goes to `write` in order, so the output is never held whole.
 */
export async function enhanceInBlocks(
  source: PcmSource,
  sampleRate: number,
  enhance: (block: Float32Array) => Float32Array,
  write: (samples: Int16Array) => Promise<void>,
): Promise<void> {
  const block = BLOCK_SEC * sampleRate;
  const leadIn = LEAD_IN_SEC * sampleRate;
  for (let start = 0; start < source.length; start += block) {
    const from = Math.max(0, start - leadIn);
    const end = Math.min(source.length, start + block);
    const samples = await source.read(from, end);
    const input = new Float32Array(samples.length);
    for (let i = 0; i < samples.length; i++) input[i] = samples[i]! / 32768;
    const result = enhance(input);
    const out = new Int16Array(end - start);
    for (let i = start; i < end; i++)
      out[i - start] = Math.max(-32768, Math.min(32767, Math.round(result[i - from]! * 32768)));
    await write(out);
  }
}
