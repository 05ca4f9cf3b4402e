import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../context';
import { readiness } from '../../services/health/readiness';

export interface HealthState {
  shuttingDown: boolean;
}

/** Liveness says the process runs; readiness says it can serve (DB, Redis, storage reachable). */
export const healthRoutes =
  (ctx: AppContext, state: HealthState): FastifyPluginAsync =>
  async (app) => {
    app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));

    app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
      const result = await readiness(ctx, state.shuttingDown);
      return reply.status(result.status === 'ready' ? 200 : 503).send(result);
    });
  };
