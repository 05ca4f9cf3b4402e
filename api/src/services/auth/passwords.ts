import { AppError } from '@dictum/core/errors';
import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's recommended minimum (m=19 MiB, t=2, p=1): ~30 ms here, so a burst of
// (rate-limited) logins stays cheap on a 2-core machine.
// algorithm 2 is Argon2id (the package's const enum cannot be imported under isolatedModules).
const params = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Never a valid argon2 hash: SSO users have no password, so local sign-in cannot succeed for them. */
export const NO_LOCAL_PASSWORD = '!sso-no-local-password';

/** Whether the account has a password of its own (single sign-on accounts have none). */
export const hasLocalPassword = (passwordHash: string) => passwordHash.startsWith('$argon2');

export function hashPassword(password: string): Promise<string> {
  return hash(password, params);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A hash that cannot be verified (single sign-on users have none) takes as long as a real one:
    // an instant answer would tell a caller that the account exists.
    await verifyDecoy(password);
    return false;
  }
}

// Verifying against a real hash when the user does not exist keeps the response time the same,
// so timing does not reveal which usernames exist.
let decoyHash: Promise<string> | undefined;
export async function verifyDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword('decoy-password-that-never-matches');
  await verifyPassword(await decoyHash, password);
  return false;
}

export const PASSWORD_MIN_LENGTH = 12;

export function assertPasswordPolicy(username: string, password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new AppError('WEAK_PASSWORD', `passwords need at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  if (password.toLowerCase() === username.toLowerCase()) {
    throw new AppError('WEAK_PASSWORD', 'the password may not equal the username');
  }
}
