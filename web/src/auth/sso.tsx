// Single sign-on on the sign-in page: the "Sign in with <provider>" button (a full-page navigation
// to the API, which redirects to the hospital's identity provider), and sign-out that also ends the
// provider session (RP-initiated logout) for sessions opened that way.

import type { SignInOptions, SsoLogoutReply } from '@dictum/contracts/auth';
import { useEffect, useState } from 'react';
import { api, request } from '../api/client';

let cached: Promise<SignInOptions | null> | undefined;

export function signInOptions(): Promise<SignInOptions | null> {
  cached ??= request<SignInOptions>('/auth/sign-in-options', { quiet401: true }).catch(() => {
    cached = undefined;
    return null;
  });
  return cached;
}

export function useSignInOptions(): SignInOptions | null {
  const [options, setOptions] = useState<SignInOptions | null>(null);
  useEffect(() => {
    let alive = true;
    signInOptions().then((o) => alive && setOptions(o));
    return () => {
      alive = false;
    };
  }, []);
  return options;
}

export function SsoSignIn({ options }: { options: SignInOptions | null }) {
  if (!options?.sso.enabled) return null;
  const start = () => {
    const here = window.location.pathname + window.location.search;
    const returnTo = here.startsWith('/login') ? '/' : here;
    window.location.assign(`/api/v1/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`);
  };
  return (
    <div className="login-form">
      <button type="button" className="primary" onClick={start}>
        Sign in with {options.sso.providerName ?? 'single sign-on'}
      </button>
      <LocalSignInHint options={options} />
    </div>
  );
}

/** Under the single sign-on button: whether (and who) may also sign in with a password below. */
export function LocalSignInHint({ options }: { options: SignInOptions }) {
  if (options.localLogin === 'off') return null;
  return (
    <p className="muted">
      {options.localLogin === 'admins-only' ? 'Administrators may also sign in with a password.' : 'or'}
    </p>
  );
}

/**
 * Ends the session. With single sign-on on, through the SSO sign-out, which answers the provider's
 * end-session URL when this session came from the provider (null for a local session).
 */
export async function endSession(): Promise<string | null> {
  const options = await signInOptions();
  if (!options?.sso.enabled) {
    await api.logout();
    return null;
  }
  const { endSessionUrl } = await request<SsoLogoutReply>('/auth/oidc/logout', {
    method: 'POST',
    quiet401: true,
  });
  return endSessionUrl;
}
