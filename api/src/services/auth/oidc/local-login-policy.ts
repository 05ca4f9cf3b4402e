import type { Role } from '@dictum/core/domain/dictation/state-machine';
import { AppError } from '@dictum/core/errors';
import type { AppConfig } from '@dictum/core/infra/config';

/**
 * AUTH_LOCAL_LOGIN: with single sign-on, password sign-in stays for break-glass admins only
 * (`admins-only`), for everyone (`all`), or for nobody (`off`). Checked after the password, so the
 * answer reveals nothing a wrong password would not.
 */
export function localLoginAllowed(config: AppConfig, role: Role): boolean {
  return config.localLogin === 'all' || (config.localLogin === 'admins-only' && role === 'ADMIN');
}

export const localLoginRefused = () =>
  new AppError('LOCAL_LOGIN_DISABLED', 'password sign-in is turned off for your account; use single sign-on');
