// Single sign-on against a real OpenID provider (oidc-provider) on loopback, driven over HTTP like
// a browser would (separate cookies per site, manual redirects): sign-in with role mapping and
// just-in-time provisioning, every refusal the issue names, back-channel and RP-initiated logout,
// and AUTH_LOCAL_LOGIN for password sign-in.
import { readFile } from 'node:fs/promises';
import { loadConfig } from '@dictum/core/infra/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalizedDocument } from '../records/records-support';
import {
  createTestApp,
  createTestPatient,
  createUserAccount,
  multipartUpload,
  type SignedInUser,
  signedInUser,
  signIn,
  type TestApp,
  uniqueName,
} from '../support/api-harness';
import { CookieAgent } from '../support/cookie-agent';
import { type IdpUser, oidcSettings, startTestIdp, type TestIdp } from '../support/oidc-test-idp';
import { freePort } from '../support/service-processes';
import { synthesizeSpeech } from '../support/synthesize-speech';

let idp: TestIdp;
let t: TestApp;
let base: string;
let acrBase: string;
let acrPort: number;
const COOKIE = 'dictum_session';
const groups = {
  physicians: uniqueName('dictum-physicians'),
  transcriptionists: uniqueName('dictum-transcriptionists'),
  admins: uniqueName('dictum-admins'),
};
let oidcEnv: Record<string, string>;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  acrPort = await freePort();
  acrBase = `http://127.0.0.1:${acrPort}`;
  idp = await startTestIdp({
    redirectUris: [`${base}/api/v1/auth/oidc/callback`, `${acrBase}/api/v1/auth/oidc/callback`],
    postLogoutRedirectUris: [`${base}/login`],
    backchannelLogoutUri: `${base}/api/v1/auth/oidc/backchannel-logout`,
  });
  oidcEnv = {
    ...oidcSettings(
      idp,
      base,
      `${groups.physicians}=PHYSICIAN,${groups.transcriptionists}=TRANSCRIPTIONIST,${groups.admins}=ADMIN`,
      'openid profile groups npi',
    ),
    OIDC_NPI_CLAIM: 'npi',
    OIDC_PROVIDER_NAME: 'Test Hospital IdP',
    // Every test signs in from 127.0.0.1; the per-address sign-in limit is not under test here.
    RATE_LIMIT_LOGIN_PER_MINUTE: '10000',
  };
  t = await createTestApp(oidcEnv);
  await t.app.listen({ port, host: '127.0.0.1' });
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
});

const isCallback = (url: string) => url.includes('/api/v1/auth/oidc/callback');

function idpUser(group: string | null, extra: Partial<IdpUser> = {}) {
  const username = uniqueName('sso');
  return idp.addUser({
    username,
    name: `Casey ${username.slice(-4)}`,
    groups: group ? [group] : [],
    ...extra,
  });
}

/** Starts at Dictum, signs in at the provider; returns the callback URL without visiting it. */
async function toCallback(user: IdpUser, agent = new CookieAgent(), dictum = base) {
  const loginPage = await agent.follow(`${dictum}/api/v1/auth/oidc/login`);
  expect(loginPage.status).toBe(200);
  expect(loginPage.url.startsWith(idp.issuer)).toBe(true);
  const hop = await agent.submitForm(
    loginPage,
    { username: user.username, password: user.password },
    isCallback,
  );
  expect(hop.location && isCallback(hop.location)).toBe(true);
  return { agent, callbackUrl: hop.location! };
}

async function ssoSignIn(user: IdpUser) {
  const { agent, callbackUrl } = await toCallback(user);
  const callback = await agent.request(callbackUrl);
  return { agent, callback };
}

const api = (agent: CookieAgent, path: string, init: RequestInit = {}) =>
  agent.request(`${base}${path}`, init);

async function me(agent: CookieAgent) {
  const res = await api(agent, '/api/v1/auth/me');
  return { status: res.status, body: res.status === 200 ? JSON.parse(res.body) : null };
}

