/**
 * Why a single sign-on attempt was refused. The code is stable: it is shown on the refusal page,
 * written to the audit log (`auth.sso_refused`) and asserted by tests.
 */
export const ssoRefusalReasons = {
  sso_not_configured: { status: 404, message: 'Single sign-on is not set up for this Dictum.' },
  provider_unavailable: {
    status: 503,
    message: 'The sign-in service could not be reached. Try again in a minute.',
  },
  provider_error: { status: 400, message: 'The sign-in service did not complete the sign-in.' },
  state_invalid: {
    status: 400,
    message: 'This sign-in link is not valid any more (expired, used, or started in another browser).',
  },
  nonce_mismatch: { status: 400, message: 'The sign-in answer does not belong to this sign-in.' },
  id_token_expired: { status: 400, message: 'The sign-in answer has expired.' },
  id_token_invalid: { status: 400, message: 'The sign-in answer could not be verified.' },
  acr_not_met: {
    status: 403,
    message: 'Your sign-in did not use the strength of authentication Dictum requires (for example MFA).',
  },
  claims_invalid: { status: 403, message: 'Your account at the sign-in service lacks required details.' },
  role_not_mapped: {
    status: 403,
    message: 'Your account is not in a group that may use Dictum. Ask your IT service desk for access.',
  },
  user_disabled: { status: 403, message: 'Your Dictum account is disabled. Ask a Dictum administrator.' },
} as const;

export type SsoRefusalReason = keyof typeof ssoRefusalReasons;

export class SsoRefusal extends Error {
  readonly status: number;
  constructor(
    readonly reason: SsoRefusalReason,
    /** Set when the person is known (refusals after the token was verified). */
    readonly userId?: string,
  ) {
    super(ssoRefusalReasons[reason].message);
    this.name = 'SsoRefusal';
    this.status = ssoRefusalReasons[reason].status;
  }
}
