import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, type Db } from '@dictum/core/infra/db/client';
import pg from 'pg';
import { hashPassword } from '../../api/src/services/auth/passwords';
import { migrate } from '../../prisma/scripts/migrate';

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

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  return port;
}

export interface Service {
  child: ChildProcess;
  /** Lines the process wrote, when started with `keepOutput`. */
  lines: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs api/src/main.ts or worker/src/main.ts as `npm start` does. Output is discarded unless
 * `keepOutput` (then kept line by line, for the worker's "draft stored" records).
 */
export function startService(
  kind: 'api' | 'worker',
  env: Record<string, string>,
  options: { keepOutput?: boolean } = {},
): Service {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, `${kind}/src/main.ts`)], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      AUTH_SECRET_KEY: randomBytes(32).toString('base64'),
      ...env,
    },
    stdio: ['ignore', options.keepOutput ? 'pipe' : 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  if (options.keepOutput) {
    let partial = '';
    child.stdout!.on('data', (d) => {
      const parts = (partial + d).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
    });
  }
  child.on('exit', (code, signal) => {
    if (code && code !== 0 && signal === null) console.error(`${kind} exited with ${code}: ${stderr}`);
  });
  return {
    child,
    lines,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      await exited;
    },
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 60_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let value: T | undefined | null | false;
    try {
      value = await probe();
    } catch (error) {
      if (/process exited/.test(String(error))) throw error;
    }
    if (value) return value;
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
