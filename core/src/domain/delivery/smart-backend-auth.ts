import { randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import type { FhirTargetConfig } from './target-config';

type SmartAuth = Extract<FhirTargetConfig['auth'], { type: 'smart' }>;

interface CachedToken {
  token: string;
  expiresAt: number;
}

// Per target name and process: a token is reused until a minute before it expires (or a 401).
const cache = new Map<string, CachedToken>();

export class SmartAuthError extends Error {
  constructor(
    readonly code: string,
    readonly transient: boolean,
  ) {
    super(code);
    this.name = 'SmartAuthError';
  }
}

/**
 * SMART Backend Services (client credentials with a signed JWT assertion, RFC 7523): the assertion is
 * signed with the configured RS384/ES384 key, lives five minutes and has a fresh jti, as the spec
 * requires. Throws SmartAuthError with a code (no response text, which may be anything).
 */
export async function smartAccessToken(
  targetName: string,
  auth: SmartAuth,
  options: { timeoutMs: number; refresh?: boolean },
): Promise<string> {
  const cached = cache.get(targetName);
  if (cached && !options.refresh && cached.expiresAt > Date.now() + 60_000) return cached.token;
  const key = await importPKCS8(auth.privateKey as string, auth.alg);
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: auth.alg, typ: 'JWT', ...(auth.keyId ? { kid: auth.keyId } : {}) })
    .setIssuer(auth.clientId)
    .setSubject(auth.clientId)
    .setAudience(auth.tokenUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .setJti(randomUUID())
    .sign(key);
  let response: Response;
  try {
    response = await fetch(auth.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: auth.scope,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      }),
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch {
    throw new SmartAuthError('SMART_TOKEN_UNREACHABLE', true);
  }
  const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
  if (!response.ok || typeof body.access_token !== 'string') {
    throw new SmartAuthError(
      `SMART_TOKEN_HTTP_${response.status}`,
      response.status >= 500 || response.status === 429,
    );
  }
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 300;
  cache.set(targetName, { token: body.access_token, expiresAt: Date.now() + expiresIn * 1000 });
  return body.access_token;
}