/** A random 10-digit NPI with a valid check digit (Luhn over the 80840 prefix); the database is shared. */
function randomNpi(): string {
  const body = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10)).join('');
  for (let check = 0; check < 10; check++) {
    const digits = `80840${body}${check}`;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) return `${body}${check}`;
  }
  throw new Error('unreachable');
}

const reasonOf = (body: string) => /<code id="reason">([a-z_]+)<\/code>/.exec(body)?.[1];

async function lastAudit(action: string, since: Date) {
  return t.ctx.db.auditEvent.findMany({ where: { action, at: { gte: since } }, orderBy: { id: 'desc' } });
}

describe('OIDC sign-in', () => {
  it('a physician signs in through the provider, is created with the mapped role and NPI, and can upload a dictation', async () => {
    const npi = randomNpi();
    const user = idpUser(groups.physicians, { npi });
    const { agent, callback } = await ssoSignIn(user);
    expect(callback.status).toBe(303);
    expect(callback.location).toBe(`${base}/`);
    const setCookies = callback.headers.getSetCookie().join('\n');
    expect(setCookies).toMatch(new RegExp(`${COOKIE}=[^;]+;.*HttpOnly`, 'i'));
    expect(setCookies).toMatch(/SameSite=Strict/i);

    const session = await me(agent);
    expect(session.status).toBe(200);
    expect(session.body.user).toMatchObject({ role: 'PHYSICIAN', displayName: user.name });
    expect(session.body.mfaPending).toBe(false);
    const row = await t.ctx.db.user.findFirstOrThrow({ where: { oidcSubject: user.sub } });
    expect(row).toMatchObject({
      role: 'PHYSICIAN',
      oidcIssuer: idp.issuer,
      npi,
      username: user.username,
    });
    expect(
      (await lastAudit('user.sso_provisioned', new Date(Date.now() - 60_000))).some(
        (e) => e.objectId === row.id,
      ),
    ).toBe(true);
    expect(
      (await lastAudit('auth.sso_login', new Date(Date.now() - 60_000))).some((e) => e.objectId === row.id),
    ).toBe(true);

    const patient = await createTestPatient(t);
    const wav = await readFile(await synthesizeSpeech('the patient is doing well today', { format: 'wav' }));
    const body = multipartUpload(
      { patientMrn: patient.mrn, workType: 'PROGRESS', priority: 'ROUTINE' },
      { data: wav },
    );
    const upload = await api(agent, '/api/v1/dictations', {
      method: 'POST',
      headers: { ...body.headers, 'x-csrf-token': session.body.csrfToken },
      body: new Uint8Array(body.payload),
    });
    expect(upload.status).toBe(201);
    expect(JSON.parse(upload.body).status).toBe('QUEUED');
  });

  it('matches returning users by sub and refreshes the role and name at each sign-in (audited)', async () => {
    const user = idpUser(groups.transcriptionists);
    await ssoSignIn(user);
    const first = await t.ctx.db.user.findFirstOrThrow({ where: { oidcSubject: user.sub } });
    expect(first.role).toBe('TRANSCRIPTIONIST');
    user.groups = [groups.physicians];
    user.name = 'Casey Renamed';
    const since = new Date();
    const { agent } = await ssoSignIn(user);
    expect((await me(agent)).body.user).toMatchObject({
      id: first.id,
      role: 'PHYSICIAN',
      displayName: 'Casey Renamed',
    });
    const changes = await lastAudit('user.sso_role_changed', since);
    expect(changes.find((e) => e.objectId === first.id)?.details).toMatchObject({
      from: 'TRANSCRIPTIONIST',
      to: 'PHYSICIAN',
    });
    expect(await t.ctx.db.user.count({ where: { oidcSubject: user.sub } })).toBe(1);
  });

  it("an admin through SSO gets no TOTP prompt (MFA is the provider's) and reaches admin routes", async () => {
    const { agent } = await ssoSignIn(idpUser(groups.admins));
    const session = await me(agent);
    expect(session.body).toMatchObject({ user: { role: 'ADMIN' }, mfaPending: false });
    expect((await api(agent, '/api/v1/admin/users')).status).toBe(200);
  });

  it('a user in no mapped group is refused with a clear page and not created', async () => {
    const user = idpUser('nurses');
    const since = new Date();
    const { agent, callback } = await ssoSignIn(user);
    expect(callback.status).toBe(403);
    expect(callback.headers.get('content-type')).toMatch(/text\/html/);
    expect(reasonOf(callback.body)).toBe('role_not_mapped');
    expect(callback.body).toContain('not in a group that may use Dictum');
    expect(callback.headers.getSetCookie().join('\n')).not.toMatch(new RegExp(`${COOKIE}=[^;]`));
    expect(await t.ctx.db.user.count({ where: { oidcSubject: user.sub } })).toBe(0);
    expect((await me(agent)).status).toBe(401);
    const refused = await lastAudit('auth.sso_refused', since);
    expect(
      refused.some((e) => (e.details as { reason?: string; subject?: string }).subject === user.sub),
    ).toBe(true);
    expect(
      refused.find((e) => (e.details as { subject?: string }).subject === user.sub)?.details,
    ).toMatchObject({
      reason: 'role_not_mapped',
    });
  });

  it('refuses a tampered state', async () => {
    const { agent, callbackUrl } = await toCallback(idpUser(groups.physicians));
    const url = new URL(callbackUrl);
    url.searchParams.set('state', `${url.searchParams.get('state')}x`);
    const res = await agent.request(url.href);
    expect(res.status).toBe(400);
    expect(reasonOf(res.body)).toBe('state_invalid');
    expect((await me(agent)).status).toBe(401);
  });

  it('refuses a callback in a browser that did not start the sign-in (state bound to the browser) and a replayed callback', async () => {
    const { agent, callbackUrl } = await toCallback(idpUser(groups.physicians));
    const other = await new CookieAgent().request(callbackUrl);
    expect(other.status).toBe(400);
    expect(reasonOf(other.body)).toBe('state_invalid');
    // Nor can one with a made-up binding cookie.
    const forger = new CookieAgent();
    forger.cookies(base).set(`${COOKIE}_oidc`, 'made-up-binding');
    const forged = await forger.request(callbackUrl);
    expect(forged.status).toBe(400);
    expect(reasonOf(forged.body)).toBe('state_invalid');
    // A request without the browser's binding cannot burn the state: the right browser still signs in...
    const ok = await agent.request(callbackUrl);
    expect(ok.status).toBe(303);
    // ...once: the state is single-use.
    const replay = await agent.request(callbackUrl);
    expect(replay.status).toBe(400);
    expect(reasonOf(replay.body)).toBe('state_invalid');
  });

  for (const [tamper, reason] of [
    ['nonce', 'nonce_mismatch'],
    ['expired', 'id_token_expired'],
    ['signature', 'id_token_invalid'],
  ] as const) {
    it(`refuses an ID token with ${tamper === 'nonce' ? 'a wrong nonce' : tamper === 'expired' ? 'an expired lifetime' : 'a wrong signature'} (${reason})`, async () => {
      const user = idpUser(groups.physicians);
      const { agent, callbackUrl } = await toCallback(user);
      idp.tamper = tamper;
      try {
        const res = await agent.request(callbackUrl);
        expect(res.status).toBe(400);
        expect(reasonOf(res.body)).toBe(reason);
      } finally {
        idp.tamper = null;
      }
      expect((await me(agent)).status).toBe(401);
      expect(await t.ctx.db.user.count({ where: { oidcSubject: user.sub } })).toBe(0);
    });
  }

  it('a disabled Dictum user stays refused', async () => {
    const user = idpUser(groups.physicians);
    await ssoSignIn(user);
    await t.ctx.db.user.updateMany({ where: { oidcSubject: user.sub }, data: { disabled: true } });
    const { callback } = await ssoSignIn(user);
    expect(callback.status).toBe(403);
    expect(reasonOf(callback.body)).toBe('user_disabled');
  });

  it('only a Dictum path may follow sign-in (no open redirect)', async () => {
    const user = idpUser(groups.physicians);
    const agent = new CookieAgent();
    const page = await agent.follow(
      `${base}/api/v1/auth/oidc/login?returnTo=${encodeURIComponent('//evil.example/x')}`,
    );
    const hop = await agent.submitForm(
      page,
      { username: user.username, password: user.password },
      isCallback,
    );
    const callback = await agent.request(hop.location!);
    expect(callback.location).toBe(`${base}/`);
  });
});

