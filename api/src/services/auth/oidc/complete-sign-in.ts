import { systemActor } from '@dictum/core/actor';
import { auditStandalone, recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import type { OidcConfig } from '@dictum/core/infra/config';
import * as client from 'openid-client';
import type { AppContext } from '../../../context';
import { createSession } from '../sessions';
import { sha256Hex } from '../tokens';
import {
  mapRole,
  meetsRequiredAcr,
  readClaim,
  readDisplayName,
  readNpi,
  usernameCandidates,
} from './map-claims';
import { getOidcClient } from './oidc-client';
import { provisionSsoUser } from './provision-user';
import { takeSignInState } from './sign-in-state';
import { SsoRefusal, type SsoRefusalReason } from './sso-refusal';
import { linkSsoSession } from './sso-sessions';

export interface CallbackInput {
  /** The callback's raw query string (without "?"). */
  query: string;
  state?: string;
  /** The state cookie's value. */
  binding?: string;
  ip: string;
  requestId: string;
}

/**
 * The callback: checks state (server-side, bound to this browser), exchanges the code with the PKCE
 * verifier, verifies the ID token (signature, issuer, audience, expiry, nonce), checks the required
 * authentication strength, maps the role, provisions the user and opens the same server-side
 * session as local sign-in — without a TOTP step (MFA is the provider's). Refusals are audited
 * with their reason and thrown as SsoRefusal.
 */
export async function completeSsoSignIn(ctx: AppContext, input: CallbackInput) {
  let subject: string | undefined;
  try {
    return await signIn(ctx, input, (sub) => {
      subject = sub;
    });
  } catch (refusal) {
    if (!(refusal instanceof SsoRefusal)) throw refusal;
    await auditStandalone(ctx.db, systemActor('sso', input.requestId), {
      action: 'auth.sso_refused',
      objectType: 'user',
      objectId: refusal.userId,
      details: { reason: refusal.reason, ip: input.ip, ...(subject ? { subject } : {}) },
    });
    throw refusal;
  }
}

async function signIn(ctx: AppContext, input: CallbackInput, onSubject: (sub: string) => void) {
  const oidc = ctx.config.oidc;
  if (!oidc) throw new SsoRefusal('sso_not_configured');
  const stored = await takeSignInState(ctx.redis, ctx.config.redis.queuePrefix, input.state, input.binding);
  if (!stored) throw new SsoRefusal('state_invalid');
  const config = await getOidcClient(oidc).catch(() => {
    throw new SsoRefusal('provider_unavailable');
  });
  // The URL the provider redirected to, from configuration (never from the Host header).
  const currentUrl = new URL(oidc.redirectUrl);
  currentUrl.search = input.query;
  const tokens = await client
    .authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: stored.codeVerifier,
      expectedState: input.state,
      expectedNonce: stored.nonce,
      idTokenExpected: true,
    })
    .catch((error: unknown) => {
      throw new SsoRefusal(classify(error));
    });
  const idClaims = tokens.claims();
  if (!idClaims || !tokens.id_token) throw new SsoRefusal('id_token_invalid');
  onSubject(idClaims.sub);
  if (
    stored.reauthenticateSince !== undefined &&
    !authenticatedSince(idClaims, stored.reauthenticateSince, oidc)
  )
    throw new SsoRefusal('reauthentication_not_fresh');
  const claims = await withUserInfo(config, oidc, tokens.access_token, idClaims);
  if (!meetsRequiredAcr(oidc, claims)) throw new SsoRefusal('acr_not_met');
  const role = mapRole(oidc, claims);
  if (!role) throw new SsoRefusal('role_not_mapped');

  const meta = { ip: input.ip, requestId: input.requestId };
  const user = await provisionSsoUser(
    ctx,
    {
      issuer: claims.iss,
      subject: claims.sub,
      role,
      displayName: readDisplayName(claims),
      npi: readNpi(oidc, claims),
      usernameCandidates: usernameCandidates(oidc, claims, claims.sub),
    },
    meta,
  );
  if (user.disabled) throw new SsoRefusal('user_disabled', user.id);

  // One commit: no session exists whose sign-in is not in the audit trail.
  const session = await ctx.db.$transaction(async (tx) => {
    // A sign-in the provider answered from its own session proves nothing new: the session counts
    // from when the person last authenticated there (auth_time), or not at all when it is not said.
    const created = await createSession(tx, ctx.config.auth, user.id, {
      ip: input.ip,
      mfaPending: false,
      // Never later than now: a provider clock running ahead must not stretch the signing window.
      authenticatedAt:
        typeof idClaims.auth_time === 'number'
          ? new Date(Math.min(idClaims.auth_time * 1000, Date.now()))
          : null,
    });
    await recordAuditEvent(
      tx,
      { kind: 'user', userId: user.id, username: user.username, role: user.role, ...meta },
      {
        action: 'auth.sso_login',
        objectType: 'user',
        objectId: user.id,
        details: {
          provisioned: user.created,
          ...(stored.reauthenticateSince !== undefined ? { reauthenticated: true } : {}),
          ...(typeof claims.acr === 'string' ? { acr: claims.acr.slice(0, 100) } : {}),
        },
      },
    );
    return created;
  });
  await linkSsoSession(
    ctx.redis,
    ctx.config.redis.queuePrefix,
    claims.iss,
    sha256Hex(session.token),
    {
      idToken: tokens.id_token,
      sid: typeof claims.sid === 'string' ? claims.sid : undefined,
      userId: user.id,
    },
    ctx.config.auth.sessionMaxMs,
  );
  return { token: session.token, returnTo: stored.returnTo, user };
}

