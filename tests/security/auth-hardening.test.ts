import { readFile } from 'node:fs/promises';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import {
  createTestPatient,
  createUserAccount,
  multipartUpload,
  signedInUser,
  signIn,
  TEST_PASSWORD,
  verifyCode,
  withTestApp,
} from '../support/api-harness';
import { synthesizeSpeech } from '../support/synthesize-speech';
import { useTestApp } from '../support/use-test-app';

const { t } = useTestApp();

const cookieOf = (res: { headers: Record<string, unknown> }) =>
  String(res.headers['set-cookie']).split(';')[0]!;

describe('second factor (TOTP)', () => {
  it('an admin must enrol and verify a TOTP code before reaching anything else', async () => {
    const admin = await createUserAccount(t.ctx, 'ADMIN');
    const login = await signIn(t.app, admin.username);
    expect(login.json()).toMatchObject({ mfaRequired: true, mfaEnrollmentRequired: true });
    const headers = { cookie: cookieOf(login), 'x-csrf-token': login.json().csrfToken };
    const blocked = await t.app.inject({ method: 'GET', url: '/api/v1/admin/audit', headers });
    expect(blocked.statusCode).toBe(401);
    expect(blocked.json().error.code).toBe('MFA_REQUIRED');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
    expect(me.json().mfaPending).toBe(true);

    const enrol = await t.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enroll', headers });
    expect(enrol.json().otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    const wrong = await verifyCode(t.app, headers, '000000');
    expect(wrong.statusCode).toBe(401);
    const code = await generate({ secret: enrol.json().secret });
    const ok = await verifyCode(t.app, headers, code);
    expect(ok.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/audit', headers })).statusCode).toBe(200);

    // Next sign-in asks for a code; the code just used cannot be replayed.
    const again = await signIn(t.app, admin.username);
    expect(again.json()).toMatchObject({ mfaRequired: true, mfaEnrollmentRequired: false });
    const h2 = { cookie: cookieOf(again), 'x-csrf-token': again.json().csrfToken };
    const replay = await verifyCode(t.app, h2, code);
    expect(replay.statusCode).toBe(401);
    const stored = await t.ctx.db.user.findUniqueOrThrow({ where: { id: admin.id } });
    expect(stored.mfaSecret).not.toContain(enrol.json().secret);

    // A lost authenticator: another admin resets it, and the next sign-in enrols again.
    const other = await signedInUser(t, 'ADMIN');
    const reset = await other.request({
      method: 'PATCH',
      url: `/api/v1/admin/users/${admin.id}`,
      payload: { resetMfa: true },
    });
    expect(reset.json().mfaEnabled).toBe(false);
    expect((await signIn(t.app, admin.username)).json().mfaEnrollmentRequired).toBe(true);
  });

  it('roles outside AUTH_MFA_REQUIRED_ROLES sign in with a password alone; an empty list turns it off', async () => {
    const records = await createUserAccount(t.ctx, 'RECORDS');
    expect((await signIn(t.app, records.username)).json().mfaRequired).toBe(false);
    await withTestApp({ AUTH_MFA_REQUIRED_ROLES: '' }, async (relaxed) => {
      const admin = await createUserAccount(relaxed.ctx, 'ADMIN');
      expect((await signIn(relaxed.app, admin.username)).json().mfaRequired).toBe(false);
    });
  });
});

describe('API tokens', () => {
  it('a token an admin issues for a physician uploads as that physician, records its use, and stops working when revoked', async () => {
    const admin = await signedInUser(t, 'ADMIN');
    const physician = await createUserAccount(t.ctx, 'PHYSICIAN');
    const issued = await admin.request({
      method: 'POST',
      url: `/api/v1/admin/users/${physician.id}/tokens`,
      payload: { name: 'dock station 3' },
    });
    expect(issued.statusCode).toBe(201);
    const { token, id } = issued.json();
    const row = await t.ctx.db.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).not.toContain(token);

    const { mrn } = await createTestPatient(t);
    const wav = await readFile(await synthesizeSpeech('token upload test', { format: 'wav' }));
    const body = multipartUpload(
      { patientMrn: mrn, workType: 'PROGRESS', priority: 'ROUTINE' },
      { data: wav },
    );
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dictations',
      payload: body.payload,
      headers: { ...body.headers, authorization: `Bearer ${token}` },
    });
    expect(upload.statusCode).toBe(201);
    const dictation = await t.ctx.db.dictation.findUniqueOrThrow({ where: { id: upload.json().id } });
    expect(dictation.authorId).toBe(physician.id);
    expect((await t.ctx.db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();

    expect((await admin.request({ method: 'DELETE', url: `/api/v1/admin/tokens/${id}` })).statusCode).toBe(
      204,
    );
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/v1/dictations',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.statusCode).toBe(401);
  });
});

describe('sessions', () => {
  /** With these settings a session works at once and no longer after `ms`. */
  const expectSessionEndsAfter = (env: Record<string, string>, ms: number) =>
    withTestApp(env, async (quick) => {
      const user = await signedInUser(quick, 'RECORDS');
      expect((await user.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(200);
      await new Promise((r) => setTimeout(r, ms));
      expect((await user.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    });

  it('expire after the idle timeout', () => expectSessionEndsAfter({ SESSION_IDLE_MINUTES: '0.02' }, 1500));

  it('expire at the absolute lifetime even while in use', () =>
    expectSessionEndsAfter({ SESSION_MAX_HOURS: '0.0004' }, 1600));

  it('signing in again rotates the session: the old cookie stops working', async () => {
    const user = await signedInUser(t, 'TRANSCRIPTIONIST');
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie: user.cookie },
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    expect(cookieOf(again)).not.toBe(user.cookie);
    expect((await user.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
  });

  it('disabling a user or resetting their password ends their sessions', async () => {
    const admin = await signedInUser(t, 'ADMIN');
    const user = await signedInUser(t, 'PHYSICIAN');
    const res = await admin.request({
      method: 'PATCH',
      url: `/api/v1/admin/users/${user.id}`,
      payload: { disabled: true },
    });
    expect(res.json().disabled).toBe(true);
    expect((await user.request({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    expect((await signIn(t.app, user.username)).statusCode).toBe(401);
  });

  it('passwords need 12 characters and may not equal the username', async () => {
    const admin = await signedInUser(t, 'ADMIN');
    const short = await admin.request({
      method: 'POST',
      url: '/api/v1/admin/users',
      payload: { username: 'shorty-pw', role: 'PHYSICIAN', password: 'abc123' },
    });
    expect(short.statusCode).toBe(422);
    expect(short.json().error.code).toBe('WEAK_PASSWORD');
    const same = await admin.request({
      method: 'POST',
      url: '/api/v1/admin/users',
      payload: { username: 'samesame-user', role: 'PHYSICIAN', password: 'samesame-user' },
    });
    expect(same.statusCode).toBe(422);
  });
});

describe('web protections', () => {
  it('rate limits sign-in per address with 429', async () => {
    await withTestApp({ RATE_LIMIT_LOGIN_PER_MINUTE: '3' }, async (limited) => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await limited.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'nobody-at-all', password: 'whatever-password' },
          remoteAddress: '10.9.8.7',
        });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    });
  });

  it('sends security headers with a CSP that still allows audio from blob: and this origin; no CORS', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'https://evil.example' },
    });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("media-src 'self' blob:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