describe('e-signature by a single sign-on physician (no Dictum password)', () => {
  async function ssoAuthorWithNote() {
    const user = idpUser(groups.physicians);
    const { agent } = await ssoSignIn(user);
    const session = await me(agent);
    const transcriptionist = await injectedSsoUser(idpUser(groups.transcriptionists));
    const patient = await createTestPatient(t);
    const { documentId } = await finalizedDocument(
      t,
      { physician: { id: session.body.user.id }, transcriptionist },
      { mrn: patient.mrn, text: 'PROGRESS NOTE:\nStable.' },
    );
    const sign = async (payload: object = {}) => {
      const csrf = (await me(agent)).body.csrfToken as string;
      const res = await api(agent, `/api/v1/documents/${documentId}/sign`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify(payload),
      });
      return { status: res.status, body: JSON.parse(res.body) };
    };
    return { user, agent, session, documentId, sign, userId: session.body.user.id as string };
  }

  /** A single sign-on user whose session drives inject() calls (local sign-in is for admins only here). */
  async function injectedSsoUser(user: IdpUser): Promise<SignedInUser> {
    const { agent } = await ssoSignIn(user);
    const { body } = await me(agent);
    const cookie = `${COOKIE}=${agent.cookies(base).get(COOKIE)}`;
    return {
      id: body.user.id,
      username: body.user.username,
      role: body.user.role,
      cookie,
      csrfToken: body.csrfToken,
      request: (options) =>
        t.app.inject({
          ...options,
          headers: { cookie, 'x-csrf-token': body.csrfToken, ...(options.headers ?? {}) },
        }),
    };
  }

  /** Signs in again at the provider with `reauthenticate=true`; the provider must show its form. */
  async function reauthenticate(user: IdpUser, agent: CookieAgent) {
    const loginPage = await agent.follow(
      `${base}/api/v1/auth/oidc/login?reauthenticate=true&returnTo=${encodeURIComponent('/to-sign')}`,
      isCallback,
    );
    expect(loginPage.status).toBe(200);
    expect(loginPage.body).toContain('IdP password');
    const hop = await agent.submitForm(
      loginPage,
      { username: user.username, password: user.password },
      isCallback,
    );
    expect(hop.location && isCallback(hop.location)).toBe(true);
    expect(new URL(hop.location!).searchParams.get('code')).toBeTruthy();
    return agent.request(hop.location!);
  }

  it('is told to sign in again with the provider, never asked for a password it does not have', async () => {
    const { session, sign, userId } = await ssoAuthorWithNote();
    expect(session.body.reauthenticateWith).toBe('sso');
    await t.ctx.db.session.updateMany({
      where: { userId },
      data: { authenticatedAt: new Date(Date.now() - 10 * 60_000) },
    });
    const refused = await sign();
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: 'REAUTHENTICATION_REQUIRED',
      reauthenticateWith: 'sso',
    });
    expect(refused.body.error.message).toContain('Test Hospital IdP');
    // Typing the hospital password here is not a password check: nothing counts towards a lock.
    for (let i = 0; i <= t.ctx.config.auth.lockoutThreshold; i++) {
      const tried = await sign({ password: `hospital-password-${i}` });
      expect(tried.body.error).toMatchObject({
        code: 'REAUTHENTICATION_REQUIRED',
        reauthenticateWith: 'sso',
      });
    }
    const row = await t.ctx.db.user.findUniqueOrThrow({ where: { id: userId } });
    expect([row.failedLogins, row.lockedUntil]).toEqual([0, null]);
    // A local account (here a break-glass admin) keeps the password wording.
    const local = await signedInUser(t, 'ADMIN');
    const localMe = await local.request({ method: 'GET', url: '/api/v1/auth/me' });
    expect(localMe.json().reauthenticateWith).toBe('password');
  });

  it('a sign-in the provider answered from an older session of its own does not count as recent', async () => {
    idp.tamper = 'stale-auth-time';
    try {
      const { sign } = await ssoAuthorWithNote();
      const refused = await sign();
      expect(refused.body.error).toMatchObject({
        code: 'REAUTHENTICATION_REQUIRED',
        reauthenticateWith: 'sso',
      });
    } finally {
      idp.tamper = null;
    }
  });

  it('signing in again with reauthenticate=true makes the provider ask again, and then the note can be signed', async () => {
    const { user, agent, sign, userId, documentId } = await ssoAuthorWithNote();
    await t.ctx.db.session.updateMany({
      where: { userId },
      data: { authenticatedAt: new Date(Date.now() - 10 * 60_000) },
    });
    expect((await sign()).status).toBe(403);
    const since = new Date();
    const back = await reauthenticate(user, agent);
    expect(back.status).toBe(303);
    expect(back.location).toBe(`${base}/to-sign`);
    const signed = await sign();
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    const doc = await t.ctx.db.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(doc.signedById).toBe(userId);
    const logins = await lastAudit('auth.sso_login', since);
    expect(logins.find((e) => e.objectId === userId)?.details).toMatchObject({ reauthenticated: true });
  });

  it('a provider that does not say when the person authenticated confirms no signature, sign-in or re-sign-in', async () => {
    idp.tamper = 'no-auth-time';
    try {
      const { user, agent, sign } = await ssoAuthorWithNote();
      expect((await sign()).body.error).toMatchObject({
        code: 'REAUTHENTICATION_REQUIRED',
        reauthenticateWith: 'sso',
      });
      const again = await reauthenticate(user, agent);
      expect([again.status, reasonOf(again.body)]).toEqual([403, 'reauthentication_not_fresh']);
      expect((await sign()).body.error.code).toBe('REAUTHENTICATION_REQUIRED');
    } finally {
      idp.tamper = null;
    }
  });

  it('only reauthenticate=true asks the provider again; other spellings and values are refused or ignored', async () => {
    const prompt = async (query: string) => {
      const start = await new CookieAgent().request(`${base}/api/v1/auth/oidc/login?${query}`);
      return {
        status: start.status,
        prompt: start.location ? new URL(start.location).searchParams.get('prompt') : null,
        maxAge: start.location ? new URL(start.location).searchParams.get('max_age') : null,
        stateCookie: start.headers.getSetCookie().some((c) => c.startsWith(`${COOKIE}_oidc=`)),
      };
    };
    expect(await prompt('reauthenticate=true')).toEqual({
      status: 302,
      prompt: 'login',
      maxAge: '0',
      stateCookie: true,
    });
    for (const value of ['TRUE', '1', 'yes', '', 'true%00']) {
      expect(await prompt(`reauthenticate=${value}`), value).toMatchObject({
        status: 400,
        stateCookie: false,
      });
    }
    // Another spelling of the parameter is not it: a plain sign-in, the provider may reuse its session.
    for (const query of ['Reauthenticate=true', 'reauthenticate=false', 'returnTo=%2Fto-sign']) {
      expect(await prompt(query), query).toMatchObject({ status: 302, prompt: null, maxAge: null });
    }
  });

  it('another person signing in in the second window gets their own session, which cannot sign the first one’s note', async () => {
    const { agent, sign, documentId } = await ssoAuthorWithNote();
    const other = idpUser(groups.physicians);
    // The provider's own session is the first physician's: the other one signs in there afresh.
    agent.cookies(idp.issuer).clear();
    const back = await reauthenticate(other, agent);
    expect(back.status).toBe(303);
    expect((await me(agent)).body.user.username).toBe(other.username);
    // The cookie is the other physician's now: the note is not theirs to sign (nor to see).
    expect((await sign()).status).toBe(404);
    const doc = await t.ctx.db.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(doc.signedById).toBeNull();
  });

  it('a provider that skips the credentials on reauthenticate=true is refused (reauthentication_not_fresh)', async () => {
    const { user, agent, sign, userId } = await ssoAuthorWithNote();
    await t.ctx.db.session.updateMany({
      where: { userId },
      data: { authenticatedAt: new Date(Date.now() - 10 * 60_000) },
    });
    idp.tamper = 'stale-auth-time';
    try {
      const refused = await reauthenticate(user, agent);
      expect(refused.status).toBe(403);
      expect(reasonOf(refused.body)).toBe('reauthentication_not_fresh');
    } finally {
      idp.tamper = null;
    }
    // The old session still stands, and still may not sign.
    expect((await sign()).body.error.code).toBe('REAUTHENTICATION_REQUIRED');
  });
});

