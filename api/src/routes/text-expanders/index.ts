import { createTextExpander } from '../../services/text-expanders/create-text-expander';
import { deleteTextExpander } from '../../services/text-expanders/delete-text-expander';
import { listTextExpanders } from '../../services/text-expanders/list-text-expanders';
import { updateTextExpander } from '../../services/text-expanders/update-text-expander';
import { admins, endpointsTagged, resourceRoutes, signedIn } from '../endpoint';
import { created, noContent } from '../replies';
import * as schemas from './text-expanders.schemas';

const tags = ['text expanders'];
const adminEndpoint = endpointsTagged(['admin', ...tags]);

// The editor's shorthand: everyone signed in reads the list; administrators maintain it.
export const textExpanderRoutes = resourceRoutes(tags, (app, ctx, endpoint) => {
  app.get(
    '/text-expanders',
    endpoint(signedIn, {
      description: 'Organisation-wide text expanders for the editor, sorted by abbreviation.',
      response: { 200: schemas.textExpanderListSchema },
    }),
    async () => listTextExpanders(ctx),
  );

  app.post(
    '/admin/text-expanders',
    adminEndpoint(admins, {
      description: 'Add an expander. 409 DUPLICATE when the abbreviation exists.',
      body: schemas.createTextExpanderBody,
      response: { 201: schemas.textExpanderSchema },
    }),
    async (request, reply) => created(reply, createTextExpander(ctx, request.actor, request.body)),
  );

  app.patch(
    '/admin/text-expanders/:abbreviation',
    adminEndpoint(admins, {
      description: 'Change what an expander expands to.',
      params: schemas.abbreviationParams,
      body: schemas.updateTextExpanderBody,
      response: { 200: schemas.textExpanderSchema },
    }),
    async (request) => updateTextExpander(ctx, request.actor, request.params.abbreviation, request.body),
  );

  app.delete(
    '/admin/text-expanders/:abbreviation',
    adminEndpoint(admins, {
      description: 'Remove an expander.',
      params: schemas.abbreviationParams,
    }),
    async (request, reply) =>
      noContent(reply, deleteTextExpander(ctx, request.actor, request.params.abbreviation)),
  );
});
