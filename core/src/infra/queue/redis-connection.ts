import { Redis } from 'ioredis';

/**
 * BullMQ workers need `maxRetriesPerRequest: null` (blocking commands must wait out a Redis
 * restart instead of failing); producers in the API fail fast so an upload answers 503 rather
 * than hanging while Redis is down.
 */
export function createRedis(url: string, role: 'worker' | 'producer'): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 2,
    enableOfflineQueue: role === 'worker',
    retryStrategy: (times) => Math.min(times * 200, 2000),
    lazyConnect: false,
  });
}