describe('OIDC_REQUIRED_ACR', () => {
  it('refuses a sign-in without the required authentication context (acr_not_met) and accepts one with it', async () => {
    const strict = await createTestApp({
      ...oidcEnv,
      OIDC_REDIRECT_URL: `${acrBase}/api/v1/auth/oidc/callback`,
      OIDC_REQUIRED_ACR: 'urn:test:mfa',
    });
    await strict.app.listen({ port: acrPort, host: '127.0.0.1' });
    try {
      const weak = idpUser(groups.physicians);
      const first = await toCallback(weak, new CookieAgent(), acrBase);
      const refused = await first.agent.request(first.callbackUrl);
      expect(refused.status).toBe(403);
      expect(reasonOf(refused.body)).toBe('acr_not_met');
      expect(await t.ctx.db.user.count({ where: { oidcSubject: weak.sub } })).toBe(0);

      const strong = idpUser(groups.physicians, { acr: 'urn:test:mfa' });
      const second = await toCallback(strong, new CookieAgent(), acrBase);
      const accepted = await second.agent.request(second.callbackUrl);
      expect(accepted.status, reasonOf(accepted.body)).toBe(303);
    } finally {
      await strict.close();
    }
  });
});

describe('private_key_jwt client authentication', () => {
  it('signs in with a client key instead of a secret', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const port = await freePort();
    const keyBase = `http://127.0.0.1:${port}`;
    const keyIdp = await startTestIdp({
      redirectUris: [`${keyBase}/api/v1/auth/oidc/callback`],
      postLogoutRedirectUris: [`${keyBase}/login`],
      clientJwks: {
        keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'dictum-key-1', alg: 'RS256', use: 'sig' }],
      },
    });
    const app = await createTestApp({
      ...oidcEnv,
      OIDC_ISSUER: keyIdp.issuer,
      OIDC_CLIENT_SECRET: '',
      OIDC_CLIENT_PRIVATE_KEY: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      OIDC_CLIENT_PRIVATE_KEY_ID: 'dictum-key-1',
      OIDC_REDIRECT_URL: `${keyBase}/api/v1/auth/oidc/callback`,
    });
    await app.app.listen({ port, host: '127.0.0.1' });
    try {
      const user = keyIdp.addUser({
        username: uniqueName('sso'),
        name: 'Key User',
        groups: [groups.physicians],
      });
      const agent = new CookieAgent();
      const page = await agent.follow(`${keyBase}/api/v1/auth/oidc/login`);
      const hop = await agent.submitForm(
        page,
        { username: user.username, password: user.password },
        isCallback,
      );
      const callback = await agent.request(hop.location!);
      expect(callback.status, reasonOf(callback.body)).toBe(303);
      expect(JSON.parse((await agent.request(`${keyBase}/api/v1/auth/me`)).body).user.role).toBe('PHYSICIAN');
    } finally {
      await app.close();
      await keyIdp.close();
    }
  });
});

