import { z } from 'zod';
import { roleSchema } from './enums';

// Signing in and the session (SPEC §4: POST /auth/login answers `{user, csrfToken}`).

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: roleSchema,
  displayName: z.string().nullable().optional(),
});
export type User = z.infer<typeof userSchema>;

export const loginBody = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(1000),
});

export const loginReply = z.object({
  user: userSchema,
  csrfToken: z.string(),
  /** Sign-in is not complete until a second-factor code is verified. */
  mfaRequired: z.boolean(),
  /** The role requires a second factor the user has not set up yet. */
  mfaEnrollmentRequired: z.boolean(),
  /** Encrypts unsaved editor text in the browser; absent until the second factor is done. */
  draftKey: z.string().nullable().optional(),
});
export type LoginReply = z.infer<typeof loginReply>;

export const meReply = z.object({
  user: userSchema,
  csrfToken: z.string().nullable(),
  /** The session still waits for the second factor (a reload during the code step). */
  mfaPending: z.boolean(),
  draftKey: z.string().nullable().optional(),
  /**
   * How this user confirms an e-signature when their sign-in is older than 5 minutes: their
   * password, or (single sign-on accounts, which have none) a fresh sign-in at the provider.
   */
  reauthenticateWith: z.enum(['password', 'sso']),
});
export type MeReply = z.infer<typeof meReply>;

export const mfaEnrollReply = z.object({ secret: z.string(), otpauthUrl: z.string() });
export type MfaEnrollReply = z.infer<typeof mfaEnrollReply>;
export const mfaVerifyBody = z.object({ code: z.string().max(10) });
export const mfaVerifyReply = z.object({ mfaEnabled: z.boolean() });
export type MfaVerifyReply = z.infer<typeof mfaVerifyReply>;

export const noContentReply = z.null();

export const csrfReply = z.object({ csrfToken: z.string().nullable() });
export type CsrfReply = z.infer<typeof csrfReply>;

/** GET /auth/sign-in-options: how the sign-in page offers sign-in. */
export const signInOptionsReply = z.object({
  sso: z.object({ enabled: z.boolean(), providerName: z.string().nullable() }),
  localLogin: z.enum(['all', 'admins-only', 'off']),
});
export type SignInOptions = z.infer<typeof signInOptionsReply>;

export const ssoLogoutReply = z.object({ endSessionUrl: z.string().nullable() });
export type SsoLogoutReply = z.infer<typeof ssoLogoutReply>;

export const oidcLoginQuery = z.object({
  returnTo: z.string().max(500).optional(),
  /** Make the provider ask for the credentials again (prompt=login, max_age=0): before an e-signature. */
  reauthenticate: z.enum(['true', 'false']).optional(),
});

// The callback carries whatever the provider sends (code, state, iss, error...); openid-client
// validates the whole query, so only `state` is read here.
export const oidcCallbackQuery = z.looseObject({ state: z.string().max(512).optional() });

export const backchannelLogoutBody = z.looseObject({ logout_token: z.string().max(16_384).optional() });
