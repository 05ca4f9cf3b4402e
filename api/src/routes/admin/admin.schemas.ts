import { z } from 'zod';
import { apiScopes } from '../../services/auth/api-scopes';
import { roleSchema } from '../auth/auth.schemas';

export const idParams = z.object({ id: z.string().uuid() });

export const auditQuery = z.object({
  username: z.string().max(100).optional(),
  patientMrn: z.string().max(64).optional(),
  action: z.string().max(100).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  cursor: z.string().max(30).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const ehrProviderIds = z
  .array(z.object({ system: z.string().min(1).max(250), value: z.string().min(1).max(100) }))
  .max(10)
  .optional();

export const createUserBody = z.object({
  username: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._@-]+$/),
  role: roleSchema,
  password: z.string().max(1000),
  displayName: z.string().trim().max(200).optional(),
  credentials: z.string().trim().max(50).optional(),
  npi: z.string().trim().max(10).optional(),
  ehrProviderIds,
});

export const updateUserBody = z.object({
  disabled: z.boolean().optional(),
  password: z.string().max(1000).optional(),
  unlock: z.boolean().optional(),
  resetMfa: z.boolean().optional(),
  // Profile (issue 16): null clears a field.
  displayName: z.string().trim().max(200).nullable().optional(),
  credentials: z.string().trim().max(50).nullable().optional(),
  npi: z.string().trim().max(10).nullable().optional(),
  ehrProviderIds,
  role: roleSchema.optional(),
  authorPreferences: z.string().trim().max(2000).nullable().optional(),
});

export const createTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(apiScopes)).min(1).max(apiScopes.length).optional(),
  expiresInDays: z.number().int().positive().max(3650).optional(),
});
