import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { createSnippet, deleteSnippet, listSnippets } from '../../services/text-snippets/text-snippets';

const tags = ['text expanders'];
const snippet = z.object({
  id: z.string(),
  kind: z.enum(['EXPANDER', 'NORMAL']),
  scope: z.enum(['mine', 'author']),
  authorId: z.string().nullable(),
  workType: z.string().nullable(),
  abbreviation: z.string().nullable(),
  text: z.string(),
});

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
          querystring: z.object({
            authorId: z.string().uuid().optional(),
            workType: z.string().max(32).optional(),
          }),
          response: { 200: z.array(snippet) },
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
          body: z.object({
            kind: z.enum(['EXPANDER', 'NORMAL']),
            scope: z.enum(['mine', 'author']),
            authorId: z.string().uuid().optional(),
            workType: z.string().max(32).optional(),
            abbreviation: z.string().trim().min(1).max(32).regex(/^\S+$/, 'one word, no spaces').optional(),
            text: z.string().min(1).max(20_000),
          }),
          response: { 201: snippet },
        },
      },
      async (request, reply) => reply.status(201).send(await createSnippet(ctx, request.actor, request.body)),
    );
    app.delete(
      '/text-snippets/:id',
      {
        config: { roles: ['TRANSCRIPTIONIST'] },
        schema: { tags, params: z.object({ id: z.string().uuid() }) },
      },
      async (request, reply) => {
        await deleteSnippet(ctx, request.actor, request.params.id);
        return reply.status(204).send();
      },
    );
  };
