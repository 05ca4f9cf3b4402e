import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Db } from '@dictum/core/infra/db/client';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startOpenAiStub } from '../../tests/support/openai-stub-server';
import {
  percentile,
  physicianWithPatient,
  report,
  round,
  type Service,
  sleep,
  startBenchApi,
  startService,
  waitFor,
} from './bench-support';

// SPEC §6: "Pipeline overhead (upload accepted -> draft stored, minus engine time): median under
// 250 ms", over 200 dictations one at a time with a fast engine (the OpenAI-compatible stub with a
// fixed transcript). Then throughput in dictations per minute with 1, 2 and 4 worker processes
// (TRANSCRIBE_CONCURRENCY=1 each), with the fast engine (CPU-bound: ffmpeg, peaks, the database)
// and with an engine that takes 500 ms a request (I/O-bound, like a remote speech API).

const run = promisify(execFile);
const LATENCY_N = Number(process.env.BENCH_PIPELINE_N ?? 200);
const THROUGHPUT_N = Number(process.env.BENCH_THROUGHPUT_N ?? 40);
const TRANSCRIPT =
  'patient is a sixty two year old woman seen today for follow up of hypertension and type two diabetes';

interface Ctx {
  db: Db;
  env: Record<string, string>;
  baseUrl: string;
  headers: Record<string, string>;
  mrn: string;
  audio: Buffer;
}

async function uploadOnce(c: Ctx): Promise<{ id: string; acceptedAt: number }> {
  const form = new FormData();
  form.append('patientMrn', c.mrn);
  form.append('workType', 'PROGRESS');
  form.append('priority', 'ROUTINE');
  form.append('audio', new Blob([new Uint8Array(c.audio)], { type: 'audio/mp4' }), 'dictation.m4a');
  const res = await fetch(`${c.baseUrl}/api/v1/dictations`, {
    method: 'POST',
    headers: c.headers,
    body: form,
  });
  const acceptedAt = Date.now();
  const body = (await res.json()) as { id: string };
  if (res.status !== 201) throw new Error(`upload ${res.status} ${JSON.stringify(body)}`);
  return { id: body.id, acceptedAt };
}

/** The worker's "draft stored" records: when (its clock, this machine) and how long the engine took. */
function draftRecords(worker: Service) {
  const out = new Map<string, { at: number; engineSeconds: number }>();
  for (const line of worker.lines) {
    if (!line.includes('"draft stored"')) continue;
    const r = JSON.parse(line) as { time: number; dictationId: string; engineSeconds: number };
    out.set(r.dictationId, { at: r.time, engineSeconds: r.engineSeconds });
  }
  return out;
}

async function startWorkers(env: Record<string, string>, n: number) {
  const workers = Array.from({ length: n }, () => startService('worker', env, { keepOutput: true }));
  await waitFor(
    'workers to start',
    async () => workers.every((w) => w.lines.some((l) => l.includes('"worker started"'))),
    60_000,
  );
  return workers;
}

async function latency(c: Ctx) {
  const [worker] = await startWorkers(c.env, 1);
  try {
    const samples: { id: string; acceptedAt: number }[] = [];
    for (let i = 0; i < LATENCY_N + 5; i++) {
      const u = await uploadOnce(c);
      await waitFor(`draft of ${u.id}`, async () => draftRecords(worker!).has(u.id), 30_000, 5);
      if (i >= 5) samples.push(u); // the first few warm the worker up
    }
    const records = draftRecords(worker!);
    const overheadMs = samples.map((s) => {
      const r = records.get(s.id)!;
      return r.at - s.acceptedAt - r.engineSeconds * 1000;
    });
    const totalMs = samples.map((s) => records.get(s.id)!.at - s.acceptedAt);
    const engineMs = samples.map((s) => records.get(s.id)!.engineSeconds * 1000);
    return {
      n: samples.length,
      overheadMs: {
        median: round(percentile(overheadMs, 50)),
        p95: round(percentile(overheadMs, 95)),
        max: round(Math.max(...overheadMs)),
      },
      acceptedToDraftMs: { median: round(percentile(totalMs, 50)), p95: round(percentile(totalMs, 95)) },
      engineMs: { median: round(percentile(engineMs, 50)), p95: round(percentile(engineMs, 95)) },
    };
  } finally {
    await worker!.stop();
  }
}

