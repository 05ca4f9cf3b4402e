/**
 * What a job handler returns: the job's result as a value, mapped to BullMQ once (worker
 * run-workers.ts). `retry` runs the job again after `afterMs` without counting a failed attempt;
 * `failed` ends it for good (the handler has recorded why); `done` ends it. `reason` is a code,
 * never patient data.
 */
export type JobResult =
  | { done: true; skipped?: boolean }
  | { retry: { reason: string; afterMs: number } }
  | { failed: { reason: string } };

export const done = (skipped = false): JobResult => ({ done: true, ...(skipped ? { skipped } : {}) });
export const retryAfter = (reason: string, afterMs: number): JobResult => ({ retry: { reason, afterMs } });
export const failed = (reason: string): JobResult => ({ failed: { reason } });

/** For metrics and logs. */
export function outcomeLabel(result: JobResult): 'done' | 'skipped' | 'retry' | 'failed' {
  if ('retry' in result) return 'retry';
  if ('failed' in result) return 'failed';
  return result.skipped ? 'skipped' : 'done';
}
