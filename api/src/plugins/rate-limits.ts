import { createRequire } from 'node:module';
import { AppError } from '@dictum/core/errors';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';

// Rate-limit policy beside @fastify/rate-limit (counters in Redis, shared by every API instance).

/**
 * Per signed-in user on routes that cost CPU (PDF, FHIR/HL7 exports, spell check): counted after
 * authentication (preHandler), so the key is the user, not an address a client can vary.
 */
export function perUserLimit(max: number) {
  return {
    max,
    timeWindow: '1 minute',
    hook: 'preHandler' as const,
    keyGenerator: (request: FastifyRequest) =>
      request.actor ? `user:${request.actor.userId}` : `ip:${request.ip}`,
  };
}

/**
 * Routes that take credentials (sign-in, second factor: public or reachable before the second
 * factor) fail closed: when Redis cannot count attempts, they answer 503 instead of allowing
 * unlimited guesses. Other limited routes keep serving through a Redis outage (fail open). Runs as
 * an onRoute hook registered before @fastify/rate-limit, which reads the route's config after it.
 */
export function failClosedOnCredentialRoutes(app: FastifyInstance, redis: Redis): void {
  const refuseWhenUncounted = () => {
    // Without waiting for a command to fail: Redis is known to be away.
    if (redis.status !== 'ready') throw unavailable();
    return false;
  };
  app.addHook('onRoute', (route) => {
    const config = route.config as
      | { rateLimit?: unknown; public?: boolean; allowMfaPending?: boolean }
      | undefined;
    const limit = config?.rateLimit;
    if (!limit || typeof limit !== 'object') return;
    if (!config.public && !config.allowMfaPending) return;
    // A counter Redis fails to update mid-call also refuses (skipOnError off) rather than allows.
    route.config = { ...config, rateLimit: { ...limit, skipOnError: false, allowList: refuseWhenUncounted } };
  });
}

type StoreCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;
interface RateLimitStore {
  incr(key: string, callback: StoreCallback, timeWindow: number, max: number): void;
  read?(key: string, callback: StoreCallback, timeWindow: number, max: number): void;
  child(routeOptions: unknown): RateLimitStore;
}

// The plugin's own Redis store (no package "exports": the file is its public location).
const RedisStore = createRequire(import.meta.url)('@fastify/rate-limit/store/RedisStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: Redis,
  nameSpace: string,
) => RateLimitStore;

const unavailable = () =>
  new AppError('RATE_LIMIT_UNAVAILABLE', 'sign-in is briefly unavailable; try again shortly');

/** Wraps a store so that a failed count is our 503 error (fail-closed routes), not a raw Redis one. */
function translateErrors(inner: RateLimitStore): RateLimitStore {
  const wrap =
    (callback: StoreCallback): StoreCallback =>
    (error, result) =>
      error ? callback(unavailable()) : callback(null, result);
  return {
    incr: (key, callback, timeWindow, max) => inner.incr(key, wrap(callback), timeWindow, max),
    read: inner.read
      ? (key, callback, timeWindow, max) => inner.read!(key, wrap(callback), timeWindow, max)
      : undefined,
    child: (routeOptions) => translateErrors(inner.child(routeOptions)),
  };
}

/**
 * The `store` option of @fastify/rate-limit: its Redis store, with count failures reported as
 * RATE_LIMIT_UNAVAILABLE (503). Routes that fail open (skipOnError) ignore the error as before.
 */
export function rateLimitStore(redis: Redis, nameSpace: string): FastifyRateLimitStoreCtor {
  return class {
    constructor(params: { continueExceeding?: boolean; exponentialBackoff?: boolean }) {
      // biome-ignore lint/correctness/noConstructorReturn: the plugin instantiates the class it is given
      return translateErrors(
        new RedisStore(
          params.continueExceeding === true,
          params.exponentialBackoff === true,
          redis,
          nameSpace,
        ),
      );
    }
  } as unknown as FastifyRateLimitStoreCtor;
}
