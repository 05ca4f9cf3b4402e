import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemActor } from '@dictum/core/actor';
import { createDb, type Db } from '@dictum/core/infra/db/client';
import { expect } from 'vitest';
import { createUser } from '../../api/src/services/admin/manage-users';
import { HttpClient } from '../support/http-client';
import { type OpenAiStub, startOpenAiStub } from '../support/openai-stub-server';
import { createPrivateDatabase } from '../support/private-database';
import { freePort, type ServiceProcess, startService, waitFor } from '../support/service-processes';

// Fault tests run the real API and worker processes (as `npm start` does) against a fast engine —
// the OpenAI-compatible stub with a fixed transcript — and break one dependency at a time: the
// worker process, Redis, object storage, the engine, PostgreSQL. The shared PostgreSQL and Redis are
// never touched: Redis faults use a private redis-server, database faults a TCP proxy.
//
// Each stack also gets a database of its own. The sweep is database-wide by design (one database is
// one deployment), so on the shared test database a fault stack's 1-second sweep would pick up other
// test files' dictations — and theirs ours — and fail them as AUDIO_MISSING (wrong storage folder).

export const PASSWORD = 'correct-horse-battery-staple';
export const TRANSCRIPT =
  'patient seen today for follow up of hypertension blood pressure is well controlled';

/** A short, valid 16 kHz mono WAV (a tone); the stub's fixed transcript makes its content irrelevant. */
export async function testAudio(seconds = 2): Promise<string> {
  const file = path.join(tmpdir(), 'dictum-fault-audio', `tone-${seconds}s.wav`);
  if (await stat(file).catch(() => null)) return file;
  const rate = 16_000;
  const samples = Math.round(rate * seconds);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'latin1');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'latin1');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'latin1');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++)
    wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomUUID()}`;
  await writeFile(temp, wav);
  await rename(temp, file);
  return file;
}

export interface FaultStackOptions {
  /** Environment for both processes (on top of the fast-engine defaults below). */
  env?: Record<string, string>;
  /** Start the worker too (default true). */
  worker?: boolean;
  stub?: OpenAiStub;
  /** What the processes connect to, given the stack's private database (e.g. a proxy in front of it). */
  databaseUrl?: (direct: string) => string;
}

/**
 * API + worker processes on this test file's queue prefix and storage folder, with small lock,
 * sweep and retry settings so faults resolve in seconds.
 */
export async function startFaultStack(options: FaultStackOptions = {}) {
  const stub = options.stub ?? (await startOpenAiStub({ apiKey: 'sk-fault', transcript: TRANSCRIPT }));
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    ASR_ENGINE: 'openai',
    OPENAI_API_KEY: 'sk-fault',
    OPENAI_BASE_URL: stub.url,
    OPENAI_TIMEOUT_MS: '5000',
    WORKER_LOCK_MS: '2000',
    SWEEP_INTERVAL_MS: '1000',
    TRANSCRIBE_ATTEMPTS: '4',
    TRANSCRIBE_CONCURRENCY: '2',
    AUTH_MFA_REQUIRED_ROLES: '',
    RATE_LIMIT_UPLOAD_PER_MINUTE: '10000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '10000',
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const database = await createPrivateDatabase();
  env.DATABASE_URL = options.databaseUrl?.(database.url) ?? database.url;
  const db: Db = createDb(database.url, { max: 4 });
  let worker: ServiceProcess | null = options.worker === false ? null : startService('worker', env);
  let api = await startApiProcess(env);
  const baseUrl = `http://127.0.0.1:${env.PORT}`;
  if (worker) await waitForWorker(worker);

  const stack = {
    baseUrl,
    db,
    databaseUrl: database.url,
    stub,
    env,
    storageDir: process.env.STORAGE_DIR!,
    get api() {
      return api;
    },
    get worker() {
      return worker;
    },
    async startApi(extra: Record<string, string> = {}) {
      api = startService('api', { ...env, ...extra });
      await waitForApi(api, baseUrl);
      return api;
    },
    async startWorker(extra: Record<string, string> = {}) {
      worker = startService('worker', { ...env, ...extra });
      await waitForWorker(worker);
      return worker;
    },
    async user(role: 'PHYSICIAN' | 'TRANSCRIPTIONIST' | 'RECORDS' | 'ADMIN') {
      const username = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}`;
      await createUser(db, systemActor('test'), { username, role, password: PASSWORD });
      return new HttpClient(baseUrl).login(username, PASSWORD);
    },
    async patient() {
      const mrn = `FLT${randomUUID().slice(0, 8).toUpperCase()}`;
      await db.patient.create({
        data: { mrn, name: 'Fault Testpatient', birthDate: new Date('1950-01-02T00:00:00Z'), sex: 'female' },
      });
      return mrn;
    },
    async upload(physician: HttpClient, mrn: string) {
      return physician.uploadDictation(await testAudio(), {
        patientMrn: mrn,
        workType: 'PROGRESS',
        priority: 'ROUTINE',
      });
    },
    /** Polls PostgreSQL (not the API, which may be down) until every dictation is in one of `statuses`. */
    async waitForStatuses(ids: string[], statuses: string[], timeoutMs = 30_000) {
      return waitFor(
        `${ids.length} dictation(s) to reach ${statuses.join('|')}`,
        async () => {
          const rows = await db.dictation.findMany({
            where: { id: { in: ids } },
            select: { id: true, status: true },
          });
          return rows.length === ids.length && rows.every((r) => statuses.includes(r.status))
            ? rows
            : undefined;
        },
        timeoutMs,
        200,
      );
    },
    async stop() {
      await Promise.all([api.stop('SIGKILL'), worker?.stop('SIGKILL')]);
      await db.$disconnect();
      if (!options.stub) await stub.close();
      await database.drop();
    },
  };
  return stack;
}

export type FaultStack = Awaited<ReturnType<typeof startFaultStack>>;

/**
 * Starts the API on a free port. Another process on this shared machine may take the port between
 * freePort() and listen(); then the API exits at once and is started again on another port.
 */
async function startApiProcess(env: Record<string, string>): Promise<ServiceProcess> {
  for (let attempt = 1; ; attempt++) {
    env.PORT = String(await freePort());
    const api = startService('api', env);
    try {
      await waitForApi(api, `http://127.0.0.1:${env.PORT}`);
      return api;
    } catch (error) {
      await api.stop('SIGKILL');
      if (attempt >= 3 || !/EADDRINUSE/.test(api.output())) throw error;
    }
  }
}

