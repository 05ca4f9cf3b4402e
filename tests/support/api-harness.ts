import { randomUUID } from 'node:crypto';
import { systemActor } from '@dictum/core/actor';
import type { Role } from '@dictum/core/domain/dictation/state-machine';
import { isValidNpi } from '@dictum/core/domain/identity/npi';
import { loadConfig } from '@dictum/core/infra/config';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import { buildApp } from '../../api/src/app';
import { type AppContext, closeContext, createContext, redisReady } from '../../api/src/context';
import { createUser } from '../../api/src/services/admin/manage-users';

// API tests run the real app (real PostgreSQL, Redis, storage) through fastify's inject.
// Users, patients and MRNs are random per test, so files can run in parallel on one database.

export const TEST_PASSWORD = 'correct-horse-battery-staple';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ ...process.env, ...env });
  const ctx = createContext(config);
  const app = await buildApp(ctx, { serveWebApp: false });
  await app.ready();
  await redisReady(ctx);
  return {
    app,
    ctx,
    async close() {
      await app.close();
      await closeContext(ctx);
    },
  };
}

/** A second app with other settings for one test, closed after it whatever happens. */
export async function withTestApp<T>(env: Record<string, string>, use: (app: TestApp) => Promise<T>) {
  const app = await createTestApp(env);
  try {
    return await use(app);
  } finally {
    await app.close();
  }
}

export const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export interface SignedInUser {
  id: string;
  username: string;
  role: Role;
  cookie: string;
  csrfToken: string;
  /** inject() as this user: the session cookie, and the CSRF header on state-changing requests. */
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function createUserAccount(
  ctx: AppContext,
  role: Role,
  username = uniqueName(role.toLowerCase()),
) {
  return createUser(ctx.db, systemActor('test'), { username, role, password: TEST_PASSWORD });
}

export async function signIn(app: FastifyInstance, username: string, password = TEST_PASSWORD) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
}

/** POST /auth/mfa/verify with this code, in the session these headers carry. */
export function verifyCode(app: FastifyInstance, headers: Record<string, string>, code: string) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/mfa/verify', headers, payload: { code } });
}

export async function signedInUser(t: TestApp, role: Role): Promise<SignedInUser> {
  const user = await createUserAccount(t.ctx, role);
  const res = await signIn(t.app, user.username);
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)!.split(';')[0]!;
  const csrfToken = res.json().csrfToken as string;
  if (res.json().mfaEnrollmentRequired) {
    // Roles that must use a second factor (ADMIN by default) enrol and verify like a person would.
    const headers = { cookie, 'x-csrf-token': csrfToken };
    const enrol = await t.app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enroll', headers });
    const verified = await verifyCode(t.app, headers, await generate({ secret: enrol.json().secret }));
    if (verified.statusCode !== 200) throw new Error(`mfa failed: ${verified.body}`);
  }
  return {
    id: user.id,
    username: user.username,
    role,
    cookie,
    csrfToken,
    request(options) {
      return t.app.inject({
        ...options,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(options.headers ?? {}) },
      });
    },
  };
}

export async function createTestPatient(t: TestApp, overrides: Partial<{ mrn: string; name: string }> = {}) {
  const mrn = overrides.mrn ?? uniqueName('MRN').toUpperCase();
  const name = overrides.name ?? `Test Patient ${mrn.slice(-4)}`;
  await t.ctx.db.patient.create({
    data: { mrn, name, birthDate: new Date('1960-05-04T00:00:00Z'), sex: 'female' },
  });
  return { mrn, name };
}

/** A work type of the caller's own, inactive so it is in no one else's pick list or figures. */
export async function createTestWorkType(t: TestApp, prefix = 'WT') {
  const code = uniqueName(prefix).toUpperCase();
  return t.ctx.db.workType.create({
    data: {
      code,
      name: `Work type ${code}`,
      loinc: '11506-3',
      tatStatHours: 2,
      tatRoutineHours: 24,
      active: false,
    },
    select: { id: true, code: true, name: true },
  });
}

/** A random valid NPI (the shared database keeps NPIs unique). */
export function randomNpi(): string {
  for (;;) {
    const nine = String(100_000_000 + Math.floor(Math.random() * 899_999_999));
    for (let c = 0; c <= 9; c++) if (isValidNpi(`${nine}${c}`)) return `${nine}${c}`;
  }
}

/** A multipart body for POST /dictations, fields first and the audio last (as clients send it). */
export function multipartUpload(
  fields: Record<string, string>,
  audio: { data: Buffer; filename?: string; contentType?: string } | null,
) {
  const boundary = `----dictum${randomUUID()}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  if (audio) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="audio"; filename="${audio.filename ?? 'dictation.wav'}"\r\nContent-Type: ${audio.contentType ?? 'audio/wav'}\r\n\r\n`,
      ),
      audio.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** POST /dictations as this user with a multipart body (see multipartUpload), plus these headers. */
export function uploadAs(
  user: SignedInUser,
  fields: Record<string, string>,
  audio: Parameters<typeof multipartUpload>[1],
  headers: Record<string, string> = {},
) {
  const body = multipartUpload(fields, audio);
  return user.request({
    method: 'POST',
    url: '/api/v1/dictations',
    payload: body.payload,
    headers: { ...body.headers, ...headers },
  });
}
