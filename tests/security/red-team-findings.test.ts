// Holes found by attacking a running Dictum from outside (red team), each with the attack that
// found it. Every test here failed before its fix.
//
// 1. Lockout thresholds were read-then-act: a burst of parallel guesses all read "not locked yet",
//    so 100 parallel wrong passwords were all checked (threshold 5) and a right password among
//    them signed in and cleared the lock; 200 parallel second-factor codes from 20 sessions on 20
//    addresses checked 68 codes (threshold 5).
// 2. The SSO `returnTo` check read the path as text, not as a browser reads a Location header: a
//    browser drops tabs and newlines, so `/\t/evil.example` became `//evil.example` and the
//    sign-in ended on another site (open redirect after sign-in).
// 3. A password tried on a single sign-on account (which has no password hash) was refused at once,
//    while an unknown name or a wrong password costs an argon2 verification (~30 ms): the answer's
//    timing told an anonymous caller which SSO accounts exist.
// 4. The password typed to sign a note (a stolen session's way to guess the password) was compared
//    before its attempt was counted: a parallel burst compared every guess.
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeReturnTo } from '../../api/src/services/auth/oidc/start-sign-in';
import { hashPassword, verifyPassword } from '../../api/src/services/auth/passwords';
import { assertRecentAuthentication } from '../../api/src/services/documents/recent-authentication';
import {
  createTestApp,
  createUserAccount,
  TEST_PASSWORD,
  type TestApp,
  uniqueName,
  verifyCode,
} from '../support/api-harness';
import { CookieAgent } from '../support/cookie-agent';
import { oidcSettings, startTestIdp, type TestIdp } from '../support/oidc-test-idp';
import { freePort } from '../support/service-processes';

const BURST = 60;

describe('lockouts hold under parallel guesses', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The per-address limit is off: an attacker with many addresses meets only the lockout.
    t = await createTestApp({ RATE_LIMIT_LOGIN_PER_MINUTE: '100000' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const login = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

  const auditOf = (userId: string, action: string) =>
    t.ctx.db.auditEvent.findMany({ where: { objectId: userId, action } });

  it('a burst of parallel wrong passwords checks at most the threshold, and the right one is then refused', async () => {
    const user = await createUserAccount(t.ctx, 'PHYSICIAN');
    const threshold = t.ctx.config.auth.lockoutThreshold;
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_, i) => login(user.username, `wrong-password-${i}-xyz`)),
    );
    // Every guess looks like any wrong password (the lock reveals nothing to a guesser).
    expect(new Set(answers.map((a) => a.statusCode))).toEqual(new Set([401]));
    // Compared: only the guesses that took an attempt; the rest met the lock and were not compared.
    const failures = await auditOf(user.id, 'auth.login_failed');
    const refused = await auditOf(user.id, 'auth.login_refused_locked');
    expect(failures.length + refused.length).toBe(BURST);
    expect(failures.length).toBeLessThanOrEqual(threshold);
    expect(await auditOf(user.id, 'auth.lockout')).toHaveLength(1);
    // The right password during the lock is refused like any other: no oracle for guessers.
    expect((await login(user.username, TEST_PASSWORD)).statusCode).toBe(401);
    const row = await t.ctx.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
  }, 60_000);

  it('a count left at the threshold without its lock (a lost write) locks at the next attempt, not never', async () => {
    const user = await createUserAccount(t.ctx, 'PHYSICIAN');
    const threshold = t.ctx.config.auth.lockoutThreshold;
    await t.ctx.db.$executeRaw`UPDATE "User" SET "failedLogins" = ${threshold}, "lockedUntil" = NULL,
      "updatedAt" = now() - interval '5 minutes' WHERE "id" = ${user.id}::uuid`;
    expect((await login(user.username, TEST_PASSWORD)).statusCode).toBe(401);
    const row = await t.ctx.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(await auditOf(user.id, 'auth.lockout')).toHaveLength(1);
  });

  it('a stolen session guessing the signing password in parallel compares at most the threshold', async () => {
    const user = await createUserAccount(t.ctx, 'PHYSICIAN');
    const actor = {
      kind: 'user' as const,
      userId: user.id,
      username: user.username,
      role: 'PHYSICIAN' as const,
      ip: '127.0.0.1',
      requestId: 'red-team',
    };
    const answers = await Promise.allSettled(
      Array.from({ length: BURST }, (_, i) =>
        assertRecentAuthentication(t.ctx, actor, { sessionId: null }, `wrong-password-${i}-xyz`),
      ),
    );
    expect(answers.every((a) => a.status === 'rejected')).toBe(true);
    const compared = await auditOf(user.id, 'auth.signature_password_failed');
    expect(compared.length).toBeLessThanOrEqual(t.ctx.config.auth.lockoutThreshold);
    await expect(
      assertRecentAuthentication(t.ctx, actor, { sessionId: null }, TEST_PASSWORD),
    ).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
  }, 60_000);

  it('a burst of parallel wrong second-factor codes from many sessions checks at most the threshold, then locks', async () => {
    const user = await createUserAccount(t.ctx, 'PHYSICIAN', uniqueName('mfa-burst'));
    const first = await login(user.username, TEST_PASSWORD);
    const cookieOf = (res: typeof first) => String(res.headers['set-cookie']).split(';')[0]!;
    const headers = { cookie: cookieOf(first), 'x-csrf-token': first.json().csrfToken as string };
    const enrol = await t.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enroll', headers });
    const secret = enrol.json().secret as string;
    const verified = await verifyCode(t.app, headers, await generate({ secret }));
    expect(verified.statusCode).toBe(200);

    // The attacker holds the password: six sign-ins, each waiting for its second factor.
    const sessions: Record<string, string>[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await login(user.username, TEST_PASSWORD);
      expect(res.json().mfaRequired).toBe(true);
      sessions.push({ cookie: cookieOf(res), 'x-csrf-token': res.json().csrfToken as string });
    }
    // Wrong codes only: none of the codes valid around now.
    const now = Date.now();
    const valid = new Set(
      await Promise.all(
        [-60, -30, 0, 30, 60].map((s) => generate({ secret, epoch: Math.floor(now / 1000) + s })),
      ),
    );
    const guesses = Array.from({ length: 200 }, (_, i) => String(100000 + i * 4111)).filter(
      (c) => !valid.has(c),
    );
    const answers = await Promise.all(
      guesses.slice(0, BURST).map((code, i) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/mfa/verify',
          headers: sessions[i % sessions.length]!,
          payload: { code },
        }),
      ),
    );
    expect(answers.every((a) => a.statusCode !== 200 && a.statusCode < 500)).toBe(true);
    const threshold = t.ctx.config.auth.mfaLockoutThreshold;
    expect((await auditOf(user.id, 'auth.mfa_failed')).length).toBeLessThanOrEqual(threshold);
    const row = await t.ctx.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.mfaLockedAt).not.toBeNull();
    expect(await auditOf(user.id, 'auth.lockout')).toHaveLength(1);
    // The right password and the right code no longer get in.
    expect((await login(user.username, TEST_PASSWORD)).statusCode).toBe(401);
  }, 60_000);
});

