import { createSnippet, deleteSnippet, listSnippets } from '../../services/text-snippets/text-snippets';
import { resourceRoutes, transcriptionists } from '../endpoint';
import { created, noContent } from '../replies';
import * as schemas from './text-snippets.schemas';

// Personal and per-author text expanders and normals, beside the shared /text-expanders.
export const textSnippetRoutes = resourceRoutes(['text expanders'], (app, ctx, endpoint) => {
  app.get(
    '/text-snippets',
    endpoint(transcriptionists, {
      description:
        "My text expanders and normals, plus (authorId) those kept for that author; workType leaves out other work types' normals.",
      querystring: schemas.listSnippetsQuery,
      response: { 200: schemas.snippetListSchema },
    }),
    async (request) => listSnippets(ctx, request.actor, request.query),
  );
  app.post(
    '/text-snippets',
    endpoint(transcriptionists, {
      description:
        'Add an expander (abbreviation → text) or save a normal (one per work type and scope: saving again replaces it), for me or for an author. Audited (no text in the log).',
      body: schemas.createSnippetBody,
      response: { 201: schemas.snippetSchema },
    }),
    async (request, reply) => created(reply, createSnippet(ctx, request.actor, request.body)),
  );
  app.delete(
    '/text-snippets/:id',
    endpoint(transcriptionists, { params: schemas.snippetIdParams }),
    async (request, reply) => noContent(reply, deleteSnippet(ctx, request.actor, request.params.id)),
  );
});
