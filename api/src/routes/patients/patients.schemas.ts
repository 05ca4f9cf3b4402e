import { z } from 'zod';

export const mrnSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash, underscore');

export const patientSchema = z.object({
  mrn: z.string(),
  name: z.string(),
  birthDate: z.string(),
  sex: z.enum(['male', 'female', 'other', 'unknown']),
});

export const createPatientBody = z.object({
  mrn: mrnSchema,
  name: z.string().trim().min(1).max(200),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
  sex: z.enum(['male', 'female', 'other', 'unknown']),
});

export const encounterSchema = z.object({
  visitNumber: z.string(),
  date: z.string().nullable(),
  location: z.string().nullable(),
});

export const patientListSchema = z.array(patientSchema);

export const encounterListSchema = z.array(encounterSchema);

export const searchPatientsQuery = z.object({ q: z.string().max(100).default('') });

export const mrnParams = z.object({ mrn: z.string().max(64) });
