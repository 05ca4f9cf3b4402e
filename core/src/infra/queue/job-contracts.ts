import { z } from 'zod';
import type { AppConfig } from '../config';

// Every job's name, queue, payload schema, deterministic id and (maintenance jobs) schedule, shared
// by the API (producer) and the worker (consumer). Payloads carry ids and trace context only —
// never audio, transcript text or patient data.

export const queueNames = ['transcription', 'delivery', 'maintenance'] as const;
export type QueueName = (typeof queueNames)[number];

const requestId = z.string().max(100).optional();
const sweepReason = z.object({ reason: z.enum(['schedule', 'startup']).default('schedule') });

/** How often a repeatable job runs (ms), from the configuration; undefined: not scheduled. */
export type JobSchedule = (config: AppConfig) => number | undefined;

/** A maintenance job: scheduled, never enqueued by hand, so it needs no deterministic id. */
const maintenance = <S extends z.ZodType>(schema: S, schedule: JobSchedule) => ({
  queue: 'maintenance' as const,
  schema,
  jobId: undefined,
  schedule,
});

export const jobContracts = {
  'transcribe-dictation': {
    queue: 'transcription',
    schema: z.object({
      dictationId: z.string().uuid(),
      audioVersion: z.number().int().positive(),
      run: z.number().int().positive(),
      requestId,
    }),
    // No colons: BullMQ reserves them. Same dictation, audio and run → same job, so double clicks,
    // client retries and sweeps cannot enqueue the work twice.
    jobId: (d: { dictationId: string; audioVersion: number; run: number }) =>
      `transcribe-${d.dictationId}-${d.audioVersion}-${d.run}`,
  },
  'deliver-document': {
    queue: 'delivery',
    schema: z.object({
      deliveryId: z.string().uuid(),
      /** Which (re)start of the delivery this is; a retry after FAILED is a new round, so a new job. */
      round: z.number().int().min(0),
      requestId,
    }),
    jobId: (d: { deliveryId: string; round: number }) => `deliver-${d.deliveryId}-${d.round}`,
  },
  'sweep-dictations': maintenance(sweepReason, (c) => c.transcription.sweepIntervalMs),
  'sweep-deliveries': maintenance(sweepReason, (c) => c.transcription.sweepIntervalMs),
  'release-expired-claims': maintenance(z.object({}), () => 60_000),
  // One worker runs it per period; with workers on several machines, share ASR_MODEL_DIR between them.
  'refresh-asr-model': maintenance(z.object({}), ({ transcription: t }) =>
    t.modelRefreshHours > 0 ? t.modelRefreshHours * 3_600_000 : undefined,
  ),
  'purge-expired-audio': maintenance(z.object({}), () => 3_600_000),
  'write-audit-checkpoint': maintenance(z.object({}), ({ audit }) =>
    audit.checkpointKey ? Math.min(60_000, audit.checkpointEveryMs) : undefined,
  ),
} as const;

export type JobName = keyof typeof jobContracts;
export type JobPayload<N extends JobName> = z.infer<(typeof jobContracts)[N]['schema']>;

/** The repeatable jobs and how often each runs under this configuration (the ones switched off left out). */
export function jobSchedules(config: AppConfig): { name: JobName; everyMs: number }[] {
  return Object.entries(jobContracts).flatMap(([name, contract]) => {
    const everyMs = 'schedule' in contract ? contract.schedule(config) : undefined;
    return everyMs ? [{ name: name as JobName, everyMs }] : [];
  });
}
