import { AppError } from '@dictum/core/errors';
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
    if (redis.status !== 'ready') {
      throw new AppError('RATE_LIMIT_UNAVAILABLE', 'sign-in is briefly unavailable; try again shortly');
    }
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
