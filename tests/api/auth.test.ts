import { describe, expect, it } from 'vitest';
import { createTestApp, createUserAccount, signedInUser, signIn } from '../support/api-harness';
import { useTestApp } from '../support/use-test-app';

const { t } = useTestApp();

describe('sign-in and sessions', () => {
  it('answers 200 with the user and a CSRF token, and sets an HttpOnly SameSite=Strict cookie without Secure over plain HTTP', async () => {
    const user = await createUserAccount(t.ctx, 'PHYSICIAN');
    const res = await signIn(t.app, user.username);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      user: { username: user.username, role: 'PHYSICIAN' },
      csrfToken: expect.any(String),
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it('sends the cookie with Secure when the request came over HTTPS (behind a trusted proxy)', async () => {
    const proxied = await createTestApp({ TRUST_PROXY: 'true' });
    try {
      const user = await createUserAccount(proxied.ctx, 'PHYSICIAN');
      const res = await proxied.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: user.username, password: 'correct-horse-battery-staple' },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['set-cookie'])).toMatch(/;\s*Secure/i);
    } finally {
      await proxied.close();
    }
  });

  it('gives the same generic 401 for an unknown user and a wrong password', async () => {
    const user = await createUserAccount(t.ctx, 'RECORDS');
    const wrong = await signIn(t.app, user.username, 'not-the-password-at-all');
    const unknown = await signIn(t.app, 'no-such-user-anywhere', 'not-the-password-at-all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('answers 401 without a session before validating anything, 403 for the wrong role', async () => {
    const noSession = await t.app.inject({ method: 'POST', url: '/api/v1/patients', payload: {} });
    expect(noSession.statusCode).toBe(401);
    expect(noSession.json().error.code).toBe('UNAUTHENTICATED');
    const transcriptionist = await signedInUser(t, 'TRANSCRIPTIONIST');
    const wrongRole = await transcriptionist.request({
      method: 'POST',
      url: '/api/v1/patients',
      payload: {},
    });
    expect(wrongRole.statusCode).toBe(403);
  });

  it('refuses a state-changing cookie request without the CSRF header', async () => {
    const records = await signedInUser(t, 'RECORDS');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/patients',
      headers: { cookie: records.cookie },
      payload: { mrn: 'CSRF-1', name: 'X Y', birthDate: '1970-01-01', sex: 'male' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_TOKEN_INVALID');
  });

  it('me returns the signed-in user; logout ends the session on the server', async () => {
    const user = await signedInUser(t, 'TRANSCRIPTIONIST');
    const me = await user.request({ method: 'GET', url: '/api/v1/auth/me' });
    expect(me.json().user.username).toBe(user.username);
    const out = await user.request({ method: 'POST', url: '/api/v1/auth/logout' });
    expect(out.statusCode).toBe(204);
    const after = await user.request({ method: 'GET', url: '/api/v1/auth/me' });
    expect(after.statusCode).toBe(401);
  });

  it('locks an account after five failed sign-ins, refusing even the right password, and audits the lockout', async () => {
    const user = await createUserAccount(t.ctx, 'PHYSICIAN');
    for (let i = 0; i < 5; i++)
      expect((await signIn(t.app, user.username, 'wrong-password-123')).statusCode).toBe(401);
    // Without the password, a locked account looks like any wrong password (it reveals nothing).
    const sixth = await signIn(t.app, user.username, 'wrong-password-123');
    expect(sixth.statusCode).toBe(401);
    expect(sixth.json().error.code).toBe('INVALID_CREDENTIALS');
    // Nor does the right password learn anything while the lock lasts: no oracle for guessers.
    const right = await signIn(t.app, user.username);
    expect(right.statusCode).toBe(401);
    const lockout = await t.ctx.db.auditEvent.findFirst({
      where: { action: 'auth.lockout', userId: user.id },
    });
    expect(lockout).not.toBeNull();
  });
});
