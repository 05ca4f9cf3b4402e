import type { AppConfig } from '@dictum/core/infra/config';
import { hasLocalPassword } from './passwords';

/**
 * How a user proves it is them again before an e-signature: their password, or — for a single
 * sign-on account, which has none — a fresh sign-in at the provider
 * (`GET /auth/oidc/login?reauthenticate=true`: the provider must ask again, and a new session opens).
 */
export function reauthenticationMethod(config: AppConfig, passwordHash: string): 'password' | 'sso' {
  return !hasLocalPassword(passwordHash) && config.oidc ? 'sso' : 'password';
}
