import type { Redis } from 'ioredis';

/**
 * BullMQ needs Redis never to evict keys (an evicted job is a lost dictation); without persistence a
 * Redis restart drops in-flight jobs, which the sweep recovers from PostgreSQL — so that is a warning.
 */
export async function checkRedisDurability(
  redis: Redis,
): Promise<{ fatal?: string; policy?: string; warnings: string[] }> {
  const warnings: string[] = [];
  try {
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
    if (policy && policy !== 'noeviction') {
      return {
        fatal: `Redis maxmemory-policy is "${policy}"; set it to "noeviction" (an evicted job would be a lost dictation)`,
        policy,
        warnings,
      };
    }
    const [, aof] = (await redis.config('GET', 'appendonly')) as [string, string];
    const [, save] = (await redis.config('GET', 'save')) as [string, string];
    if (aof !== 'yes' && !save) {
      warnings.push(
        'Redis has no persistence (no AOF, no RDB snapshots): a restart drops queued jobs until the sweep re-enqueues them',
      );
    }
  } catch {
    warnings.push(
      'could not read the Redis configuration (CONFIG GET refused); make sure maxmemory-policy is noeviction',
    );
  }
  return { warnings };
}
