import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A file ffmpeg makes from a lavfi source (a tone, silence, a still image), at `out`. */
export async function lavfiFile(out: string, source: string, outputArgs: string[] = []) {
  await run('ffmpeg', [
    '-nostdin',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    source,
    ...outputArgs,
    out,
  ]);
  return out;
}

/** A 16 x 16 red PNG: media, but no audio in it. */
export const redPng = (out: string) => lavfiFile(out, 'color=red:s=16x16', ['-frames:v', '1']);
