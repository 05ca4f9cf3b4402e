import { createAsrEngine } from '@dictum/core/capability/asr/create-engine';
import type { AsrEngine } from '@dictum/core/capability/asr/engine';
import type { AppConfig } from '@dictum/core/infra/config';
import { createDb, type Db } from '@dictum/core/infra/db/client';
import { createLogger, type Logger } from '@dictum/core/infra/logger';
import { closeQueues, createQueues, type Queues } from '@dictum/core/infra/queue/queues';
import { createRedis } from '@dictum/core/infra/queue/redis-connection';
import { createObjectStore } from '@dictum/core/infra/storage/create-object-store';
import type { ObjectStore } from '@dictum/core/infra/storage/object-store';
import type { Redis } from 'ioredis';
import { createWorkerMetrics, type WorkerMetrics } from './metrics';

export interface WorkerContext {
  config: AppConfig;
  db: Db;
  redis: Redis;
  queues: Queues;
  store: ObjectStore;
  engine: AsrEngine | null;
  log: Logger;
  metrics: WorkerMetrics;
}

export function createWorkerContext(config: AppConfig): WorkerContext {
  const redis = createRedis(config.redis.url, 'worker');
  redis.on('error', () => {});
  return {
    config,
    db: createDb(config.db.url, { max: config.transcription.concurrency + 4 }),
    redis,
    queues: createQueues(redis, config.redis.queuePrefix, config.transcription.attempts),
    store: createObjectStore(config.storage),
    engine: createAsrEngine(config.transcription),
    log: createLogger(config.logLevel, { service: 'worker' }),
    metrics: createWorkerMetrics(),
  };
}

export async function closeWorkerContext(ctx: WorkerContext) {
  await closeQueues(ctx.queues).catch(() => {});
  ctx.redis.disconnect();
  await ctx.db.$disconnect();
}
