import { z } from 'zod';

// SPEC §4: errors are `{ "error": { "code": "...", "message": "..." } }` with the right status. One
// error vocabulary for the API and the worker: each code has one HTTP status; messages never carry
// patient data (they reach logs and clients). Some codes add fields (VERSION_STALE: currentVersion,
// BLANKS_OPEN: openBlanks).

export const appErrorStatus = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  MFA_REQUIRED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_TOKEN_INVALID: 403,
  /** Signing needs a sign-in or password confirmation within the last few minutes (e-signature practice). */
  REAUTHENTICATION_REQUIRED: 403,
  /** Password sign-in is off for this user's role (AUTH_LOCAL_LOGIN); single sign-on is the way in. */
  LOCAL_LOGIN_DISABLED: 403,
  /** An API token on a route its scopes do not cover, or a token where only a person may act. */
  TOKEN_SCOPE: 403,
  TOKEN_NOT_ALLOWED: 409,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE: 409,
  NOT_CLAIMED_BY_YOU: 409,
  ALREADY_CLAIMED: 409,
  BLANKS_OPEN: 409,
  DICTATION_ALREADY_FINALIZED: 409,
  /** Filing a note whose work type needs the author's signature before the author signed it. */
  SIGNATURE_REQUIRED: 409,
  DOCUMENT_ALREADY_FILED: 409,
  DUPLICATE: 409,
  VERSION_REQUIRED: 428,
  VERSION_STALE: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  AUDIO_UNDECODABLE: 415,
  AUDIO_TOO_LONG: 422,
  UNKNOWN_PATIENT: 422,
  UNKNOWN_WORK_TYPE: 422,
  UNKNOWN_REFERENCE: 422,
  WEAK_PASSWORD: 422,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  /** Sign-in and second-factor attempts cannot be counted (Redis down): refused, never unlimited. */
  RATE_LIMIT_UNAVAILABLE: 503,
  INTERNAL: 500,
  STORAGE_UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
  QUEUE_UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof appErrorStatus;

export const errorSchema = z.object({
  error: z.looseObject({ code: z.string(), message: z.string() }),
});
export type ApiErrorBody = z.infer<typeof errorSchema>;
