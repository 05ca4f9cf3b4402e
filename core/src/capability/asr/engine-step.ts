import { ProcessStartError, runProcess } from '../audio/run-process';
import { TranscriptionError } from './engine';

/**
 * Runs one program a transcription needs before decoding (ffmpeg's denoiser, the dereverberation),
 * with the engine's deadline and cancellation; every failure is transient (the job is retried),
 * because a missing or crashing helper says nothing about the audio.
 */
export async function runEngineStep(
  bin: string,
  args: string[],
  options: { program: string; step: string; timeoutMs: number; signal?: AbortSignal },
): Promise<void> {
  let result: Awaited<ReturnType<typeof runProcess>>;
  try {
    result = await runProcess(bin, args, {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      captureStdout: false,
      stderrTailBytes: 1024,
    });
  } catch (error) {
    if (error instanceof ProcessStartError)
      throw new TranscriptionError(
        'transient',
        'ENGINE_UNAVAILABLE',
        `${options.program} could not be started`,
      );
    throw error;
  }
  if (result.timedOut)
    throw new TranscriptionError('transient', 'ENGINE_TIMEOUT', `${options.step} did not finish in time`);
  if (result.code !== 0)
    throw new TranscriptionError(
      'transient',
      'ENGINE_CRASHED',
      `${options.step} failed (${result.signal ?? `exit ${result.code}`})`,
    );
}
