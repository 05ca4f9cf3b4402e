import type { JobName } from '@dictum/core/infra/queue/job-contracts';
import { deliverDocumentJob } from './deliver-document.job';
import type { JobDefinition } from './job-definition';
import { purgeExpiredAudioJob } from './purge-expired-audio.job';
import { refreshAsrModelJob } from './refresh-asr-model.job';
import { releaseExpiredClaimsJob } from './release-expired-claims.job';
import { sweepDeliveriesJob } from './sweep-deliveries.job';
import { sweepDictationsJob } from './sweep-dictations.job';
import { transcribeDictationJob } from './transcribe-dictation.job';
import { writeAuditCheckpointJob } from './write-audit-checkpoint.job';

// Every job the worker runs. Boot fails if a contract has no handler or two.
export const jobs = [
  transcribeDictationJob,
  sweepDictationsJob,
  sweepDeliveriesJob,
  releaseExpiredClaimsJob,
  deliverDocumentJob,
  purgeExpiredAudioJob,
  refreshAsrModelJob,
  writeAuditCheckpointJob,
] as const satisfies readonly JobDefinition<
  // biome-ignore lint/suspicious/noExplicitAny: the registry holds handlers of every payload type
  any
>[];

export function jobRegistry(expected: readonly JobName[]): Map<JobName, JobDefinition> {
  const registry = new Map<JobName, JobDefinition>();
  for (const job of jobs) {
    if (registry.has(job.name)) throw new Error(`two handlers for job ${job.name}`);
    registry.set(job.name, job as unknown as JobDefinition);
  }
  const missing = expected.filter((name) => !registry.has(name));
  if (missing.length) throw new Error(`no handler for job(s): ${missing.join(', ')}`);
  return registry;
}
