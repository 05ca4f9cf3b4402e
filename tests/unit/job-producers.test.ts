import { loadConfig } from '@dictum/core/infra/config';
import { jobContracts, jobSchedules } from '@dictum/core/infra/queue/job-contracts';
import { describe, expect, it } from 'vitest';
import { readSource, sourceFiles } from '../support/source-scan';

// Issue 11: each job has one producer function (maintenance jobs: their schedule in the contract),
// and no job signals a retry through an error message (handlers return result values).

const PRODUCERS: Record<string, string> = {
  'transcribe-dictation': 'core/src/domain/dictation/enqueue-transcription.ts',
  'deliver-document': 'core/src/domain/delivery/schedule-deliveries.ts',
};

const QUEUES_MODULE = 'core/src/infra/queue/queues.ts'; // enqueue itself
const files = sourceFiles();

/**
 * The job names a file enqueues: `enqueue(queues, '<name>'` calls and direct BullMQ adds — a literal
 * job name, or any name on a receiver that names a queue (`queues[q].add(name`, `deliveryQueue.add(`).
 */
export function enqueuedJobs(text: string): string[] {
  const named = [...text.matchAll(/\benqueue\(\s*[\w.]+,\s*'([a-z-]+)'/g)].map((m) => m[1]!);
  const direct =
    /\.(add|addBulk)\(\s*'([a-z-]+)'/.test(text) || /[\w.[\]]*queue[\w.[\]]*\.(add|addBulk)\(/i.test(text)
      ? ['(direct add)']
      : [];
  return [...named, ...direct];
}

describe('job producers', () => {
  it('the detector sees an enqueue and a direct add', () => {
    expect(enqueuedJobs(`await enqueue(ctx.queues, 'deliver-document', { deliveryId })`)).toEqual([
      'deliver-document',
    ]);
    expect(enqueuedJobs(`queues.delivery.add('deliver-document', data)`)).toEqual(['(direct add)']);
    expect(enqueuedJobs(`queues.transcription.add(name, data)`)).toEqual(['(direct add)']);
    expect(enqueuedJobs('set.add(x)')).toEqual([]);
  });

  it('the scan reads the producers and sees the one direct add, in enqueue itself', () => {
    for (const file of [...Object.values(PRODUCERS), QUEUES_MODULE]) expect(files).toContain(file);
    expect(enqueuedJobs(readSource(QUEUES_MODULE))).toEqual(['(direct add)']);
  });

  it('each enqueued job is enqueued by its one producer function and nowhere else', () => {
    const found: string[] = [];
    for (const file of files) {
      if (file === QUEUES_MODULE) continue;
      for (const job of enqueuedJobs(readSource(file))) found.push(`${job} in ${file}`);
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
    const RETRY_BY_MESSAGE = /transient:|\.message\.match\(|\.test\(\s*(error|err|e)\.message/;
    expect(RETRY_BY_MESSAGE.test('if (/ECONNRESET/.test(err.message)) throw e;')).toBe(true);
    expect(RETRY_BY_MESSAGE.test("throw new Error('transient: busy')")).toBe(true);
    const workerFiles = files.filter((f) => f.startsWith('worker/src/'));
    expect(workerFiles).not.toEqual([]);
    const offenders = workerFiles.filter((f) => RETRY_BY_MESSAGE.test(readSource(f)));
    expect(offenders).toEqual([]);
  });
});
