import { ALL_ROLES } from '@dictum/core/actor';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { createTextExpander } from '../../services/text-expanders/create-text-expander';
import { deleteTextExpander } from '../../services/text-expanders/delete-text-expander';
import { listTextExpanders } from '../../services/text-expanders/list-text-expanders';
import { updateTextExpander } from '../../services/text-expanders/update-text-expander';
import {
  abbreviationParams,
  createTextExpanderBody,
  textExpanderListSchema,
  textExpanderSchema,
  updateTextExpanderBody,
} from './text-expanders.schemas';

const tags = ['text expanders'];

// The editor's shorthand: everyone signed in reads the list; administrators maintain it.
export const textExpanderRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/text-expanders',
      {
        config: { roles: ALL_ROLES },
        schema: {
          tags,
          description: 'Organisation-wide text expanders for the editor, sorted by abbreviation.',
          response: { 200: textExpanderListSchema },
        },
      },
      async () => listTextExpanders(ctx),
    );

    app.post(
      '/admin/text-expanders',
      {
        config: { roles: ['ADMIN'] },
        schema: {
          tags: ['admin', ...tags],
          description: 'Add an expander. 409 DUPLICATE when the abbreviation exists.',
          body: createTextExpanderBody,
          response: { 201: textExpanderSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createTextExpander(ctx, request.actor, request.body)),
    );

    app.patch(
      '/admin/text-expanders/:abbreviation',
      {
        config: { roles: ['ADMIN'] },
        schema: {
          tags: ['admin', ...tags],
          description: 'Change what an expander expands to.',
          params: abbreviationParams,
          body: updateTextExpanderBody,
          response: { 200: textExpanderSchema },
        },
      },
      async (request) => updateTextExpander(ctx, request.actor, request.params.abbreviation, request.body),
    );

    app.delete(
      '/admin/text-expanders/:abbreviation',
      {
        config: { roles: ['ADMIN'] },
        schema: { tags: ['admin', ...tags], description: 'Remove an expander.', params: abbreviationParams },
      },
      async (request, reply) => {
        await deleteTextExpander(ctx, request.actor, request.params.abbreviation);
        return reply.status(204).send();
      },
    );
  };
