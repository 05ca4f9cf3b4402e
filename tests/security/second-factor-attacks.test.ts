import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { createUserAccount, TEST_PASSWORD } from '../support/api-harness';
import { useTestApp } from '../support/use-test-app';

// Whoever has a password must not get unlimited second-factor guesses: wrong codes count across
// sign-ins and client addresses, a right password does not reset them, and the lock holds until an
// admin unlocks. One code signs in one session, however many race with it.

const { t, admin } = useTestApp({ users: { admin: 'ADMIN' } });

const cookieOf = (res: { headers: Record<string, unknown> }) =>
  String(([] as unknown[]).concat(res.headers['set-cookie'])[0]).split(';')[0]!;

async function passwordSignIn(username: string, ip: string, password = TEST_PASSWORD) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    remoteAddress: ip,
  });
  const headers: Record<string, string> =
    res.statusCode === 200 ? { cookie: cookieOf(res), 'x-csrf-token': res.json().csrfToken as string } : {};
  return { res, headers };
}

async function verify(headers: Record<string, string>, code: string, ip: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/mfa/verify',
    headers,
    payload: { code },
    remoteAddress: ip,
  });
}

/** An admin (second factor required) who enrolled; returns the TOTP secret. */
async function enrolledAdmin() {
  const user = await createUserAccount(t.ctx, 'ADMIN');
  const { headers } = await passwordSignIn(user.username, '10.9.0.1');
  const enrol = await t.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enroll', headers });
  const secret = enrol.json().secret as string;
  const ok = await verify(headers, await generate({ secret }), '10.9.0.1');
  expect(ok.statusCode).toBe(200);
  // The step just used cannot be used again; later tests need a fresh step, so forget it.
  await t.ctx.db.user.update({ where: { id: user.id }, data: { mfaLastStep: 0n } });
  return { user, secret };
}

const wrongCode = (right: string) => String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');

