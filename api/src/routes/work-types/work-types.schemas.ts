import { z } from 'zod';

export const workTypeSchema = z.object({
  code: z.string(),
  name: z.string(),
  loinc: z.string(),
  requiresSignature: z.boolean(),
  tatHours: z.object({ STAT: z.number(), ROUTINE: z.number() }),
  template: z.string().nullable(),
});

export const workTypeListSchema = z.array(workTypeSchema);

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
  tatHours: z.object({
    STAT: z.number().int().positive().max(720),
    ROUTINE: z.number().int().positive().max(2160),
  }),
  template: z.string().max(5000).nullable().optional(),
});

// Every field optional, no defaults: what is left out stays as it is.
export const updateWorkTypeBody = z.object({
  name: createWorkTypeBody.shape.name.optional(),
  loinc: createWorkTypeBody.shape.loinc.optional(),
  requiresSignature: z.boolean().optional(),
  tatHours: z
    .object({
      STAT: z.number().int().positive().max(720).optional(),
      ROUTINE: z.number().int().positive().max(2160).optional(),
    })
    .optional(),
  template: z.string().max(5000).nullable().optional(),
});

export const workTypeCodeParams = z.object({ code: z.string().max(32) });
