import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { parseTrustProxy } from '@dictum/core/infra/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  createUserAccount,
  signedInUser,
  signIn,
  TEST_PASSWORD,
  type TestApp,
} from '../support/api-harness';

// Limits an attacker must not be able to step around: forged X-Forwarded-For, Redis outages, a
// different address per request; and endpoints that should not be open to everyone.

/** An app with counters of its own (rate-limit keys are namespaced by the queue prefix). */
const isolatedApp = (env: Record<string, string> = {}) =>
  createTestApp({ QUEUE_PREFIX: `rl-${randomUUID().slice(0, 8)}`, ...env });

async function failedSignIns(t: TestApp, count: number, headers: (i: number) => Record<string, string>) {
  const user = await createUserAccount(t.ctx, 'PHYSICIAN');
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: headers(i),
      payload: { username: user.username, password: `wrong-${i}` },
    });
    statuses.push(res.statusCode);
  }
  return statuses;
}

describe('sign-in rate limit and forged X-Forwarded-For', () => {
  it('40 failed sign-ins from one address with forged X-Forwarded-For hit the limit (TRUST_PROXY off)', async () => {
    const t = await isolatedApp();
    try {
      const statuses = await failedSignIns(t, 40, (i) => ({
        'x-forwarded-for': `198.51.100.${i}, 203.0.113.${i}`,
        'x-real-ip': `192.0.2.${i}`,
        forwarded: `for=192.0.2.${i}`,
      }));
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10);
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    } finally {
      await t.close();
    }
  });

  for (const trustProxy of ['1', 'true']) {
    it(`behind one proxy (TRUST_PROXY=${trustProxy}) the client's own forged entries are ignored`, async () => {
      const t = await isolatedApp({ TRUST_PROXY: trustProxy });
      try {
        // The proxy appends the address it saw; everything before it is the client's say-so.
        const statuses = await failedSignIns(t, 40, (i) => ({
          'x-forwarded-for': `10.${i}.0.1, 198.51.100.${i}, 203.0.113.7`,
        }));
        expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10);
        // Another real client behind the same proxy is not affected.
        const user = await createUserAccount(t.ctx, 'RECORDS');
        const other = await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          headers: { 'x-forwarded-for': '203.0.113.8' },
          payload: { username: user.username, password: TEST_PASSWORD },
        });
        expect(other.statusCode).toBe(200);
      } finally {
        await t.close();
      }
    });
  }

  it('TRUST_PROXY is a hop count or an address list, never "every hop"', () => {
    const problems: string[] = [];
    expect(parseTrustProxy('', problems)).toBe(false);
    expect(parseTrustProxy('false', problems)).toBe(false);
    expect(parseTrustProxy('0', problems)).toBe(false);
    expect(parseTrustProxy('true', problems)).toBe(1);
    expect(parseTrustProxy('2', problems)).toBe(2);
    expect(parseTrustProxy('10.0.0.0/8, 192.168.1.5,::1, loopback', problems)).toEqual([
      '10.0.0.0/8',
      '192.168.1.5',
      '::1',
      'loopback',
    ]);
    expect(problems).toEqual([]);
    for (const bad of ['*', 'all', '10.0.0.0/8, anything', 'true,false']) {
      const p: string[] = [];
      expect(parseTrustProxy(bad, p)).toBe(false);
      expect(p, bad).toHaveLength(1);
    }
  });
});