/**
 * Dictations per minute: N uploaded while the queue is paused, `workers` processes started and
 * ready, then the queue resumed; timed from the resume to the last draft stored (audit trail).
 */
async function throughput(
  c: Ctx,
  workers: number,
  stub: Awaited<ReturnType<typeof startOpenAiStub>>,
  engineDelayMs: number,
) {
  stub.setBehaviour(
    ...Array.from({ length: THROUGHPUT_N }, () =>
      engineDelayMs ? { delayMs: engineDelayMs } : { status: 200 },
    ),
  );
  const connection = new Redis(c.env.REDIS_URL!, { maxRetriesPerRequest: null });
  const queue = new Queue('transcription', { connection, prefix: c.env.QUEUE_PREFIX });
  await queue.pause();
  const ids: string[] = [];
  for (let i = 0; i < THROUGHPUT_N; i++) ids.push((await uploadOnce(c)).id);
  const procs = await startWorkers({ ...c.env, TRANSCRIBE_CONCURRENCY: '1' }, workers);
  try {
    await sleep(500);
    const start = Date.now();
    await queue.resume();
    await waitFor(
      'the batch to be drafted',
      async () => {
        const done = await c.db.dictation.count({ where: { id: { in: ids }, status: 'DRAFT_READY' } });
        return done === ids.length;
      },
      300_000,
      50,
    );
    const last = await c.db.auditEvent.findFirst({
      where: { objectId: { in: ids }, action: 'dictation.draftReady' },
      orderBy: { at: 'desc' },
      select: { at: true },
    });
    return round((ids.length / (last!.at.getTime() - start)) * 60_000, 0);
  } finally {
    await Promise.all(procs.map((w) => w.stop()));
    await queue.close();
    connection.disconnect();
  }
}

async function main() {
  const work = await mkdtemp(path.join(tmpdir(), 'dictum-bench-pipeline-'));
  const audioFile = path.join(work, 'dictation.m4a');
  // 60 seconds of AAC, as a phone or recorder app would upload.
  await run('ffmpeg', [
    '-nostdin',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=300:duration=60',
    '-ac',
    '1',
    '-c:a',
    'aac',
    '-b:a',
    '48k',
    audioFile,
  ]);
  const stub = await startOpenAiStub({ apiKey: 'sk-bench', transcript: TRANSCRIPT });
  const { db, api, baseUrl, env } = await startBenchApi('dictum_bench_pipeline', {
    STORAGE_DIR: path.join(work, 'objects'),
    ASR_ENGINE: 'openai',
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: stub.url,
  });
  try {
    const c: Ctx = {
      db,
      env,
      baseUrl,
      ...(await physicianWithPatient(db, baseUrl)),
      audio: await readFile(audioFile),
    };

    const lat = await latency(c);
    const fast: Record<string, number> = {};
    const slow: Record<string, number> = {};
    for (const n of [1, 2, 4]) fast[`${n} worker${n > 1 ? 's' : ''}`] = await throughput(c, n, stub, 0);
    for (const n of [1, 2, 4]) slow[`${n} worker${n > 1 ? 's' : ''}`] = await throughput(c, n, stub, 500);
    await report('pipeline', {
      audio: '60 s AAC (m4a), engine = OpenAI-compatible stub with a fixed transcript',
      dictations: lat.n,
      overheadMs: lat.overheadMs,
      overheadTargetMedianMs: 250,
      acceptedToDraftMs: lat.acceptedToDraftMs,
      engineMs: lat.engineMs,
      throughputPerMinuteFastEngine: fast,
      throughputPerMinute500msEngine: slow,
      throughputBatch: THROUGHPUT_N,
    });
  } finally {
    await api.stop();
    await sleep(100);
    await db.$disconnect();
    await stub.close();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
