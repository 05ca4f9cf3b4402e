import { readFile } from 'node:fs/promises';
import { verifyAuditChain } from '@dictum/core/domain/audit/verify-audit-chain';
import autocannon from 'autocannon';
import { hashPassword } from '../../api/src/services/auth/passwords';
import { freshDb, login, percentile, report, round, sleep, startApi } from './bench-support';
import { seedDictations } from './seed-dictations';

// SPEC §6: "Worklist and dictation list: p95 under 30 ms at 50 concurrent clients with 100,000
// dictations." autocannon on loopback, bounded duration, against the real API process (production
// mode, info logging to /dev/null), each route also as a ratio to a trivial route of the same server
// in the same run. Every list request is audited (one hash-chained audit row), as in production.

const DICTATIONS = Number(process.env.BENCH_DICTATIONS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION_SEC ?? 10);
/**
 * The open-loop run: each of the 50 clients sends one request a second (what 50 transcriptionists
 * refreshing their lists generate), the clients' sends spread evenly over the second and sent on
 * schedule whether or not the previous answer has arrived. (autocannon's `overallRate` sends each
 * second's requests in a burst, which measured the burst, not the load.)
 */
const PACED_PER_CLIENT_PER_SEC = Number(process.env.BENCH_PACED_PER_CLIENT_PER_SEC ?? 1);

interface Measured {
  /** CPU time of the API process per request (closed loop; /proc, 10 ms ticks over the run). */
  apiCpuMsPerRequest?: number;
  requests: number;
  rps: number;
  non2xx: number;
  p50: number;
  p95: number;
  p99: number;
}

async function load(url: string, headers: Record<string, string>, duration = DURATION): Promise<Measured> {
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    headers,
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = await instance;
  return {
    requests: result.requests.total,
    rps: round(result.requests.average, 0),
    non2xx: result.non2xx + result.errors + result.timeouts,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
  };
}

/** Open loop, evenly paced: client c sends at start + (c / clients + k) × period, k = 0, 1, … */
async function pacedLoad(
  url: string,
  headers: Record<string, string>,
  duration = DURATION,
): Promise<Measured> {
  const period = 1000 / PACED_PER_CLIENT_PER_SEC;
  const perClient = Math.floor(duration * PACED_PER_CLIENT_PER_SEC);
  const latencies: number[] = [];
  let failed = 0;
  const start = performance.now() + 50;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      const inFlight: Promise<void>[] = [];
      for (let k = 0; k < perClient; k++) {
        const wait = start + (c / CONNECTIONS + k) * period - performance.now();
        if (wait > 0) await sleep(wait);
        inFlight.push(
          (async () => {
            const t0 = performance.now();
            try {
              const res = await fetch(url, { headers });
              await res.arrayBuffer();
              if (!res.ok) failed++;
            } catch {
              failed++;
            }
            latencies.push(performance.now() - t0);
          })(),
        );
      }
      await Promise.all(inFlight);
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return {
    requests: latencies.length,
    rps: round(latencies.length / seconds, 0),
    non2xx: failed,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
  };
}

/** User + system CPU time of a process so far, in ms (Linux; clock ticks of 10 ms). */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function main() {
  const { db, url } = await freshDb('dictum_bench');
  const passwordHash = await hashPassword('bench-password-not-secret');
  const t = performance.now();
  await seedDictations(url, { count: DICTATIONS, passwordHash });
  const seedSeconds = round((performance.now() - t) / 1000);
  const { api, baseUrl } = await startApi(url);
  try {
    const transcriptionist = await login(baseUrl, 'seed-transcriptionist-1');
    const physician = await login(baseUrl, 'seed-physician-1');
    const routes: [string, string, Record<string, string>][] = [
      ['GET /healthz (trivial)', '/healthz', {}],
      ['GET /api/v1/auth/me (trivial, signed in)', '/api/v1/auth/me', transcriptionist],
      ['GET /api/v1/worklist (transcriptionist)', '/api/v1/worklist', transcriptionist],
      ['GET /api/v1/dictations (transcriptionist, all)', '/api/v1/dictations', transcriptionist],
      ['GET /api/v1/dictations (physician, own)', '/api/v1/dictations', physician],
    ];
    // Warm-up: JIT, connection pools, PostgreSQL caches.
    for (const [, path, headers] of routes) await load(`${baseUrl}${path}`, headers, 2);
    // Closed loop: every connection sends its next request as soon as the last one is answered, so
    // latency is 50 / throughput — this measures capacity. Paced: 50 clients at one request a second
    // each, evenly spread (open loop) — this measures latency under the load 50 users generate.
    const saturated: Record<string, Measured & { p95VsTrivial?: number }> = {};
    const paced: Record<string, Measured & { p95VsTrivial?: number }> = {};
    for (const [name, path, headers] of routes) {
      const cpuBefore = await cpuMs(api.child.pid!);
      saturated[name] = await load(`${baseUrl}${path}`, headers);
      const r = saturated[name]!;
      r.apiCpuMsPerRequest = round(((await cpuMs(api.child.pid!)) - cpuBefore) / Math.max(1, r.requests), 2);
    }
    for (const [name, path, headers] of routes) paced[name] = await pacedLoad(`${baseUrl}${path}`, headers);
    for (const results of [saturated, paced]) {
      const trivial = results[routes[0]![0]]!.p95;
      for (const r of Object.values(results)) r.p95VsTrivial = round(r.p95 / trivial, 1);
    }
    const audited = await db.auditEvent.count({
      where: { action: { in: ['worklist.viewed', 'dictation.listed'] } },
    });
    const chain = await verifyAuditChain(db);
    await report('api-lists', {
      dictations: DICTATIONS,
      seedSeconds,
      connections: CONNECTIONS,
      durationSecPerRoute: DURATION,
      targetP95Ms: 30,
      saturatedClosedLoop: saturated,
      pacedClients: CONNECTIONS,
      pacedPerClientPerSec: PACED_PER_CLIENT_PER_SEC,
      paced,
      listRequestsAudited: audited,
      auditChainVerifies: chain.ok,
    });
  } finally {
    await api.stop();
    await db.$disconnect();
  }
}

await main();
process.exit(0);
