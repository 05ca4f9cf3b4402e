import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';

const run = promisify(execFile);

/** A temporary folder for a test file's media, removed after its tests. */
export function tempDirForFile(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

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
