import { z } from 'zod';

// Every job's name, queue, payload schema and deterministic id, shared by the API (producer) and
// the worker (consumer). Payloads carry ids and trace context only — never audio, transcript text
// or patient data.

export const queueNames = ['transcription', 'delivery', 'maintenance'] as const;
export type QueueName = (typeof queueNames)[number];

const requestId = z.string().max(100).optional();

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
  'sweep-dictations': {
    queue: 'maintenance',
    schema: z.object({ reason: z.enum(['schedule', 'startup']).default('schedule') }),
    jobId: undefined,
  },
  'sweep-deliveries': {
    queue: 'maintenance',
    schema: z.object({ reason: z.enum(['schedule', 'startup']).default('schedule') }),
    jobId: undefined,
  },
  'release-expired-claims': {
    queue: 'maintenance',
    schema: z.object({}),
    jobId: undefined,
  },
  'refresh-asr-model': {
    queue: 'maintenance',
    schema: z.object({}),
    jobId: undefined,
  },
  'purge-expired-audio': {
    queue: 'maintenance',
    schema: z.object({}),
    jobId: undefined,
  },
  'write-audit-checkpoint': {
    queue: 'maintenance',
    schema: z.object({}),
    jobId: undefined,
  },
} as const;

export type JobName = keyof typeof jobContracts;
export type JobPayload<N extends JobName> = z.infer<(typeof jobContracts)[N]['schema']>;
