import { z } from 'zod';

const group = { jobs: z.number().int(), audioMinutes: z.number(), overdue: z.number().int() };
const output = z.object({ jobs: z.number().int(), lines: z.number().int() });

export const statsSchema = z.object({
  backlog: z.object({
    ...group,
    needsManual: z.number().int(),
    needsManualIds: z.array(z.string()),
    oldestDictatedAt: z.string().nullable(),
    byPriority: z.array(z.object({ priority: z.enum(['STAT', 'ROUTINE']), ...group })),
    byWorkType: z.array(z.object({ code: z.string(), name: z.string(), ...group })),
  }),
  me: z.object({
    today: output,
    week: output,
    recent: z.array(
      z.object({
        documentId: z.string(),
        dictationId: z.string(),
        lines: z.number().int(),
        finalizedAt: z.string(),
      }),
    ),
  }),
  throughput: z.array(
    z.object({
      user: z.object({ id: z.string(), username: z.string(), displayName: z.string().nullable() }),
      today: output,
      week: output,
    }),
  ),
  since: z.object({ today: z.string(), week: z.string() }),
});

export const statsQuery = z.object({
  /** Comma-separated dictation ids: report `needsManualIds` among these only. */
  among: z
    .string()
    .max(200 * 37)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.string().uuid()).max(200))
    .optional(),
});

export const dictationIdParams = z.object({ id: z.string().uuid() });

export const authorContextSchema = z.object({
  patient: z.object({ birthDate: z.string(), sex: z.string() }),
  authorPreferences: z.string().nullable(),
  earlierNotes: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      workType: z.string(),
      finalizedAt: z.string(),
      text: z.string(),
    }),
  ),
});
