import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@dictum/core/infra/config';
import { jobContracts, jobSchedules } from '@dictum/core/infra/queue/job-contracts';
import { describe, expect, it } from 'vitest';

// Issue 11: each job has one producer function (maintenance jobs: their schedule in the contract),
// and no job signals a retry through an error message (handlers return result values).

const ROOT = path.resolve(import.meta.dirname, '../..');
const PRODUCERS: Record<string, string> = {
  'transcribe-dictation': 'core/src/domain/dictation/enqueue-transcription.ts',
  'deliver-document': 'core/src/domain/delivery/schedule-deliveries.ts',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (name === 'generated' || name === 'node_modules') return [];
    if (statSync(path.join(ROOT, rel)).isDirectory()) return sourceFiles(rel);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [rel] : [];
  });
}

const files = ['api/src', 'worker/src', 'core/src'].flatMap(sourceFiles);
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** The job names a file enqueues: `enqueue(queues, '<name>'` calls and direct BullMQ adds. */
export function enqueuedJobs(text: string): string[] {
  const named = [...text.matchAll(/\benqueue\(\s*[\w.]+,\s*'([a-z-]+)'/g)].map((m) => m[1]!);
  const direct = /\.(add|addBulk)\(\s*'([a-z-]+)'/g.test(text) ? ['(direct add)'] : [];
  return [...named, ...direct];
}

describe('job producers', () => {
  it('the detector sees an enqueue and a direct add', () => {
    expect(enqueuedJobs(`await enqueue(ctx.queues, 'deliver-document', { deliveryId })`)).toEqual([
      'deliver-document',
    ]);
    expect(enqueuedJobs(`queues.delivery.add('deliver-document', data)`)).toEqual(['(direct add)']);
    expect(enqueuedJobs('set.add(x)')).toEqual([]);
  });

  it('each enqueued job is enqueued by its one producer function and nowhere else', () => {
    const found: string[] = [];
    for (const file of files) {
      if (file === 'core/src/infra/queue/queues.ts') continue; // enqueue itself
      for (const job of enqueuedJobs(read(file))) found.push(`${job} in ${file}`);
    }
    expect(found.sort()).toEqual(
      Object.entries(PRODUCERS)
        .map(([job, file]) => `${job} in ${file}`)
        .sort(),
    );
  });

  it('every other job is a scheduled maintenance job', () => {
    const config = loadConfig({
      ...process.env,
      AUDIT_CHECKPOINT_KEY: Buffer.alloc(32, 1).toString('base64'),
      ASR_MODEL_REFRESH_HOURS: '24',
    });
    const scheduled = jobSchedules(config).map((s) => s.name);
    const unproduced = Object.keys(jobContracts).filter((name) => !(name in PRODUCERS));
    expect(scheduled.sort()).toEqual(unproduced.sort());
    for (const name of scheduled) expect(jobContracts[name].queue).toBe('maintenance');
  });

  it('no worker code signals a retry through an error message', () => {
    const offenders = files
      .filter((f) => f.startsWith('worker/src/'))
      .filter((f) => /transient:|\.message\.match\(|\.test\(\s*(error|err|e)\.message/.test(read(f)));
    expect(offenders).toEqual([]);
  });
});
