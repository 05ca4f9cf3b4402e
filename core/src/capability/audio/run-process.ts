import { spawn } from 'node:child_process';

// One way to run ffmpeg, ffprobe and pocketsphinx: an argument array (never a shell, so file names
// can't inject commands), a hard timeout, and stderr kept only as a bounded tail. Tool output can
// echo file metadata, so callers use the tail to classify failures and never log it wholesale.

export interface RunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Collect stdout (default true); pass false for tools whose output goes to a file. */
  captureStdout?: boolean;
  /** Cap on collected stdout; beyond it the process is killed and the run fails. */
  maxStdoutBytes?: number;
  /** Bytes of stderr kept (the end of it). */
  stderrTailBytes?: number;
  /** Written to the program's stdin (then closed): data that must not sit in a file or argument. */
  input?: string;
}

export interface RunResult {
  /** Exit code, or null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderrTail: string;
  timedOut: boolean;
  stdoutOverflow: boolean;
  elapsedMs: number;
}

/** The program could not be started at all (missing binary, no permission): an ops problem. */
export class ProcessStartError extends Error {
  constructor(
    readonly bin: string,
    readonly errno: string | undefined,
  ) {
    super(`could not start ${bin}${errno ? ` (${errno})` : ''}`);
    this.name = 'ProcessStartError';
  }
}

export function runProcess(bin: string, args: string[], options: RunOptions): Promise<RunResult> {
  const { timeoutMs, signal, captureStdout = true, maxStdoutBytes = 64 * 1024 * 1024 } = options;
  const tailBytes = options.stderrTailBytes ?? 8192;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new DOMException('aborted', 'AbortError'));
      return;
    }
    const started = performance.now();
    const child = spawn(bin, args, {
      stdio: [options.input === undefined ? 'ignore' : 'pipe', captureStdout ? 'pipe' : 'ignore', 'pipe'],
      shell: false,
      windowsHide: true,
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stdoutOverflow = false;
    let stderrTail = Buffer.alloc(0);
    let timedOut = false;
    let aborted = false;
    let settled = false;

    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    const onAbort = () => {
      aborted = true;
      kill();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };

    // A program that exits without reading all its input must not crash us with EPIPE.
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input);
    child.stdout?.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxStdoutBytes) {
        stdoutOverflow = true;
        kill();
        return;
      }
      out.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      const joined = Buffer.concat([stderrTail, chunk]);
      stderrTail = joined.length > tailBytes ? joined.subarray(joined.length - tailBytes) : joined;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(new ProcessStartError(bin, error.code));
    });
    child.on('close', (code, exitSignal) => {
      if (settled) return;
      settled = true;
      cleanup();
      if (aborted) {
        reject(signal?.reason ?? new DOMException('aborted', 'AbortError'));
        return;
      }
      resolve({
        code,
        signal: exitSignal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderrTail: stderrTail.toString('utf8'),
        timedOut,
        stdoutOverflow,
        elapsedMs: performance.now() - started,
      });
    });
  });
}
