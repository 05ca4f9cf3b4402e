import { ALL_ROLES } from '@dictum/core/actor';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { updateWorkType } from '../../services/work-types/update-work-type';
import { createWorkType, listWorkTypes } from '../../services/work-types/work-types';

const workTypeSchema = z.object({
  code: z.string(),
  name: z.string(),
  loinc: z.string(),
  requiresSignature: z.boolean(),
  tatHours: z.object({ STAT: z.number(), ROUTINE: z.number() }),
  template: z.string().nullable(),
});

const createBody = z.object({
  code: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9_-]+$/),
  name: z.string().trim().min(1).max(200),
  loinc: z.string().regex(/^\d{1,7}-\d$/, 'a LOINC code such as 11506-3'),
  requiresSignature: z.boolean().default(false),
  tatHours: z.object({
    STAT: z.number().int().positive().max(720),
    ROUTINE: z.number().int().positive().max(2160),
  }),
  template: z.string().max(5000).nullable().optional(),
});

// Every field optional, no defaults: what is left out stays as it is.
const updateBody = z.object({
  name: createBody.shape.name.optional(),
  loinc: createBody.shape.loinc.optional(),
  requiresSignature: z.boolean().optional(),
  tatHours: z
    .object({
      STAT: z.number().int().positive().max(720).optional(),
      ROUTINE: z.number().int().positive().max(2160).optional(),
    })
    .optional(),
  template: z.string().max(5000).nullable().optional(),
});

export const workTypeRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/work-types',
      {
        config: { roles: ALL_ROLES },
        schema: { tags: ['work types'], response: { 200: z.array(workTypeSchema) } },
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
          params: z.object({ code: z.string().max(32) }),
          body: updateBody,
          response: { 200: workTypeSchema },
        },
      },
      async (request) => updateWorkType(ctx, request.actor, request.params.code, request.body),
    );
    app.post(
      '/work-types',
      {
        config: { roles: ['ADMIN'] },
        schema: { tags: ['work types'], body: createBody, response: { 201: workTypeSchema } },
      },
      async (request, reply) =>
        reply.status(201).send(await createWorkType(ctx, request.actor, request.body)),
    );
  };
