// The enhancement steps' memory grows with the recording's length (short-time spectra of the whole
// block), so long recordings are processed in blocks. Each block starts a little earlier than the
// part of it that is kept, so what depends on the frames before (a room's tail, a smoothed SNR)
// has them.

/** Seconds per block. */
const BLOCK_SEC = 30;
/** Each block starts this much earlier than the samples it contributes. */
const LEAD_IN_SEC = 1;

/** `enhance` applied to 16-bit samples block by block, in float (−1 … 1) and back. */
export function enhanceInBlocks(
  samples: Int16Array,
  sampleRate: number,
  enhance: (block: Float32Array) => Float32Array,
): Int16Array {
  const out = new Int16Array(samples.length);
  const block = BLOCK_SEC * sampleRate;
  const leadIn = LEAD_IN_SEC * sampleRate;
  for (let start = 0; start < samples.length; start += block) {
    const from = Math.max(0, start - leadIn);
    const end = Math.min(samples.length, start + block);
    const input = new Float32Array(end - from);
    for (let i = from; i < end; i++) input[i - from] = samples[i]! / 32768;
    const result = enhance(input);
    for (let i = start; i < end; i++)
      out[i] = Math.max(-32768, Math.min(32767, Math.round(result[i - from]! * 32768)));
  }
  return out;
}
