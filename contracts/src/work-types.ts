import { z } from 'zod';

// Work types (SPEC §4): `[{code, name, loinc, requiresSignature, tatHours: {STAT, ROUTINE}}]`.

export const workTypeSchema = z.object({
  code: z.string(),
  name: z.string(),
  loinc: z.string(),
  requiresSignature: z.boolean(),
  tatHours: z.object({ STAT: z.number(), ROUTINE: z.number() }),
  /** Section headings joined with \n. */
  template: z.string().nullable(),
});
export type WorkType = z.infer<typeof workTypeSchema>;

export const workTypeListSchema = z.array(workTypeSchema);

const tatStat = z.number().int().positive().max(720);
const tatRoutine = z.number().int().positive().max(2160);

export const createWorkTypeBody = z.object({
  code: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9_-]+$/),
  name: z.string().trim().min(1).max(200),
  loinc: z.string().regex(/^\d{1,7}-\d$/, 'a LOINC code such as 11506-3'),
  requiresSignature: z.boolean().default(false),
  tatHours: z.object({ STAT: tatStat, ROUTINE: tatRoutine }),
  template: z.string().max(5000).nullable().optional(),
});
export type CreateWorkTypeBody = z.input<typeof createWorkTypeBody>;

// Every field optional, no defaults: what is left out stays as it is.
export const updateWorkTypeBody = z.object({
  name: createWorkTypeBody.shape.name.optional(),
  loinc: createWorkTypeBody.shape.loinc.optional(),
  requiresSignature: z.boolean().optional(),
  tatHours: z.object({ STAT: tatStat.optional(), ROUTINE: tatRoutine.optional() }).optional(),
  template: z.string().max(5000).nullable().optional(),
});
export type UpdateWorkTypeBody = z.input<typeof updateWorkTypeBody>;

export const workTypeCodeParams = z.object({ code: z.string().max(32) });