describe('rate limiting when Redis is down', () => {
  let up: TestApp;
  let down: TestApp;
  beforeAll(async () => {
    up = await isolatedApp();
    // Nothing listens on port 1: every Redis command fails.
    down = await isolatedApp({ REDIS_URL: 'redis://127.0.0.1:1/0' });
  }, 30_000);
  afterAll(async () => {
    await up?.close();
    await down?.close();
  });

  it('sign-in and the second factor refuse (503), never allow unlimited tries', async () => {
    const user = await createUserAccount(down.ctx, 'PHYSICIAN');
    for (let i = 0; i < 5; i++) {
      const res = await signIn(down.app, user.username, TEST_PASSWORD);
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('RATE_LIMIT_UNAVAILABLE');
    }
    // A session waiting for its second factor (signed in while Redis was up; sessions live in
    // PostgreSQL) cannot guess codes against the instance whose Redis is down.
    const admin = await createUserAccount(up.ctx, 'ADMIN');
    const login = await signIn(up.app, admin.username);
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const headers = { cookie, 'x-csrf-token': login.json().csrfToken as string };
    for (const url of ['/api/v1/auth/mfa/enroll', '/api/v1/auth/mfa/verify']) {
      const res = await down.app.inject({ method: 'POST', url, headers, payload: { code: '000000' } });
      expect(res.statusCode, url).toBe(503);
    }
  });

  it('a count that fails while Redis is up (a poisoned counter) also refuses sign-in with 503', async () => {
    const prefix = `rl-${randomUUID().slice(0, 8)}`;
    const t = await createTestApp({ QUEUE_PREFIX: prefix });
    try {
      const user = await createUserAccount(t.ctx, 'PHYSICIAN');
      // INCR on a non-integer fails inside the rate-limit script.
      await t.ctx.redis.set(`${prefix}:ratelimit:POST/api/v1/auth/login-127.0.0.1`, 'not-a-number');
      const res = await signIn(t.app, user.username, TEST_PASSWORD);
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('RATE_LIMIT_UNAVAILABLE');
      const elsewhere = await signIn(t.app, user.username, TEST_PASSWORD).then(() =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: '192.0.2.44',
          payload: { username: user.username, password: TEST_PASSWORD },
        }),
      );
      expect(elsewhere.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('other limited routes keep serving (fail open)', async () => {
    const physician = await signedInUser(up, 'PHYSICIAN');
    const res = await down.app.inject({
      method: 'POST',
      url: '/api/v1/spellcheck',
      headers: { cookie: physician.cookie, 'x-csrf-token': physician.csrfToken },
      payload: { words: ['hypertension'] },
    });
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('per-user limits on costly routes', () => {
  it('are keyed by the user: another address does not reset them, another user is not affected', async () => {
    const t = await isolatedApp({ RATE_LIMIT_COSTLY_PER_MINUTE: '3' });
    try {
      const a = await signedInUser(t, 'TRANSCRIPTIONIST');
      const b = await signedInUser(t, 'TRANSCRIPTIONIST');
      const check = (user: typeof a, remoteAddress: string) =>
        user.request({
          method: 'POST',
          url: '/api/v1/spellcheck',
          remoteAddress,
          payload: { words: ['edema'] },
        });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await check(a, `192.0.2.${i}`)).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect((await check(b, '192.0.2.1')).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('/metrics and /docs exposure', () => {
  it('METRICS_ALLOW restricts /metrics by address; a forged X-Forwarded-For does not help', async () => {
    const t = await isolatedApp({ METRICS_ALLOW: '10.0.0.0/8, ::1' });
    try {
      const from = (remoteAddress: string, headers: Record<string, string> = {}) =>
        t.app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });
      expect((await from('10.1.2.3')).statusCode).toBe(200);
      expect((await from('::ffff:10.1.2.3')).statusCode).toBe(200);
      expect((await from('::1')).statusCode).toBe(200);
      const outside = await from('192.0.2.10', { 'x-forwarded-for': '10.1.2.3' });
      expect(outside.statusCode).toBe(404);
      expect(outside.body).not.toContain('dictum_');
      expect((await from('127.0.0.1')).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('/docs is off in production unless API_DOCS_ENABLED', async () => {
    const production = {
      NODE_ENV: 'production',
      AUDIT_CHECKPOINT_KEY: Buffer.alloc(32, 7).toString('base64'),
    };
    const off = await isolatedApp(production);
    try {
      const res = await off.app.inject({ method: 'GET', url: '/docs' });
      expect(res.statusCode).toBe(404);
      expect((await off.app.inject({ method: 'GET', url: '/docs/static/index.html' })).statusCode).toBe(404);
    } finally {
      await off.close();
    }
    const on = await isolatedApp({ ...production, API_DOCS_ENABLED: 'true' });
    try {
      const res = await on.app.inject({ method: 'GET', url: '/docs' });
      expect([200, 302]).toContain(res.statusCode);
    } finally {
      await on.close();
    }
  });
});

describe('server timeouts', () => {
  it('a client that sends half a request and goes quiet is disconnected', async () => {
    const t = await isolatedApp({ HTTP_CONNECTION_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '5000' });
    try {
      expect(t.app.initialConfig.connectionTimeout).toBe(1000);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      expect(t.app.server.requestTimeout).toBe(5000);
      const { port } = t.app.server.address() as { port: number };
      const started = Date.now();
      const closedAfter = await new Promise<number>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
        });
        socket.on('error', () => {});
        socket.on('close', () => resolve(Date.now() - started));
        setTimeout(() => reject(new Error('socket still open after 10 s')), 10_000);
      });
      expect(closedAfter).toBeLessThan(5000);
    } finally {
      await t.close();
    }
  });
});
