import path from 'node:path';
import { runEngineStep } from './engine-step';

// Steady background noise (issue 17): pocketsphinx's own noise removal leaves most of a 12 dB SNR
// noise floor in the features. ffmpeg's FFT denoiser (afftdn, spectral noise gating with a tracked
// noise profile) takes it out before decoding. Measured on the development set's noisy copies
// (docs/asr-quality.md): 0.544 → 0.256 WER with the settings below; a stronger reduction or a
// floor set too high removes speech with the noise (nr 30 dB: 0.633, nr 40 dB: 0.881; floor
// −30 dB: 0.326), so the floor is set from the recording's own quiet frames.

/** How much the denoiser takes off (dB): ffmpeg's default, best of 8–16 on the dev set. */
const NOISE_REDUCTION_DB = 12;
/** The denoiser's starting floor sits this far below the quiet frames' level (dev set: −40 dB for floors of −38 to −33). */
const FLOOR_OFFSET_DB = 4;

/** The afftdn filter for a recording whose quiet frames sit at `noiseFloorDbfs`. */
export function denoiseFilter(noiseFloorDbfs: number): string {
  // afftdn accepts floors from -80 to -20 dB; a floor that is not a number gets ffmpeg's default.
  const wanted = Number.isFinite(noiseFloorDbfs) ? noiseFloorDbfs - FLOOR_OFFSET_DB : -50;
  const floor = Math.round(Math.min(-20, Math.max(-80, wanted)));
  return `afftdn=nr=${NOISE_REDUCTION_DB}:nf=${floor}:tn=1`;
}

/** Writes a denoised copy of the 16 kHz mono WAV `input` to `output` (same format). */
export async function denoiseWav(
  input: string,
  output: string,
  options: { noiseFloorDbfs: number; ffmpegBin?: string; timeoutMs: number; signal?: AbortSignal },
): Promise<void> {
  const args = [
    ...['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', `file:${path.resolve(input)}`],
    ...['-af', denoiseFilter(options.noiseFloorDbfs), '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le'],
    // The canonical 44-byte header, as normalize-audio.ts writes it.
    ...['-map_metadata', '-1', '-fflags', '+bitexact', '-flags:a', '+bitexact'],
    ...['-f', 'wav', `file:${path.resolve(output)}`],
  ];
  await runEngineStep(options.ffmpegBin ?? 'ffmpeg', args, {
    program: 'ffmpeg',
    step: 'denoising',
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });
}