describe('second factor', () => {
  it('8 wrong codes over 4 sign-ins from 4 addresses lock the account until an admin unlocks it', async () => {
    const { user, secret } = await enrolledAdmin();
    const right = await generate({ secret });
    const answers: number[] = [];
    for (let i = 0; i < 4; i++) {
      const ip = `203.0.113.${10 + i}`;
      const { res, headers } = await passwordSignIn(user.username, ip);
      answers.push(res.statusCode);
      if (res.statusCode !== 200) continue;
      for (let j = 0; j < 2; j++) answers.push((await verify(headers, wrongCode(right), ip)).statusCode);
    }
    // Sign-ins 1–3 succeed with the password; the fifth wrong code locks and ends the session.
    expect(answers.slice(0, 3)).toEqual([200, 401, 401]);
    const locked = await t.ctx.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(locked.mfaLockedAt).not.toBeNull();

    // The right password and the right code are refused now, from a fresh address.
    // (Locked: every password gets the answer of a wrong one, so the lock is no oracle either.)
    const after = await passwordSignIn(user.username, '198.51.100.7');
    expect(after.res.statusCode).toBe(401);
    expect(after.res.json().error.code).toBe('INVALID_CREDENTIALS');
    const probe = await passwordSignIn(user.username, '198.51.100.8', 'not-the-password-at-all');
    expect(probe.res.statusCode).toBe(401);
    expect(probe.res.json().error.code).toBe('INVALID_CREDENTIALS');

    // Time does not unlock it; an admin does, and that is audited.
    await t.ctx.db.user.update({ where: { id: user.id }, data: { lockedUntil: null } });
    expect((await passwordSignIn(user.username, '198.51.100.9')).res.statusCode).toBe(401);
    const unlock = await admin.request({
      method: 'PATCH',
      url: `/api/v1/admin/users/${user.id}`,
      payload: { unlock: true },
    });
    expect(unlock.statusCode).toBe(200);
    const again = await passwordSignIn(user.username, '198.51.100.10');
    expect(again.res.statusCode).toBe(200);
    const ok = await verify(again.headers, await generate({ secret }), '198.51.100.10');
    expect(ok.statusCode).toBe(200);

    const audit = await admin.request({
      method: 'GET',
      url: `/api/v1/admin/audit?username=${encodeURIComponent(user.username)}&limit=100`,
    });
    const actions = (audit.json().items as { action: string }[]).map((i) => i.action);
    expect(actions.filter((a) => a === 'auth.mfa_failed').length).toBeGreaterThanOrEqual(5);
    expect(actions).toContain('auth.lockout');
    expect(actions).toContain('auth.mfa_enrolled');
  });

  it('a right password does not reset the count of wrong codes', async () => {
    const { user, secret } = await enrolledAdmin();
    const right = await generate({ secret });
    for (let i = 0; i < 4; i++) {
      const { headers } = await passwordSignIn(user.username, `192.0.2.${i + 1}`);
      expect((await verify(headers, wrongCode(right), `192.0.2.${i + 1}`)).statusCode).toBe(401);
    }
    expect((await t.ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).mfaFailures).toBe(4);
    const { headers } = await passwordSignIn(user.username, '192.0.2.50');
    expect((await verify(headers, wrongCode(right), '192.0.2.50')).statusCode).toBe(401);
    expect((await passwordSignIn(user.username, '192.0.2.51')).res.statusCode).toBe(401);
    expect((await t.ctx.db.user.findUniqueOrThrow({ where: { id: user.id } })).mfaLockedAt).not.toBeNull();
  });

  it('one code signs in one session, even when six sessions race with it', async () => {
    const { user, secret } = await enrolledAdmin();
    const sessions = [];
    for (let i = 0; i < 6; i++)
      sessions.push((await passwordSignIn(user.username, `100.64.0.${i + 1}`)).headers);
    const code = await generate({ secret });
    const results = await Promise.all(sessions.map((h, i) => verify(h, code, `100.64.0.${i + 1}`)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401, 401, 401, 401, 401]);
    // The losers' sessions are still waiting for a second factor: they reach nothing.
    const loser = sessions[results.findIndex((r) => r.statusCode === 401)]!;
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/dictations', headers: loser });
    expect(me.statusCode).toBe(401);
  });

  it("an admin's second-factor reset of a user is in the audit API, and ends the user's sessions", async () => {
    const { user } = await enrolledAdmin();
    const reset = await admin.request({
      method: 'PATCH',
      url: `/api/v1/admin/users/${user.id}`,
      payload: { resetMfa: true },
    });
    expect(reset.statusCode).toBe(200);
    const audit = await admin.request({
      method: 'GET',
      url: '/api/v1/admin/audit?action=auth.mfa_reset&limit=50',
    });
    const items = audit.json().items as { action: string; objectId: string; username: string }[];
    expect(items.some((i) => i.objectId === user.id && i.username === admin.username)).toBe(true);
    expect(await t.ctx.db.session.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe('API tokens', () => {
  it('are refused for admins, expire, and work only on routes their scope covers', async () => {
    const refused = await admin.request({
      method: 'POST',
      url: `/api/v1/admin/users/${admin.id}/tokens`,
      payload: { name: 'admin bot' },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('TOKEN_NOT_ALLOWED');

    const physician = await createUserAccount(t.ctx, 'PHYSICIAN');
    const issued = await admin.request({
      method: 'POST',
      url: `/api/v1/admin/users/${physician.id}/tokens`,
      payload: { name: 'dock 3' },
    });
    expect(issued.statusCode).toBe(201);
    const { token, id, scopes, expiresAt } = issued.json();
    expect(scopes).toEqual(['dictations:write', 'dictations:read']);
    const days = (new Date(expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89);
    expect(days).toBeLessThanOrEqual(90);

    const bearer = { authorization: `Bearer ${token}` };
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/dictations', headers: bearer })).statusCode,
    ).toBe(200);
    // Outside its scope: the physician's session may read patients, the device token may not.
    const outside = await t.app.inject({ method: 'GET', url: '/api/v1/patients?q=a', headers: bearer });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('TOKEN_SCOPE');
    // Other spellings of the scheme are the same token; garbage is a failed sign-in, not a cookie fallback.
    const lower = await t.app.inject({
      method: 'GET',
      url: '/api/v1/dictations',
      headers: { authorization: `bearer ${token}` },
    });
    expect(lower.statusCode).toBe(200);
    const junk = await t.app.inject({
      method: 'GET',
      url: '/api/v1/dictations',
      headers: { authorization: 'Basic Zm9vOmJhcg==' },
    });
    expect(junk.statusCode).toBe(401);

    // Expired: refused.
    await t.ctx.db.apiToken.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/dictations', headers: bearer })).statusCode,
    ).toBe(401);
  });

  it('a password reset revokes the user’s tokens, with the audit row in the same commit', async () => {
    const physician = await createUserAccount(t.ctx, 'PHYSICIAN');
    const issued = await admin.request({
      method: 'POST',
      url: `/api/v1/admin/users/${physician.id}/tokens`,
      payload: { name: 'phone' },
    });
    const bearer = { authorization: `Bearer ${issued.json().token}` };
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/dictations', headers: bearer })).statusCode,
    ).toBe(200);
    const reset = await admin.request({
      method: 'PATCH',
      url: `/api/v1/admin/users/${physician.id}`,
      payload: { password: 'a-brand-new-long-password' },
    });
    expect(reset.statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/dictations', headers: bearer })).statusCode,
    ).toBe(401);
    const audit = await admin.request({
      method: 'GET',
      url: '/api/v1/admin/audit?action=auth.password_reset&limit=20',
    });
    const row = (audit.json().items as { objectId: string; details?: { tokensRevoked?: number } }[]).find(
      (i) => i.objectId === physician.id,
    );
    expect(row).toBeDefined();
  });
});
