import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { createTokenForUser, listTokens, revokeToken } from '../../services/admin/manage-tokens';
import { createUser, listUsers, updateUser } from '../../services/admin/manage-users';
import { readAuditLog } from '../../services/admin/query-audit';
import { auditQuery, createTokenBody, createUserBody, idParams, updateUserBody } from './admin.schemas';

const tags = ['admin'];
const admin = { roles: ['ADMIN'] as const };

export const adminRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/admin/audit',
      {
        config: admin,
        schema: {
          tags,
          querystring: auditQuery,
        },
      },
      async (request) => readAuditLog(ctx.db, request.actor, request.query),
    );

    app.get('/admin/users', { config: admin, schema: { tags } }, async () => listUsers(ctx.db));

    app.post(
      '/admin/users',
      {
        config: admin,
        schema: {
          tags,
          body: createUserBody,
        },
      },
      async (request, reply) => reply.status(201).send(await createUser(ctx.db, request.actor, request.body)),
    );

    app.patch(
      '/admin/users/:id',
      {
        config: admin,
        schema: {
          tags,
          params: idParams,
          body: updateUserBody,
        },
      },
      async (request) => updateUser(ctx.db, request.actor, request.params.id, request.body),
    );

    app.post(
      '/admin/users/:id/tokens',
      {
        config: admin,
        schema: {
          tags,
          params: idParams,
          body: createTokenBody,
        },
      },
      // The secret is shown this once; only its hash is stored.
      async (request, reply) =>
        reply.status(201).send(
          await createTokenForUser(ctx.db, ctx.config.auth, request.actor, {
            userId: request.params.id,
            ...request.body,
          }),
        ),
    );

    app.get('/admin/tokens', { config: admin, schema: { tags } }, async () =>
      listTokens(ctx.db, ctx.config.auth),
    );

    app.delete(
      '/admin/tokens/:id',
      { config: admin, schema: { tags, params: idParams } },
      async (request, reply) => {
        await revokeToken(ctx.db, request.actor, request.params.id);
        return reply.status(204).send();
      },
    );
  };