describe('OIDC logout', () => {
  it('back-channel logout from the provider ends the Dictum session: the next API call answers 401', async () => {
    const user = idpUser(groups.physicians);
    const { agent } = await ssoSignIn(user);
    expect((await me(agent)).status).toBe(200);
    const since = new Date();
    // The person signs out at the provider (or IT ends the session there).
    const confirm = await agent.follow(`${idp.issuer}/session/end`);
    expect(confirm.status).toBe(200);
    await agent.submitForm(confirm, { logout: 'yes' });
    expect(idp.backchannelErrors).toEqual([]);
    expect((await me(agent)).status).toBe(401);
    const row = await t.ctx.db.user.findFirstOrThrow({ where: { oidcSubject: user.sub } });
    expect((await lastAudit('auth.sso_backchannel_logout', since)).some((e) => e.objectId === row.id)).toBe(
      true,
    );
  });

  it('refuses a logout token not signed by the provider, an ID token, and a replayed logout token', async () => {
    const user = idpUser(groups.physicians);
    const { agent } = await ssoSignIn(user);
    const post = (token: string) =>
      fetch(`${base}/api/v1/auth/oidc/backchannel-logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: token }),
      });
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: idp.issuer,
      aud: idp.clientId,
      sub: user.sub,
      iat: now,
      exp: now + 120,
      jti: uniqueName('jti'),
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    };
    const { SignJWT, generateKeyPair } = await import('jose');
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1' })
      .sign(privateKey);
    expect((await post(forged)).status).toBe(400);
    const idTokenLike = await idp.sign({ ...claims, jti: uniqueName('jti'), nonce: 'n', events: undefined });
    expect((await post(idTokenLike)).status).toBe(400);
    expect((await me(agent)).status).toBe(200);

    const genuine = await idp.sign(claims, { typ: 'logout+jwt' });
    expect((await post(genuine)).status).toBe(200);
    expect((await me(agent)).status).toBe(401);
    expect((await post(genuine)).status).toBe(400);
  });

  it('sign-out of an SSO session ends it and answers the provider end-session URL (RP-initiated logout)', async () => {
    const { agent } = await ssoSignIn(idpUser(groups.physicians));
    const { body } = await me(agent);
    const res = await api(agent, '/api/v1/auth/oidc/logout', {
      method: 'POST',
      headers: { 'x-csrf-token': body.csrfToken },
    });
    expect(res.status).toBe(200);
    const { endSessionUrl } = JSON.parse(res.body);
    const url = new URL(endSessionUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect(url.searchParams.get('id_token_hint')).toBeTruthy();
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${base}/login`);
    expect((await me(agent)).status).toBe(401);
    // The provider accepts it and returns to Dictum's sign-in page.
    const confirm = await agent.follow(endSessionUrl);
    const done = await agent.submitForm(confirm, { logout: 'yes' }, (next) => next.startsWith(base));
    expect(done.location).toBe(`${base}/login`);
  });
});

