import * as client from 'openid-client';
import type { AppContext } from '../../../context';
import { getOidcClient } from './oidc-client';
import { saveSignInState } from './sign-in-state';
import { SsoRefusal } from './sso-refusal';

const HERE = 'http://dictum.invalid';

/**
 * Only a path inside Dictum (never another site, never the API) may follow a sign-in. Read the way
 * a browser reads the Location header it lands in (WHATWG URL parser: tabs and newlines dropped, a
 * backslash taken for a slash), not as text: `/\t/evil.example` is `//evil.example` to a browser.
 * What is sent is the parser's own serialisation, so nothing it would read differently remains.
 */
export function safeReturnTo(value: string | undefined): string {
  if (!value?.startsWith('/') || value.length > 500) return '/';
  let url: URL;
  try {
    url = new URL(value, HERE);
  } catch {
    return '/';
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `//x` after dot segments are removed (`/.//x`) would name another host when sent as it is.
  if (url.origin !== HERE || path.startsWith('//') || path.startsWith('/api/')) return '/';
  return path;
}

/**
 * Starts the authorization code flow with PKCE (S256), a fresh state and nonce. Returns the
 * provider URL to redirect to and the browser binding for the state cookie.
 */
export async function startSsoSignIn(
  ctx: AppContext,
  input: { returnTo?: string; reauthenticate?: boolean },
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
    ...(input.reauthenticate ? { reauthenticateSince: Date.now() } : {}),
  });
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: oidc.redirectUrl,
    scope: oidc.scopes.join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    // Before an e-signature the provider must ask again, not reuse its session (OIDC Core 3.1.2.1:
    // prompt=login; max_age=0 makes it return auth_time, which the callback checks).
    ...(input.reauthenticate ? { prompt: 'login', max_age: '0' } : {}),
  });
  return { url: url.href, binding };
}
