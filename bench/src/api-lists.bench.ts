import { verifyAuditChain } from '@dictum/core/audit/verify-audit-chain';
import autocannon from 'autocannon';
import { hashPassword } from '../../api/src/auth/passwords';
import {
  benchEnv,
  freePort,
  freshDb,
  login,
  percentile,
  report,
  round,
  startService,
  waitForHttp,
} from './bench-support';
import { seedDictations } from './seed-dictations';

// SPEC §6: "Worklist and dictation list: p95 under 30 ms at 50 concurrent clients with 100,000
// dictations." autocannon on loopback, bounded duration, against the real API process (production
// mode, info logging to /dev/null), each route also as a ratio to a trivial route of the same server
// in the same run. Every list request is audited (one hash-chained audit row), as in production.

const DICTATIONS = Number(process.env.BENCH_DICTATIONS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION_SEC ?? 10);
/** The paced run: 50 clients at 2 requests a second each (a worklist refreshed every half second). */
const PACED_RATE = Number(process.env.BENCH_PACED_RATE ?? 100);

interface Measured {
  requests: number;
  rps: number;
  non2xx: number;
  p50: number;
  p95: number;
  p99: number;
}

async function load(
  url: string,
  headers: Record<string, string>,
  duration = DURATION,
  overallRate?: number,
): Promise<Measured> {
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    headers,
    ...(overallRate ? { overallRate } : {}),
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

async function main() {
  const { db, url } = await freshDb('dictum_bench');
  const passwordHash = await hashPassword('bench-password-not-secret');
  const t = performance.now();
  await seedDictations(url, { count: DICTATIONS, passwordHash });
  const seedSeconds = round((performance.now() - t) / 1000);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const api = startService('api', benchEnv({ PORT: String(port), DATABASE_URL: url }));
  try {
    await waitForHttp(`${baseUrl}/healthz`, api);
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
    // latency is 50 / throughput — this measures capacity. Paced: the same 50 connections at a fixed
    // overall rate — this measures latency under a heavy but realistic load.
    const saturated: Record<string, Measured & { p95VsTrivial?: number }> = {};
    const paced: Record<string, Measured & { p95VsTrivial?: number }> = {};
    for (const [name, path, headers] of routes) saturated[name] = await load(`${baseUrl}${path}`, headers);
    for (const [name, path, headers] of routes)
      paced[name] = await load(`${baseUrl}${path}`, headers, DURATION, PACED_RATE);
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
      pacedRatePerSec: PACED_RATE,
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
