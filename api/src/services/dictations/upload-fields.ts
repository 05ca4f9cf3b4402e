import { AppError } from '@dictum/core/errors';
import { z } from 'zod';

export const uploadFieldsSchema = z.object({
  patientMrn: z.string().trim().min(1).max(64),
  workType: z.string().trim().min(1).max(32),
  priority: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(['STAT', 'ROUTINE'])),
  encounter: z.string().trim().min(1).max(64).optional(),
  dictatedAt: z.iso
    .datetime({ offset: true })
    .transform((v) => new Date(v))
    .refine((d) => d.getTime() <= Date.now() + 5 * 60_000, 'dictatedAt is in the future')
    .optional(),
});

export type UploadFields = z.infer<typeof uploadFieldsSchema>;

export function parseUploadFields(fields: Record<string, string>): UploadFields {
  const parsed = uploadFieldsSchema.safeParse(fields);
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || 'fields'))];
    throw new AppError('VALIDATION_FAILED', `invalid or missing: ${names.join(', ')}`);
  }
  return parsed.data;
}
