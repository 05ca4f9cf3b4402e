import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { createSnippet, deleteSnippet, listSnippets } from '../../services/text-snippets/text-snippets';
import {
  createSnippetBody,
  listSnippetsQuery,
  snippetIdParams,
  snippetListSchema,
  snippetSchema,
} from './text-snippets.schemas';

const tags = ['text expanders'];

// Personal and per-author text expanders and normals, beside the shared /text-expanders.
export const textSnippetRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/text-snippets',
      {
        config: { roles: ['TRANSCRIPTIONIST'] },
        schema: {
          tags,
          description:
            "My text expanders and normals, plus (authorId) those kept for that author; workType leaves out other work types' normals.",
          querystring: listSnippetsQuery,
          response: { 200: snippetListSchema },
        },
      },
      async (request) => listSnippets(ctx, request.actor, request.query),
    );
    app.post(
      '/text-snippets',
      {
        config: { roles: ['TRANSCRIPTIONIST'] },
        schema: {
          tags,
          description:
            'Add an expander (abbreviation → text) or save a normal (one per work type and scope: saving again replaces it), for me or for an author. Audited (no text in the log).',
          body: createSnippetBody,
          response: { 201: snippetSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await createSnippet(ctx, request.actor, request.body)),
    );
    app.delete(
      '/text-snippets/:id',
      {
        config: { roles: ['TRANSCRIPTIONIST'] },
        schema: { tags, params: snippetIdParams },
      },
      async (request, reply) => {
        await deleteSnippet(ctx, request.actor, request.params.id);
        return reply.status(204).send();
      },
    );
  };
