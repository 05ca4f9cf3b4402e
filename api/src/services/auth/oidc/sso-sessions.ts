import type { Redis } from 'ioredis';

// Links a Dictum session to the provider's sign-in: the ID token (the `id_token_hint` that
// RP-initiated logout needs; Okta requires it) and the provider's session id `sid`, so a
// back-channel logout token that names only a `sid` finds the Dictum sessions it ends. Kept in
// Redis for the session's absolute lifetime; the session itself stays in PostgreSQL.

const sessionKey = (prefix: string, sessionId: string) => `${prefix}:oidc:session:${sessionId}`;
const sidKey = (prefix: string, issuer: string, sid: string) =>
  `${prefix}:oidc:sid:${Buffer.from(`${issuer}\n${sid}`).toString('base64url')}`;

export interface SsoSessionLink {
  idToken: string;
  sid?: string;
  userId: string;
}

export async function linkSsoSession(
  redis: Redis,
  prefix: string,
  issuer: string,
  sessionId: string,
  link: SsoSessionLink,
  ttlMs: number,
): Promise<void> {
  const ttl = Math.ceil(ttlMs / 1000);
  const multi = redis.multi().set(sessionKey(prefix, sessionId), JSON.stringify(link), 'EX', ttl);
  if (link.sid) {
    multi.sadd(sidKey(prefix, issuer, link.sid), sessionId).expire(sidKey(prefix, issuer, link.sid), ttl);
  }
  await multi.exec();
}

/** Reads and forgets the link (at logout). */
export async function takeSsoSession(
  redis: Redis,
  prefix: string,
  sessionId: string,
): Promise<SsoSessionLink | null> {
  const raw = await redis.getdel(sessionKey(prefix, sessionId));
  return raw ? (JSON.parse(raw) as SsoSessionLink) : null;
}

/** The Dictum session ids signed in through the provider session `sid` (and forgets them). */
export async function takeSessionsOfSid(
  redis: Redis,
  prefix: string,
  issuer: string,
  sid: string,
): Promise<string[]> {
  const k = sidKey(prefix, issuer, sid);
  const [[, ids]] = (await redis.multi().smembers(k).del(k).exec()) as [[unknown, string[]], unknown];
  return ids ?? [];
}
