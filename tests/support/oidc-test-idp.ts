import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import {
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  SignJWT,
} from 'jose';
import Provider from 'oidc-provider';

// A real OpenID provider (panva's certified oidc-provider) on loopback, for the single sign-on
// tests: discovery, authorization code + PKCE, RS256 ID tokens, userinfo, RP-initiated logout and
// back-channel logout. Its sign-in page is a plain username/password form. `tamper` rewrites the
// next ID tokens at the token endpoint the way a broken or hostile provider would.

export interface IdpUser {
  sub: string;
  username: string;
  password: string;
  name: string;
  groups: string[];
  npi?: string;
  /** Authentication context the sign-in reports (e.g. an MFA level). */
  acr?: string;
}

/**
 * `stale-auth-time`: the person last authenticated an hour ago (a provider answering from its
 * session); `no-auth-time`: the provider does not say when.
 */
export type Tamper = 'expired' | 'nonce' | 'signature' | 'stale-auth-time' | 'no-auth-time' | null;

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  users: Map<string, IdpUser>;
  tamper: Tamper;
  /** Back-channel logout deliveries that failed (for test diagnostics). */
  backchannelErrors: string[];
  addUser(user: Omit<IdpUser, 'sub' | 'password'> & { password?: string }): IdpUser;
  /** Signs a JWT with the provider's own key (as the provider would). */
  sign(payload: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: oidc-provider's Koa context is untyped
type KoaContext = any;

export const IDP_PASSWORD = 'idp-password-for-tests';

/** Dictum's settings for signing in at this provider, served at `base`, with roles from `groups`. */
export function oidcSettings(idp: TestIdp, base: string, roleMap: string, scopes = 'openid profile groups') {
  return {
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_REDIRECT_URL: `${base}/api/v1/auth/oidc/callback`,
    OIDC_SCOPES: scopes,
    OIDC_ROLE_CLAIM: 'groups',
    OIDC_ROLE_MAP: roleMap,
  };
}

export async function startTestIdp(client: {
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri?: string;
  /** Register the client for private_key_jwt with this public key set instead of a secret. */
  clientJwks?: { keys: JWK[] };
}): Promise<TestIdp> {
  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'dictum';
  const clientSecret = `secret-${randomUUID()}`;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingJwk: JWK = { ...(await exportJWK(privateKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' };
  const signingKey = await importJWK(signingJwk, 'RS256');
  const { privateKey: foreignKey } = await generateKeyPair('RS256');

  const users = new Map<string, IdpUser>();
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: client.redirectUris,
        post_logout_redirect_uris: client.postLogoutRedirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        ...(client.clientJwks
          ? {
              token_endpoint_auth_method: 'private_key_jwt',
              token_endpoint_auth_signing_alg: 'RS256',
              jwks: client.clientJwks,
            }
          : { token_endpoint_auth_method: 'client_secret_basic' }),
        ...(client.backchannelLogoutUri
          ? { backchannel_logout_uri: client.backchannelLogoutUri, backchannel_logout_session_required: true }
          : {}),
      },
    ],
    jwks: { keys: [signingJwk] },
    acrValues: ['urn:test:mfa'],
    cookies: { keys: [randomUUID()] },
    // acr/amr under `openid` so every ID token says how the person authenticated.
    claims: {
      openid: ['sub', 'acr', 'amr', 'auth_time'],
      profile: ['name', 'preferred_username'],
      groups: ['groups'],
      npi: ['npi'],
    },
    scopes: ['openid', 'profile', 'groups', 'npi'],
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContext, form: string) => {
          ctx.body = `<!doctype html><html><body><h1>Sign out of the test IdP?</h1>${form}
            <button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button></body></html>`;
        },
        postLogoutSuccessSource: async (ctx: KoaContext) => {
          ctx.body = '<!doctype html><html><body><h1>Signed out of the test IdP</h1></body></html>';
        },
      },
    },
    pkce: { required: () => true },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // First-party client: no consent screen; the grant covers what was asked for.
    loadExistingGrant: async (ctx: KoaContext) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope(ctx.oidc.requestParamScopes ? [...ctx.oidc.requestParamScopes].join(' ') : 'openid');
      await grant.save();
      return grant;
    },
    findAccount: async (_ctx: unknown, sub: string) => {
      const user = [...users.values()].find((u) => u.sub === sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          name: user.name,
          preferred_username: user.username,
          groups: user.groups,
          ...(user.npi ? { npi: user.npi } : {}),
        }),
      };
    },
    // The provider refuses outgoing requests to loopback by default (SSRF protection); Dictum's
    // back-channel logout endpoint is on loopback in tests.
    fetch: (url: string, options: RequestInit & { dispatcher?: unknown }) => {
      delete options.dispatcher;
      return globalThis.fetch(url, options);
    },
  });
  provider.proxy = false;

  const idp: TestIdp = {
    issuer,
    clientId,
    clientSecret,
    users,
    tamper: null,
    backchannelErrors: [],
    addUser(input) {
      const user = { ...input, sub: `sub-${randomUUID()}`, password: input.password ?? IDP_PASSWORD };
      users.set(user.username, user);
      return user;
    },
    async sign(payload, header = {}) {
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: signingJwk.kid, ...header })
        .sign(signingKey);
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => {});
    },
  };
  provider.on('backchannel.error', (_ctx: unknown, error: Error) =>
    idp.backchannelErrors.push(error.message),
  );

  // The sign-in page and the ID-token tampering, as middleware in front of the provider's routes.
  provider.use(async (ctx: KoaContext, next: () => Promise<void>) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(ctx.path);
    if (!match) {
      await next();
      if (ctx.path === '/token' && idp.tamper && ctx.body?.id_token) {
        ctx.body = { ...ctx.body, id_token: await tamperIdToken(ctx.body.id_token, idp.tamper) };
      }
      return;
    }
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (ctx.method === 'GET') {
      ctx.type = 'html';
      ctx.body = loginPage(details.uid, '');
      return;
    }
    const form = new URLSearchParams(await readBody(ctx.req));
    const user = users.get(form.get('username') ?? '');
    if (!user || user.password !== form.get('password')) {
      ctx.type = 'html';
      ctx.body = loginPage(details.uid, 'Wrong username or password.');
      return;
    }
    const result = { login: { accountId: user.sub, ...(user.acr ? { acr: user.acr } : {}) } };
    const redirectTo = await provider.interactionResult(ctx.req, ctx.res, result, {
      mergeWithLastSubmission: false,
    });
    ctx.redirect(redirectTo);
  });

  async function tamperIdToken(idToken: string, how: Exclude<Tamper, null>): Promise<string> {
    const claims = decodeJwt(idToken);
    const header = decodeProtectedHeader(idToken);
    const now = Math.floor(Date.now() / 1000);
    if (how === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
    if (how === 'nonce') claims.nonce = 'a-nonce-from-another-sign-in';
    if (how === 'stale-auth-time') claims.auth_time = now - 3600;
    if (how === 'no-auth-time') delete claims.auth_time;
    const key = how === 'signature' ? foreignKey : signingKey;
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: header.kid }).sign(key);
  }

  server.on('request', provider.callback());
  return idp;
}

function loginPage(uid: string, error: string) {
  return `<!doctype html><html><head><title>Test IdP sign-in</title></head><body>
<h1>Test hospital IdP</h1>${error ? `<p role="alert">${error}</p>` : ''}
<form method="post" action="/interaction/${uid}">
<label for="u">IdP username</label><input id="u" name="username" autocomplete="username">
<label for="p">IdP password</label><input id="p" name="password" type="password">
<button type="submit">Continue</button></form></body></html>`;
}

async function readBody(req: NodeJS.ReadableStream): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}
