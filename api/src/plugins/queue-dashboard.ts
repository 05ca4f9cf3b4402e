import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { declareAccess } from './authenticate';

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
    // The app's authentication hook answers refusals itself, so bull-board's error handler never sees them.
    declareAccess(scope, { roles: ['ADMIN'] });
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
