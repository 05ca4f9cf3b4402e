import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../context';

export interface HealthState {
  shuttingDown: boolean;
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms)),
  ]);

/** Liveness says the process runs; readiness says it can serve (DB, Redis, storage reachable). */
export const healthRoutes =
  (ctx: AppContext, state: HealthState): FastifyPluginAsync =>
  async (app) => {
    app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));

    app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
      const check = async (fn: () => Promise<unknown>) => {
        try {
          await within(fn(), 2000);
          return 'ok';
        } catch {
          return 'unavailable';
        }
      };
      const [database, redis, storage] = await Promise.all([
        check(() => ctx.db.$queryRaw`SELECT 1`),
        check(() => ctx.redis.ping()),
        check(() => ctx.store.ping()),
      ]);
      const checks = { database, redis, storage };
      const ready = !state.shuttingDown && Object.values(checks).every((v) => v === 'ok');
      return reply
        .status(ready ? 200 : 503)
        .send({ status: ready ? 'ready' : 'not ready', shuttingDown: state.shuttingDown, checks });
    });
  };