/**
 * Providers that follow OIDC's default put profile and group claims in userinfo, not in the ID token
 * (oidc-provider; Okta's org server for groups). When the role claim is not in the ID token, the
 * userinfo answer (checked to be for the same `sub`) adds it; the ID token's own claims win.
 */
async function withUserInfo(
  config: client.Configuration,
  oidc: OidcConfig,
  accessToken: string,
  idClaims: client.IDToken,
): Promise<client.IDToken> {
  if (readClaim(idClaims, oidc.roleClaim) !== undefined || !config.serverMetadata().userinfo_endpoint) {
    return idClaims;
  }
  const info = await client.fetchUserInfo(config, accessToken, idClaims.sub).catch(() => {
    throw new SsoRefusal('provider_unavailable');
  });
  return { ...info, ...idClaims };
}

/** Maps openid-client's failures to the refusal codes the page and the audit log show. */
function classify(error: unknown): SsoRefusalReason {
  if (error instanceof client.AuthorizationResponseError) return 'provider_error';
  if (error instanceof client.ResponseBodyError) return 'provider_error';
  const codes: string[] = [];
  const claims: string[] = [];
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, claim, cause } = e as { code?: unknown; claim?: unknown; cause?: unknown };
    if (typeof code === 'string') codes.push(code);
    if (typeof claim === 'string') claims.push(claim);
    e = cause;
  }
  if (codes.includes('OAUTH_JWT_TIMESTAMP_CHECK_FAILED') && claims.includes('exp')) return 'id_token_expired';
  if (claims.includes('nonce')) return 'nonce_mismatch';
  if (error instanceof TypeError && /fetch/i.test(error.message)) return 'provider_unavailable';
  return 'id_token_invalid';
}

/**
 * A re-authentication counts only when the ID token says the person authenticated after it was
 * asked for (`auth_time`, which the provider must return for max_age); a provider that reused its
 * session, or does not say, is refused.
 */
function authenticatedSince(claims: client.IDToken, since: number, oidc: OidcConfig): boolean {
  return (
    typeof claims.auth_time === 'number' && claims.auth_time * 1000 >= since - oidc.clockToleranceSec * 1000
  );
}
