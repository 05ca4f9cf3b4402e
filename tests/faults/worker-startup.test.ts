import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultStack, startFaultStack } from './fault-stack';

// A deployment missing one of the local engine's helper tools still runs, but its drafts are worse:
// the operator hears it from the worker at start-up rather than from the transcriptionists later.

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack({ worker: false });
});
afterAll(async () => stack?.stop());

describe('worker start-up', () => {
  it('warns when the local engine runs without sphinx_fe, and starts anyway', async () => {
    // A PATH with no tools on it (node itself is started by its full path).
    const bare = await mkdtemp(path.join(tmpdir(), 'dictum-bare-path-'));
    const worker = await stack.startWorker({ ASR_ENGINE: 'local', PATH: bare });
    const warnings = worker
      .output()
      .split('\n')
      .filter((line) => line.includes('sphinx_fe'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"level":40');
    expect(warnings[0]).toContain('+model-cmn');
  }, 60_000);
});