describe('single sign-on returns only to a path of Dictum itself', () => {
  const hostile = [
    '/\t/evil.example/steal',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '/\t\\evil.example',
    '/\\evil.example',
    '//evil.example',
    '/.//evil.example',
    '/%2e//evil.example',
    'https://evil.example/',
    '\t//evil.example',
    ' //evil.example',
    '/\u0000/evil.example',
  ];

  it('reads returnTo as a browser reads the Location header: every spelling of another site becomes "/"', () => {
    for (const value of hostile) {
      const sent = safeReturnTo(value);
      const landed = new URL(sent, 'https://dictum.example');
      expect(landed.origin, JSON.stringify(value)).toBe('https://dictum.example');
      expect(sent.startsWith('//'), JSON.stringify(value)).toBe(false);
      expect(
        [...sent].some((c) => c.charCodeAt(0) < 0x20 || c === '\\'),
        JSON.stringify(value),
      ).toBe(false);
    }
    expect(safeReturnTo('/worklist?status=open#top')).toBe('/worklist?status=open#top');
    expect(safeReturnTo('/api/v1/admin/users')).toBe('/');
  });

  let idp: TestIdp;
  let t: TestApp;
  let base: string;
  const group = uniqueName('dictum-physicians');
  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    idp = await startTestIdp({
      redirectUris: [`${base}/api/v1/auth/oidc/callback`],
      postLogoutRedirectUris: [`${base}/login`],
    });
    t = await createTestApp({
      ...oidcSettings(idp, base, `${group}=PHYSICIAN`),
      RATE_LIMIT_LOGIN_PER_MINUTE: '10000',
    });
    await t.app.listen({ port, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  it('after signing in at the provider, a hostile returnTo lands on Dictum, never on another site', async () => {
    const isCallback = (url: string) => url.includes('/api/v1/auth/oidc/callback');
    for (const returnTo of [
      '/\t/evil.example/steal',
      '/\r\n/evil.example',
      '/.//evil.example',
      '/records?x=1',
    ]) {
      const username = uniqueName('sso');
      const user = idp.addUser({ username, name: 'Casey Redteam', groups: [group] });
      const agent = new CookieAgent();
      const page = await agent.follow(
        `${base}/api/v1/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`,
      );
      expect(page.url.startsWith(idp.issuer)).toBe(true);
      const hop = await agent.submitForm(
        page,
        { username: user.username, password: user.password },
        isCallback,
      );
      const callback = await agent.request(hop.location!);
      expect(callback.status, JSON.stringify(returnTo)).toBe(303);
      // The agent resolves Location with the WHATWG URL parser, exactly as a browser does.
      expect(new URL(callback.location!).origin, JSON.stringify(returnTo)).toBe(base);
      if (returnTo === '/records?x=1') expect(callback.location).toBe(`${base}/records?x=1`);
    }
  }, 120_000);
});

describe('timing does not tell which accounts exist', () => {
  it('a password tried on a single sign-on account (no password hash) costs a real verification', async () => {
    // What provision-user.ts stores for SSO users: never a valid argon2 hash.
    const ssoHash = '!sso-no-local-password';
    const realHash = await hashPassword('a-real-password-for-timing');
    const time = async (hash: string) => {
      const start = performance.now();
      expect(await verifyPassword(hash, 'wrong-password-123')).toBe(false);
      return performance.now() - start;
    };
    const real: number[] = [];
    const sso: number[] = [];
    // Interleaved, so both see the same machine load.
    for (let i = 0; i < 7; i++) {
      real.push(await time(realHash));
      sso.push(await time(ssoHash));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(median(sso)).toBeGreaterThan(median(real) * 0.5);
  });
});
