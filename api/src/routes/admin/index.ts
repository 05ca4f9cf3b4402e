import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { createTokenForUser, listTokens, revokeToken } from '../../services/admin/manage-tokens';
import { createUser, listUsers, updateUser } from '../../services/admin/manage-users';
import { readAuditLog } from '../../services/admin/query-audit';
import { apiScopes } from '../../services/auth/api-scopes';
import { roleSchema } from '../auth/auth.schemas';

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
          querystring: z.object({
            username: z.string().max(100).optional(),
            patientMrn: z.string().max(64).optional(),
            action: z.string().max(100).optional(),
            from: z.coerce.date().optional(),
            to: z.coerce.date().optional(),
            cursor: z.string().max(30).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
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
          body: z.object({
            username: z
              .string()
              .trim()
              .min(1)
              .max(100)
              .regex(/^[A-Za-z0-9._@-]+$/),
            role: roleSchema,
            password: z.string().max(1000),
            displayName: z.string().trim().max(200).optional(),
            credentials: z.string().trim().max(50).optional(),
            npi: z.string().trim().max(10).optional(),
            ehrProviderIds: z
              .array(z.object({ system: z.string().min(1).max(250), value: z.string().min(1).max(100) }))
              .max(10)
              .optional(),
          }),
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
          params: z.object({ id: z.string().uuid() }),
          body: z.object({
            disabled: z.boolean().optional(),
            password: z.string().max(1000).optional(),
            unlock: z.boolean().optional(),
            resetMfa: z.boolean().optional(),
            // Profile (issue 16): null clears a field.
            displayName: z.string().trim().max(200).nullable().optional(),
            credentials: z.string().trim().max(50).nullable().optional(),
            npi: z.string().trim().max(10).nullable().optional(),
            ehrProviderIds: z
              .array(z.object({ system: z.string().min(1).max(250), value: z.string().min(1).max(100) }))
              .max(10)
              .optional(),
            role: roleSchema.optional(),
            authorPreferences: z.string().trim().max(2000).nullable().optional(),
          }),
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
          params: z.object({ id: z.string().uuid() }),
          body: z.object({
            name: z.string().trim().min(1).max(100),
            scopes: z.array(z.enum(apiScopes)).min(1).max(apiScopes.length).optional(),
            expiresInDays: z.number().int().positive().max(3650).optional(),
          }),
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
      { config: admin, schema: { tags, params: z.object({ id: z.string().uuid() }) } },
      async (request, reply) => {
        await revokeToken(ctx.db, request.actor, request.params.id);
        return reply.status(204).send();
      },
    );
  };
