import type { Queues } from '@dictum/core/infra/queue/queues';
import { withTimeout } from '@dictum/core/infra/with-timeout';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { addressAllowList } from './address-allow-list';

/** Job states reported per queue (BullMQ getJobCounts). */
export const QUEUE_STATES = [
  'waiting',
  'prioritized',
  'active',
  'delayed',
  'failed',
  'completed',
  'waiting-children',
] as const;

export interface MetricsOptions {
  /** Report queue depth per queue and state, read from Redis on each scrape. */
  queues?: Queues;
  registry?: Registry;
  /** Addresses/CIDRs that may scrape /metrics (METRICS_ALLOW); empty allows any. */
  allow?: readonly string[];
  /** EHR targets' state, read on scrape (names are configuration, never patient data). */
  deliveryTargets?: () => Promise<
    { name: string; alert: boolean; failingSince: string | null; needsAttention: number }[]
  >;
}

/** Prometheus metrics; labels are route templates, never ids (bounded cardinality, no PHI). */
export function registerMetrics(app: FastifyInstance, options: MetricsOptions = {}) {
  const registry = options.registry ?? new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'dictum_http_request_duration_seconds',
    help: 'HTTP request latency by route template',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const targets = options.deliveryTargets;
  if (targets) {
    // One read per scrape, by the gauge registered first (prom-client serialises in that order).
    const failing = new Gauge({
      name: 'dictum_delivery_target_failing_seconds',
      help: 'How long the oldest still-retrying delivery of an EHR target has been failing (0: none)',
      labelNames: ['target'],
      registers: [],
    });
    const attention = new Gauge({
      name: 'dictum_delivery_needs_attention',
      help: 'Deliveries stopped per EHR target (AE, header errors, 4xx, retries exhausted)',
      labelNames: ['target'],
      registers: [],
    });
    registry.registerMetric(
      new Gauge({
        name: 'dictum_delivery_target_alert',
        help: '1 when an EHR target has been failing for DELIVERY_ALERT_MINUTES or has deliveries needing attention',
        labelNames: ['target'],
        registers: [],
        async collect() {
          this.reset();
          failing.reset();
          attention.reset();
          const rows = await withTimeout(targets(), 2000).catch(() => []);
          for (const row of rows) {
            this.set({ target: row.name }, row.alert ? 1 : 0);
            attention.set({ target: row.name }, row.needsAttention);
            failing.set(
              { target: row.name },
              row.failingSince ? Math.max(0, (Date.now() - Date.parse(row.failingSince)) / 1000) : 0,
            );
          }
        },
      }),
    );
    registry.registerMetric(failing);
    registry.registerMetric(attention);
  }
  const queues = options.queues;
  if (queues) {
    // Depth is shared state in Redis, so any API instance reports the same numbers: aggregate with
    // max(), not sum(). When Redis does not answer, the scrape still succeeds and says so.
    const up = new Gauge({
      name: 'dictum_queue_metrics_up',
      help: '1 when the last scrape could read queue depths from Redis',
      registers: [registry],
    });
    new Gauge({
      name: 'dictum_queue_jobs',
      help: 'Jobs per queue and state (BullMQ getJobCounts), read on scrape',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        try {
          const counts = await withTimeout(
            Promise.all(
              Object.entries(queues).map(
                async ([name, queue]) => [name, await queue.getJobCounts(...QUEUE_STATES)] as const,
              ),
            ),
            2000,
          );
          for (const [queue, byState] of counts) {
            for (const state of QUEUE_STATES) this.set({ queue, state }, byState[state] ?? 0);
          }
          up.set(1);
        } catch {
          up.set(0);
        }
      },
    });
  }
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  const allowed = options.allow?.length ? addressAllowList(options.allow) : () => true;
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    // Others get the same 404 as any unknown path: the endpoint's existence is not advertised.
    if (!allowed(request.ip)) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'no such route' } });
    }
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return registry;
}
