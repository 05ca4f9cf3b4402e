import { z } from 'zod';
import { sexSchema } from './enums';

// Patients and their visits (SPEC §4: `name` one display string, `birthDate` YYYY-MM-DD).

export const mrnSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash, underscore');

export const patientSchema = z.object({
  mrn: z.string(),
  name: z.string(),
  birthDate: z.string(),
  sex: sexSchema,
});
export type Patient = z.infer<typeof patientSchema>;
export const patientListSchema = z.array(patientSchema);

export const createPatientBody = z.object({
  mrn: mrnSchema,
  name: z.string().trim().min(1).max(200),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
  sex: sexSchema,
});
export type CreatePatientBody = z.input<typeof createPatientBody>;

export const searchPatientsQuery = z.object({ q: z.string().max(100).default('') });
export const mrnParams = z.object({ mrn: z.string().max(64) });

export const encounterSchema = z.object({
  visitNumber: z.string(),
  date: z.string().nullable(),
  location: z.string().nullable(),
});
export type Encounter = z.infer<typeof encounterSchema>;
export const encounterListSchema = z.array(encounterSchema);

/** Moving a note to another patient (and visit): reassign before filing, re-file after. */
export const patientAssignmentBody = z.object({
  patientMrn: mrnSchema,
  encounter: z.string().trim().min(1).max(64).optional(),
});
