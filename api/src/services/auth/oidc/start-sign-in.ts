import * as client from 'openid-client';
import type { AppContext } from '../../../context';
import { getOidcClient } from './oidc-client';
import { saveSignInState } from './sign-in-state';
import { SsoRefusal } from './sso-refusal';

/** Only a path inside Dictum (never another site, never the API) may follow a sign-in. */
export function safeReturnTo(value: string | undefined): string {
  return value && /^\/(?![/\\])/.test(value) && !value.startsWith('/api/') && value.length <= 500
    ? value
    : '/';
}

/**
 * Starts the authorization code flow with PKCE (S256), a fresh state and nonce. Returns the
 * provider URL to redirect to and the browser binding for the state cookie.
 */
export async function startSsoSignIn(
  ctx: AppContext,
  input: { returnTo?: string },
): Promise<{ url: string; binding: string }> {
  const oidc = ctx.config.oidc;
  if (!oidc) throw new SsoRefusal('sso_not_configured');
  const config = await getOidcClient(oidc).catch(() => {
    throw new SsoRefusal('provider_unavailable');
  });
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const { binding } = await saveSignInState(ctx.redis, ctx.config.redis.queuePrefix, state, {
    nonce,
    codeVerifier,
    returnTo: safeReturnTo(input.returnTo),
  });
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: oidc.redirectUrl,
    scope: oidc.scopes.join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, binding };
}