async function waitForApi(api: ServiceProcess, baseUrl: string, timeoutMs = 30_000) {
  await waitForProcess(
    api,
    'the API to answer /healthz',
    async () => (await fetch(`${baseUrl}/healthz`)).ok,
    timeoutMs,
  );
  // A /healthz answered by some other process on this port would leave ours dead.
  await sleep(50);
  if (api.child.exitCode !== null) throw new Error(`api exited: ${api.output().slice(-2000)}`);
}

/** Like waitFor, but gives up at once when the process has exited. */
async function waitForProcess(
  service: ServiceProcess,
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null || service.child.signalCode !== null) {
      throw new Error(`exited while waiting for ${what}: ${service.output().slice(-2000)}`);
    }
    if (await probe().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}: ${service.output().slice(-2000)}`);
}

export async function waitForWorker(worker: ServiceProcess, timeoutMs = 30_000) {
  await waitForProcess(
    worker,
    'the worker to start',
    async () => worker.output().includes('worker started'),
    timeoutMs,
  );
}

/**
 * What every fault test asserts at the end: each dictation in the expected state with exactly one
 * engine draft (none when transcription failed), its audio still stored, and no stored audio object
 * that no dictation owns.
 */
export async function expectSettled(
  stack: FaultStack,
  ids: string[],
  status: 'DRAFT_READY' | 'TRANSCRIPTION_FAILED' = 'DRAFT_READY',
) {
  const rows = await stack.db.dictation.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      status: true,
      statusReason: true,
      audioKey: true,
      transcriptVersions: { select: { source: true, engineRun: true } },
    },
  });
  expect(rows).toHaveLength(ids.length);
  for (const row of rows) {
    expect({ id: row.id, status: row.status }).toEqual({ id: row.id, status });
    const engineDrafts = row.transcriptVersions.filter((v) => v.source === 'engine');
    expect(engineDrafts, `engine drafts of ${row.id}`).toHaveLength(status === 'DRAFT_READY' ? 1 : 0);
    expect(row.audioKey).toBeTruthy();
    expect(
      await stat(path.join(stack.storageDir, ...row.audioKey!.split('/'))).then(
        (s) => s.isFile(),
        () => false,
      ),
    ).toBe(true);
  }
  await expectNoOrphanedObjects(stack);
  return rows;
}

/** Every audio object in this file's storage folder belongs to a dictation row. */
export async function expectNoOrphanedObjects(stack: FaultStack) {
  const keys = await listObjectKeys(stack.storageDir, 'audio');
  const owned = await stack.db.dictation.findMany({
    where: { audioKey: { in: keys } },
    select: { audioKey: true },
  });
  const ownedKeys = new Set(owned.map((o) => o.audioKey));
  expect(
    keys.filter((k) => !ownedKeys.has(k)),
    'orphaned audio objects',
  ).toEqual([]);
  const temp = await readdir(path.join(stack.storageDir, '.tmp')).catch(() => [] as string[]);
  expect(temp, 'half-written uploads left in .tmp').toEqual([]);
}

async function listObjectKeys(root: string, prefix: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string, rel: string) {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.isDirectory()) await walk(path.join(dir, e.name), `${rel}/${e.name}`);
      else out.push(`${rel}/${e.name}`.replace(/^\//, ''));
    }
  }
  await walk(path.join(root, prefix), prefix);
  return out;
}

export async function engineDraftCount(db: Db, dictationId: string) {
  return db.transcriptVersion.count({ where: { dictationId, source: 'engine' } });
}

// --- a private Redis the test may flush and restart --------------------------------------------

export async function startPrivateRedis() {
  const port = await freePort();
  let child: ChildProcess;
  const url = `redis://127.0.0.1:${port}/0`;
  async function launch() {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
        '--protected-mode',
        'no',
      ],
      { stdio: 'ignore' },
    );
    await waitFor(
      'the private redis to accept connections',
      () => redisCommand(port, 'PING').then((r) => r.startsWith('+PONG')),
      10_000,
      50,
    );
  }
  await launch();
  return {
    url,
    port,
    flushAll: () => redisCommand(port, 'FLUSHALL'),
    dbSize: async () => Number((await redisCommand(port, 'DBSIZE')).slice(1)),
    /** Stops Redis (without persistence everything in it is gone) and starts it again on the same port. */
    async restart(downMs = 500) {
      await this.stop();
      await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** One inline command over RESP; enough for PING, FLUSHALL, DBSIZE. */
function redisCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(port, '127.0.0.1');
    let reply = '';
    socket.on('error', reject);
    socket.on('data', (d) => {
      reply += d.toString();
      if (reply.endsWith('\r\n')) {
        socket.end();
        resolve(reply);
      }
    });
    socket.write(`${command}\r\n`);
  });
}

// --- a TCP proxy in front of PostgreSQL that the test can cut ------------------------------------

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1') {
  const sockets = new Set<Socket>();
  let up = true;
  const server: Server = createServer((client) => {
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = createConnection(targetPort, targetHost);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  return {
    port,
    /** The database "goes away": open connections drop, new ones are reset. */
    cut() {
      up = false;
      for (const s of sockets) s.destroy();
    },
    restore() {
      up = true;
    },
    async close() {
      up = false;
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** The storage folder becomes unusable (as a lost mount would): a plain file stands where it was. */
export async function breakStorage(dir: string) {
  const aside = `${dir}.offline-${randomUUID().slice(0, 8)}`;
  await rename(dir, aside);
  await writeFile(dir, 'storage offline');
  return async function restore() {
    await rm(dir, { force: true });
    await rename(aside, dir);
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
