import { z } from 'zod';
import { pageOf } from './common';
import { roleSchema } from './enums';

// Administration: users, API tokens and the audit log (SPEC §4, /admin/*).

export const adminUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: roleSchema,
  displayName: z.string().nullable(),
  /** Professional suffix (MD, DO, CMT…), and the US National Provider Identifier. */
  credentials: z.string().nullable(),
  npi: z.string().nullable(),
  /** For authors: how they want their notes typed (shown to transcriptionists). */
  authorPreferences: z.string().nullable(),
  disabled: z.boolean(),
  locked: z.boolean(),
  mfaEnabled: z.boolean(),
  createdAt: z.string(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

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
export type CreateUserBody = z.input<typeof createUserBody>;

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
export type UpdateUserBody = z.input<typeof updateUserBody>;

/** What an API token may do. Tokens serve devices and integrations, never administration. */
export const apiScopes = [
  'dictations:write',
  'dictations:read',
  'documents:read',
  'patients:read',
  'patients:write',
] as const;
export type ApiScope = (typeof apiScopes)[number];

export const createTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(apiScopes)).min(1).max(apiScopes.length).optional(),
  expiresInDays: z.number().int().positive().max(3650).optional(),
});

/** What is shown of a token after it is issued: an id and a prefix, never the secret. */
const tokenFacts = z.object({
  id: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(apiScopes)),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
});

/** The secret is in this answer only; the server keeps its hash. */
export const issuedTokenSchema = tokenFacts.extend({ token: z.string() });
export type IssuedToken = z.infer<typeof issuedTokenSchema>;

export const apiTokenSchema = tokenFacts.extend({
  name: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  user: z.object({ id: z.string(), username: z.string() }),
});
export type ApiTokenRow = z.infer<typeof apiTokenSchema>;

export const adminIdParams = z.object({ id: z.string().uuid() });

/** GET /admin/audit (SPEC §4): newest first, filters, `limit` up to 500. */
export const auditQuery = z.object({
  username: z.string().max(100).optional(),
  patientMrn: z.string().max(64).optional(),
  action: z.string().max(100).optional(),
  /** ISO date-times. */
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  cursor: z.string().max(30).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.output<typeof auditQuery>;
/** The filters as the web app sends them (dates as ISO strings). */
export type AuditFilter = Pick<AuditQuery, 'username' | 'patientMrn' | 'action'> & {
  from?: string;
  to?: string;
};

export const auditEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  role: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  patientId: z.string().nullable(),
  patientMrn: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  /** The action's own facts (counts, ids, reasons); never patient data. */
  details: z.unknown(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
export const auditPage = pageOf(auditEventSchema);
