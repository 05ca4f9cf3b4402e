import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

// The worker's own Prometheus metrics. The worker is a separate process (any number of them, on any
// number of machines), so each one serves its own /metrics on WORKER_METRICS_PORT (off by default)
// and Prometheus scrapes every worker, exactly as it scrapes every API instance. Pushing aggregates
// through Redis was the alternative; it would couple metrics to the queue's Redis and need a merge
// step, for no gain. Labels are queue/job names, engines and reason codes only: no ids, no PHI.

export interface WorkerMetrics {
  registry: Registry;
  jobDuration: Histogram<'queue' | 'job' | 'outcome'>;
  jobWait: Histogram<'queue' | 'job'>;
  realTimeFactor: Histogram<'engine'>;
  transcriptionFailures: Counter<'reason' | 'kind' | 'final'>;
}

export function createWorkerMetrics(): WorkerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'worker' });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    jobDuration: new Histogram({
      name: 'dictum_worker_job_duration_seconds',
      help: 'Time a job attempt ran, by queue, job name and outcome (done, skipped, retry, failed, error)',
      labelNames: ['queue', 'job', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
      registers: [registry],
    }),
    jobWait: new Histogram({
      name: 'dictum_worker_job_wait_seconds',
      help: 'Time from a job being added to its first attempt starting, by queue and job name',
      labelNames: ['queue', 'job'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers: [registry],
    }),
    realTimeFactor: new Histogram({
      name: 'dictum_transcription_real_time_factor',
      help: 'Engine seconds per second of audio, by engine',
      labelNames: ['engine'],
      buckets: [0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 5],
      registers: [registry],
    }),
    transcriptionFailures: new Counter({
      name: 'dictum_transcription_failures_total',
      help: 'Failed transcription attempts by reason code; final="true" when the dictation went to manual transcription',
      labelNames: ['reason', 'kind', 'final'],
      registers: [registry],
    }),
  };
}

/** Serves GET /metrics; nothing else. Returns the bound server (close it on shutdown). */
export async function serveWorkerMetrics(
  metrics: WorkerMetrics,
  port: number,
  host: string,
): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metrics.registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n'),
    );
  });
  server.listen(port, host);
  await once(server, 'listening');
  return server;
}
