import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, type Db } from '@dictum/core/infra/db/client';
import pg from 'pg';
import { hashPassword } from '../../api/src/services/auth/passwords';
import { migrate } from '../../prisma/scripts/migrate';
import {
  freePort,
  type ServiceProcess,
  startService as startProcess,
  waitFor,
} from '../../tests/support/service-processes';

export { freePort, waitFor } from '../../tests/support/service-processes';

// Shared by the benchmarks: a bench database of its own (never the development or test one), the
// real API and worker processes, and small statistics helpers.

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PASSWORD = 'bench-password-not-secret';

export const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/dictum_bench';
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/2';

export async function benchDb(): Promise<Db> {
  await migrate(BENCH_DATABASE_URL);
  return createDb(BENCH_DATABASE_URL, { max: 4 });
}

/**
 * A freshly created bench database (dropped first if it exists), for benches that run a worker: the
 * sweep is database-wide, so it must see only this bench's dictations.
 */
export async function freshDb(name: string): Promise<{ db: Db; url: string }> {
  const url = new URL(BENCH_DATABASE_URL);
  url.pathname = `/${name}`;
  const admin = new URL(BENCH_DATABASE_URL);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  await migrate(url.toString());
  return { db: createDb(url.toString(), { max: 4 }), url: url.toString() };
}

export interface Service extends ServiceProcess {
  /** Lines the process wrote to stdout, when started with `keepOutput`. */
  lines: string[];
}

/**
 * Runs api/src/main.ts or worker/src/main.ts as `npm start` does (the end-to-end tests' launcher),
 * in production mode with keys of its own. `keepOutput` keeps stdout line by line, for the
 * worker's "draft stored" records.
 */
export function startService(
  kind: 'api' | 'worker',
  env: Record<string, string>,
  options: { keepOutput?: boolean } = {},
): Service {
  const service = startProcess(kind, {
    NODE_ENV: 'production',
    AUTH_SECRET_KEY: randomBytes(32).toString('base64'),
    AUDIT_CHECKPOINT_KEY: randomBytes(32).toString('base64'),
    ...env,
  });
  const lines: string[] = [];
  if (options.keepOutput) {
    let partial = '';
    service.child.stdout!.on('data', (d) => {
      const parts = (partial + d).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
    });
  }
  service.child.on('exit', (code, signal) => {
    if (code && signal === null)
      console.error(`${kind} exited with ${code}: ${service.output().slice(-4000)}`);
  });
  return { ...service, lines };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for the URL to answer 200; a process that exited is named in the timeout's message. */
export async function waitForHttp(url: string, service?: Service, timeoutMs = 60_000) {
  await waitFor(
    url,
    async () => {
      if (service && service.child.exitCode !== null) throw new Error(`${url}: the process exited`);
      return (await fetch(url)).ok;
    },
    timeoutMs,
  );
}

/** Environment for bench processes: the bench database, a Redis DB and queue prefix of their own. */
export function benchEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: BENCH_DATABASE_URL,
    REDIS_URL: BENCH_REDIS_URL,
    QUEUE_PREFIX: `bench-${randomUUID().slice(0, 8)}`,
    HOST: '127.0.0.1',
    AUTH_MFA_REQUIRED_ROLES: '',
    RATE_LIMIT_UPLOAD_PER_MINUTE: '100000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    ...extra,
  };
}

/**
 * The API process on a free port against the given database (with `env` on top of the bench
 * environment), once it answers /healthz. `env` is what it runs with, for the workers beside it.
 */
export async function startApi(databaseUrl: string, extra: Record<string, string> = {}) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = benchEnv({ PORT: String(port), DATABASE_URL: databaseUrl, ...extra });
  const api = startService('api', env);
  try {
    await waitForHttp(`${baseUrl}/healthz`, api);
  } catch (error) {
    await api.stop();
    throw error;
  }
  return { api, baseUrl, env };
}

/** A fresh database of its own (see freshDb) and the API against it. */
export async function startBenchApi(database: string, extra: Record<string, string> = {}) {
  const { db, url } = await freshDb(database);
  return { db, url, ...(await startApi(url, extra)) };
}

/** A user with a known password; the hash is computed once and reused (argon2 is slow on purpose). */
let cachedHash: string | undefined;
export async function benchUser(
  db: Db,
  role: 'PHYSICIAN' | 'TRANSCRIPTIONIST' | 'RECORDS' | 'ADMIN',
  username = `bench-${role.toLowerCase()}-${randomUUID().slice(0, 8)}`,
) {
  cachedHash ??= await hashPassword(PASSWORD);
  return db.user.upsert({
    where: { username },
    create: { username, role, passwordHash: cachedHash },
    update: {},
    select: { id: true, username: true, role: true },
  });
}

/** Signs in over HTTP; returns headers for authenticated requests (cookie + CSRF). */
export async function login(baseUrl: string, username: string): Promise<Record<string, string>> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

export async function benchPatient(db: Db) {
  const mrn = `BENCH${randomUUID().slice(0, 8).toUpperCase()}`;
  await db.patient.create({
    data: { mrn, name: 'Bench Patient', birthDate: new Date('1960-05-06T00:00:00Z'), sex: 'unknown' },
  });
  return mrn;
}

/** A physician signed in over HTTP and a patient to dictate for: what an uploading bench needs. */
export async function physicianWithPatient(db: Db, baseUrl: string) {
  const physician = await benchUser(db, 'PHYSICIAN');
  return { headers: await login(baseUrl, physician.username), mrn: await benchPatient(db) };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Resident set size of a process, in bytes (Linux). */
export async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN);
  return kb * 1024;
}

export function machine() {
  const cpu = cpus();
  return {
    cpu: `${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
  };
}

/** Each bench prints its figures and, when BENCH_RESULTS_DIR is set, writes them as JSON for run-all. */
export async function report(name: string, figures: Record<string, unknown>) {
  console.log(`\n== ${name} ==`);
  for (const [key, value] of Object.entries(figures))
    console.log(`  ${key}: ${typeof value === 'object' ? JSON.stringify(value) : value}`);
  const dir = process.env.BENCH_RESULTS_DIR;
  if (dir) {
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, `${name}.json`),
      JSON.stringify({ name, at: new Date().toISOString(), figures }, null, 2),
    );
  }
}
