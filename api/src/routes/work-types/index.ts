import { updateWorkType } from '../../services/work-types/update-work-type';
import { createWorkType, listWorkTypes } from '../../services/work-types/work-types';
import { admins, resourceRoutes, signedIn } from '../endpoint';
import { created } from '../replies';
import * as schemas from './work-types.schemas';

export const workTypeRoutes = resourceRoutes(['work types'], (app, ctx, endpoint) => {
  app.get('/work-types', endpoint(signedIn, { response: { 200: schemas.workTypeListSchema } }), async () =>
    listWorkTypes(ctx),
  );
  app.patch(
    '/work-types/:code',
    endpoint(admins, {
      description: 'Edit a work type (the code stays). New turnaround times apply to new dictations.',
      params: schemas.workTypeCodeParams,
      body: schemas.updateWorkTypeBody,
      response: { 200: schemas.workTypeSchema },
    }),
    async (request) => updateWorkType(ctx, request.actor, request.params.code, request.body),
  );
  app.post(
    '/work-types',
    endpoint(admins, {
      body: schemas.createWorkTypeBody,
      response: { 201: schemas.workTypeSchema },
    }),
    async (request, reply) => created(reply, createWorkType(ctx, request.actor, request.body)),
  );
});