describe('sign-in options and AUTH_LOCAL_LOGIN', () => {
  it('tells the web app the provider name; the flow starts with PKCE S256, state and nonce', async () => {
    const options = await fetch(`${base}/api/v1/auth/sign-in-options`).then((r) => r.json());
    expect(options).toEqual({
      sso: { enabled: true, providerName: 'Test Hospital IdP' },
      localLogin: 'admins-only',
    });
    const start = await new CookieAgent().request(`${base}/api/v1/auth/oidc/login`);
    expect(start.status).toBe(302);
    const url = new URL(start.location!);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    for (const p of ['code_challenge', 'state', 'nonce'])
      expect(url.searchParams.get(p)?.length).toBeGreaterThan(20);
    const cookie = start.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}_oidc=`))!;
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth\/oidc/i);
  });

  it('with single sign-on on, password sign-in defaults to admins only: a non-admin is refused, an admin signs in', async () => {
    const physician = await createUserAccount(t.ctx, 'PHYSICIAN');
    const refused = await signIn(t.app, physician.username);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('LOCAL_LOGIN_DISABLED');
    expect(String(refused.headers['set-cookie'] ?? '')).not.toContain(COOKIE);
    const admin = await createUserAccount(t.ctx, 'ADMIN');
    expect((await signIn(t.app, admin.username)).statusCode).toBe(200);
  });

  it('AUTH_LOCAL_LOGIN=admins-only refuses non-admins without SSO too; off refuses everyone; a wrong password stays the generic 401', async () => {
    const only = await createTestApp({ AUTH_LOCAL_LOGIN: 'admins-only' });
    const off = await createTestApp({ AUTH_LOCAL_LOGIN: 'off' });
    try {
      const physician = await createUserAccount(only.ctx, 'PHYSICIAN');
      const admin = await createUserAccount(only.ctx, 'ADMIN');
      expect((await signIn(only.app, physician.username)).statusCode).toBe(403);
      expect((await signIn(only.app, physician.username, 'wrong-password-entirely')).statusCode).toBe(401);
      expect((await signIn(only.app, admin.username)).statusCode).toBe(200);
      expect((await signIn(off.app, admin.username)).json().error.code).toBe('LOCAL_LOGIN_DISABLED');
    } finally {
      await only.close();
      await off.close();
    }
  });

  it('configuration: plain-http issuers only outside production; a role map is required', () => {
    const env = { ...process.env, ...oidcEnv, AUTH_SECRET_KEY: process.env.AUTH_SECRET_KEY };
    expect(() =>
      loadConfig({ ...env, NODE_ENV: 'production', AUDIT_CHECKPOINT_KEY: process.env.AUTH_SECRET_KEY }),
    ).toThrow(/OIDC_ISSUER: must be https in production/);
    expect(() => loadConfig({ ...env, OIDC_ROLE_MAP: 'doctors=SURGEON' })).toThrow(/OIDC_ROLE_MAP/);
    expect(loadConfig({ ...env }).localLogin).toBe('admins-only');
    expect(loadConfig({ ...env, OIDC_ISSUER: '' }).localLogin).toBe('all');
  });
});

describe('OIDC routes under attack', () => {
  it('the same callback twice in parallel signs in once: the state is single-use under concurrency', async () => {
    const user = idpUser(groups.physicians);
    const { agent, callbackUrl } = await toCallback(user);
    const [a, b] = await Promise.all([agent.request(callbackUrl), agent.request(callbackUrl)]);
    expect([a.status, b.status].sort()).toEqual([303, 400]);
    expect(reasonOf((a.status === 400 ? a : b).body)).toBe('state_invalid');
    const row = await t.ctx.db.user.findFirstOrThrow({ where: { oidcSubject: user.sub } });
    expect(await t.ctx.db.session.count({ where: { userId: row.id } })).toBe(1);
  });

  it('an oversized state or logout token is refused before any work; sign-out needs a session', async () => {
    const { agent, callbackUrl } = await toCallback(idpUser(groups.physicians));
    const url = new URL(callbackUrl);
    url.searchParams.set('state', 'a'.repeat(5000));
    expect((await agent.request(url.href)).status).toBe(400);
    expect((await me(agent)).status).toBe(401);

    const post = (body: string) =>
      fetch(`${base}/api/v1/auth/oidc/backchannel-logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    expect((await post(new URLSearchParams({ logout_token: 'a'.repeat(20_000) }).toString())).status).toBe(
      400,
    );
    expect((await post(`logout_token=${'a'.repeat(100_000)}`)).status).toBe(413);
    expect((await post('')).status).toBe(400);

    const logout = await fetch(`${base}/api/v1/auth/oidc/logout`, { method: 'POST' });
    expect(logout.status).toBe(401);
  });
});
