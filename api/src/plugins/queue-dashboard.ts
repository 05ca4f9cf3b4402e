import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { isAppError } from '@dictum/core/errors';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { authenticateRequest } from './authenticate';
import { isDatabaseDown } from './error-handler';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * The BullMQ dashboard (bull-board) at /admin/queues, for ADMIN only. Job payloads hold ids only,
 * but the dashboard still shows queue internals, so it sits in its own encapsulated scope behind the
 * same session/token check as the API. Read-only: recovery is the sweep's business, and the
 * dashboard's own buttons could not send our CSRF header anyway.
 *
 * Register it before the web app: bull-board registers @fastify/static in its scope.
 */
export async function registerQueueDashboard(app: FastifyInstance, ctx: AppContext) {
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      try {
        await authenticateRequest(request, ctx, { roles: ['ADMIN'] });
      } catch (error) {
        // Answer here: inside the scope bull-board's own error handler would turn this into a 500.
        if (isAppError(error))
          return reply.status(error.status).send({ error: { code: error.code, message: error.message } });
        if (isDatabaseDown(error)) {
          return reply.status(503).send({
            error: {
              code: 'DATABASE_UNAVAILABLE',
              message: 'the database is unavailable; try again shortly',
            },
          });
        }
        throw error;
      }
    });
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
    createBullBoard({
      queues: Object.values(ctx.queues).map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Dictum queues' } },
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
  });
}
