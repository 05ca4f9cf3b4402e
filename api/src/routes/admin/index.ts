import { recordAuditEvent } from '@dictum/core/audit/record-audit-event';
import { notFound } from '@dictum/core/errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { issueApiToken } from '../../auth/api-tokens';
import type { AppContext } from '../../context';
import { createUser, toUserView, updateUser } from '../../services/admin/manage-users';
import { queryAudit } from '../../services/admin/query-audit';
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
      async (request) => {
        const result = await queryAudit(ctx.db, request.query);
        await ctx.db.$transaction((tx) =>
          recordAuditEvent(tx, request.actor, {
            action: 'audit.queried',
            objectType: 'audit',
            details: { count: result.items.length },
          }),
        );
        return result;
      },
    );

    app.get('/admin/users', { config: admin, schema: { tags } }, async () => {
      const users = await ctx.db.user.findMany({ orderBy: { username: 'asc' } });
      return users.map(toUserView);
    });

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
          body: z.object({ name: z.string().trim().min(1).max(100) }),
        },
      },
      async (request, reply) => {
        const user = await ctx.db.user.findUnique({ where: { id: request.params.id }, select: { id: true } });
        if (!user) throw notFound('user');
        const token = await issueApiToken(ctx.db, {
          userId: user.id,
          name: request.body.name,
          createdById: request.actor.userId,
        });
        await ctx.db.$transaction((tx) =>
          recordAuditEvent(tx, request.actor, {
            action: 'auth.token_created',
            objectType: 'api_token',
            objectId: token.id,
            details: { userId: user.id },
          }),
        );
        // The secret is shown this once; only its hash is stored.
        return reply.status(201).send(token);
      },
    );

    app.get('/admin/tokens', { config: admin, schema: { tags } }, async () => {
      const tokens = await ctx.db.apiToken.findMany({
        orderBy: { createdAt: 'desc' },
        select: {
          id: true,
          name: true,
          prefix: true,
          createdAt: true,
          lastUsedAt: true,
          revokedAt: true,
          user: { select: { id: true, username: true } },
        },
      });
      return tokens;
    });

    app.delete(
      '/admin/tokens/:id',
      { config: admin, schema: { tags, params: z.object({ id: z.string().uuid() }) } },
      async (request, reply) => {
        const { count } = await ctx.db.apiToken.updateMany({
          where: { id: request.params.id, revokedAt: null },
          data: { revokedAt: new Date() },
        });
        if (count === 0) throw notFound('token');
        await ctx.db.$transaction((tx) =>
          recordAuditEvent(tx, request.actor, {
            action: 'auth.token_revoked',
            objectType: 'api_token',
            objectId: request.params.id,
          }),
        );
        return reply.status(204).send();
      },
    );
  };
