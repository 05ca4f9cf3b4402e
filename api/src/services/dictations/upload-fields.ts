import { AppError } from '@dictum/core/errors';
import { z } from 'zod';
import { containsNul } from '../../plugins/refuse-nul-bytes';

export const uploadFieldsSchema = z.object({
  patientMrn: z.string().trim().min(1).max(64),
  workType: z.string().trim().min(1).max(32),
  priority: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(['STAT', 'ROUTINE'])),
  encounter: z.string().trim().min(1).max(64).optional(),
  // ISO 8601: a date-time with or without offset (no offset means UTC), or a plain date.
  dictatedAt: z
    .string()
    .trim()
    .regex(
      /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
      'an ISO 8601 date-time',
    )
    .transform(
      (v) =>
        new Date(
          /[T ]\d{2}:\d{2}/.test(v) && !/(Z|[+-]\d{2}:?\d{2})$/.test(v) ? `${v.replace(' ', 'T')}Z` : v,
        ),
    )
    .refine((d) => !Number.isNaN(d.getTime()), 'not a valid date')
    .refine((d) => d.getTime() <= Date.now() + 5 * 60_000, 'dictatedAt is in the future')
    .optional(),
});

export type UploadFields = z.infer<typeof uploadFieldsSchema>;

export function parseUploadFields(fields: Record<string, string>): UploadFields {
  // Multipart fields bypass the JSON body check (plugins/refuse-nul-bytes.ts).
  if (containsNul(fields)) throw new AppError('VALIDATION_FAILED', 'text must not contain NUL characters');
  const parsed = uploadFieldsSchema.safeParse(fields);
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || 'fields'))];
    throw new AppError('VALIDATION_FAILED', `invalid or missing: ${names.join(', ')}`);
  }
  return parsed.data;
}
