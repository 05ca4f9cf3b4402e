import { z } from 'zod';
import { createTokenForUser, listTokens, revokeToken } from '../../services/admin/manage-tokens';
import { createUser, listUsers, updateUser } from '../../services/admin/manage-users';
import { readAuditLog } from '../../services/admin/query-audit';
import { admins, resourceRoutes } from '../endpoint';
import { created, noContent } from '../replies';
import * as schemas from './admin.schemas';

export const adminRoutes = resourceRoutes(['admin'], (app, ctx, endpoint) => {
  app.get(
    '/admin/audit',
    endpoint(admins, { querystring: schemas.auditQuery, response: { 200: schemas.auditPage } }),
    async (request) => readAuditLog(ctx.db, request.actor, request.query),
  );

  app.get(
    '/admin/users',
    endpoint(admins, { response: { 200: z.array(schemas.adminUserSchema) } }),
    async () => listUsers(ctx.db),
  );

  app.post(
    '/admin/users',
    endpoint(admins, { body: schemas.createUserBody, response: { 201: schemas.adminUserSchema } }),
    async (request, reply) => created(reply, createUser(ctx.db, request.actor, request.body)),
  );

  app.patch(
    '/admin/users/:id',
    endpoint(admins, {
      params: schemas.idParams,
      body: schemas.updateUserBody,
      response: { 200: schemas.adminUserSchema },
    }),
    async (request) => updateUser(ctx.db, request.actor, request.params.id, request.body),
  );

  app.post(
    '/admin/users/:id/tokens',
    endpoint(admins, {
      params: schemas.idParams,
      body: schemas.createTokenBody,
      response: { 201: schemas.issuedTokenSchema },
    }),
    // The secret is shown this once; only its hash is stored.
    async (request, reply) =>
      created(
        reply,
        createTokenForUser(ctx.db, ctx.config.auth, request.actor, {
          userId: request.params.id,
          ...request.body,
        }),
      ),
  );

  app.get(
    '/admin/tokens',
    endpoint(admins, { response: { 200: z.array(schemas.apiTokenSchema) } }),
    async () => listTokens(ctx.db, ctx.config.auth),
  );

  app.delete('/admin/tokens/:id', endpoint(admins, { params: schemas.idParams }), async (request, reply) =>
    noContent(reply, revokeToken(ctx.db, request.actor, request.params.id)),
  );
});
