import type { AppConfig } from '@dictum/core/infra/config';
import { createDb, type Db } from '@dictum/core/infra/db/client';
import { closeQueues, createQueues, type Queues } from '@dictum/core/infra/queue/queues';
import { createRedis } from '@dictum/core/infra/queue/redis-connection';
import { createObjectStore } from '@dictum/core/infra/storage/create-object-store';
import type { ObjectStore } from '@dictum/core/infra/storage/object-store';
import type { Redis } from 'ioredis';

/** Long-lived resources the routes and services share; one per API process. */
export interface AppContext {
  config: AppConfig;
  db: Db;
  redis: Redis;
  queues: Queues;
  store: ObjectStore;
}

export function createContext(config: AppConfig): AppContext {
  const redis = createRedis(config.redis.url, 'producer');
  // Node has no unhandled 'error' for ioredis; readiness reports the outage instead of crashing.
  redis.on('error', () => {});
  return {
    config,
    db: createDb(config.db.url),
    redis,
    queues: createQueues(redis, config.redis.queuePrefix, config.transcription.attempts),
    store: createObjectStore(config.storage),
  };
}

export async function closeContext(ctx: AppContext): Promise<void> {
  await closeQueues(ctx.queues).catch(() => {});
  ctx.redis.disconnect();
  await ctx.db.$disconnect();
}

/** Waits (bounded) for Redis to connect, so rate limits are live from the first request. */
export async function redisReady(ctx: AppContext, timeoutMs = 5000): Promise<boolean> {
  if (ctx.redis.status === 'ready') return true;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      ctx.redis.off('ready', onReady);
      resolve(false);
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    ctx.redis.once('ready', onReady);
  });
}
