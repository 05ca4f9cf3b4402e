import type { Redis } from 'ioredis';
import type { AppConfig } from './config';
import { createDb, type Db } from './db/client';
import { closeQueues, createQueues, type Queues } from './queue/queues';
import { createRedis } from './queue/redis-connection';
import { createObjectStore } from './storage/create-object-store';
import type { ObjectStore } from './storage/object-store';

/** The long-lived resources of a Dictum process (API or worker); one set per process. */
export interface ProcessResources {
  config: AppConfig;
  db: Db;
  redis: Redis;
  queues: Queues;
  store: ObjectStore;
}

/**
 * `role`: the API produces jobs (its Redis calls fail fast), the worker consumes them (see
 * createRedis). `dbConnections`: the pool size, 10 unless said.
 */
export function createProcessResources(
  config: AppConfig,
  role: 'producer' | 'worker',
  dbConnections?: number,
): ProcessResources {
  const redis = createRedis(config.redis.url, role);
  // ioredis's 'error' events would crash the process unheard; health and readiness report the outage.
  redis.on('error', () => {});
  return {
    config,
    db: createDb(config.db.url, { max: dbConnections }),
    redis,
    queues: createQueues(redis, config.redis.queuePrefix, config.transcription.attempts),
    store: createObjectStore(config.storage),
  };
}

export async function closeProcessResources(resources: ProcessResources): Promise<void> {
  await closeQueues(resources.queues).catch(() => {});
  resources.redis.disconnect();
  await resources.db.$disconnect();
}
