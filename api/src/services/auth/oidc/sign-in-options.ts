import type { AppConfig } from '@dictum/core/infra/config';

/** What the sign-in page offers: single sign-on (when configured) and whether password sign-in is open. */
export function signInOptions(config: Pick<AppConfig, 'oidc' | 'localLogin'>) {
  return {
    sso: { enabled: config.oidc !== null, providerName: config.oidc?.providerName ?? null },
    localLogin: config.localLogin,
  };
}
