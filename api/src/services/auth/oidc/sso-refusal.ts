import reasons from './sso-refusal-reasons.json' with { type: 'json' };

/**
 * Why a single sign-on attempt was refused. The code is stable: it is shown on the refusal page,
 * written to the audit log (`auth.sso_refused`) and asserted by tests.
 */
export const ssoRefusalReasons = reasons;

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
