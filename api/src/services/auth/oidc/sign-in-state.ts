import type { Redis } from 'ioredis';
import { randomToken, safeEqual, sha256Hex } from '../tokens';

// What the callback needs (PKCE verifier, nonce, where to go next) is kept server-side in Redis,
// keyed by the hash of the `state` parameter, for ten minutes and for one use. The browser that
// started the sign-in holds a random binding in a short-lived SameSite=Lax cookie: Lax, because the
// provider's redirect back is a cross-site navigation that a Strict cookie would not survive. A
// callback whose state is unknown, used, expired or not bound to this browser is refused, which
// also stops an attacker from signing a victim into the attacker's account (login CSRF).

export const SIGN_IN_STATE_TTL_SEC = 600;

export interface SignInState {
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** Set when the sign-in re-authenticates before an e-signature: when it was asked for (ms). */
  reauthenticateSince?: number;
  bindingHash: string;
}

const key = (prefix: string, state: string) => `${prefix}:oidc:state:${sha256Hex(state)}`;

export async function saveSignInState(
  redis: Redis,
  prefix: string,
  state: string,
  value: Omit<SignInState, 'bindingHash'>,
): Promise<{ binding: string }> {
  const binding = randomToken();
  const stored: SignInState = { ...value, bindingHash: sha256Hex(binding) };
  await redis.set(key(prefix, state), JSON.stringify(stored), 'EX', SIGN_IN_STATE_TTL_SEC);
  return { binding };
}

/**
 * Takes the state; null unless it exists and the browser's binding matches. Another browser (no
 * binding, or a wrong one) leaves it in place; of parallel takes by the right browser, only the
 * one whose delete removed it gets it.
 */
export async function takeSignInState(
  redis: Redis,
  prefix: string,
  state: string | undefined,
  binding: string | undefined,
): Promise<SignInState | null> {
  if (!state || !binding || state.length > 512) return null;
  const k = key(prefix, state);
  const raw = await redis.get(k);
  if (!raw) return null;
  const stored = JSON.parse(raw) as SignInState;
  if (!safeEqual(stored.bindingHash, sha256Hex(binding))) return null;
  return (await redis.del(k)) === 1 ? stored : null;
}
