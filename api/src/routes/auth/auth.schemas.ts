import { z } from 'zod';

export const roleSchema = z.enum(['PHYSICIAN', 'TRANSCRIPTIONIST', 'RECORDS', 'ADMIN']);

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: roleSchema,
  displayName: z.string().nullable().optional(),
});

export const loginBody = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(1000),
});

export const loginReply = z.object({
  user: userSchema,
  csrfToken: z.string(),
  mfaRequired: z.boolean(),
  mfaEnrollmentRequired: z.boolean(),
  /** Encrypts unsaved editor text in the browser; absent until the second factor is done. */
  draftKey: z.string().nullable().optional(),
});

export const meReply = z.object({
  user: userSchema,
  csrfToken: z.string().nullable(),
  mfaPending: z.boolean(),
  draftKey: z.string().nullable().optional(),
});

export const mfaEnrollReply = z.object({ secret: z.string(), otpauthUrl: z.string() });

export const mfaVerifyBody = z.object({ code: z.string().max(10) });

export const mfaVerifyReply = z.object({ mfaEnabled: z.boolean() });

export const noContentReply = z.null();

export const csrfReply = z.object({ csrfToken: z.string().nullable() });
