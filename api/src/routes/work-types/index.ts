import { ALL_ROLES } from '@dictum/core/actor';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { updateWorkType } from '../../services/work-types/update-work-type';
import { createWorkType, listWorkTypes } from '../../services/work-types/work-types';
import {
  createWorkTypeBody,
  updateWorkTypeBody,
  workTypeCodeParams,
  workTypeListSchema,
  workTypeSchema,
} from './work-types.schemas';

export const workTypeRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/work-types',
      {
        config: { roles: ALL_ROLES },
        schema: { tags: ['work types'], response: { 200: workTypeListSchema } },
      },
      async () => listWorkTypes(ctx),
    );
    app.patch(
      '/work-types/:code',
      {
        config: { roles: ['ADMIN'] },
        schema: {
          tags: ['work types'],
          description: 'Edit a work type (the code stays). New turnaround times apply to new dictations.',
          params: workTypeCodeParams,
          body: updateWorkTypeBody,
          response: { 200: workTypeSchema },
        },
      },
      async (request) => updateWorkType(ctx, request.actor, request.params.code, request.body),
    );
    app.post(
      '/work-types',
      {
        config: { roles: ['ADMIN'] },
        schema: { tags: ['work types'], body: createWorkTypeBody, response: { 201: workTypeSchema } },
      },
      async (request, reply) =>
        reply.status(201).send(await createWorkType(ctx, request.actor, request.body)),
    );
  };
