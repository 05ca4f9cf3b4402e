import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { addVocabularyTerm } from '../../services/vocabulary/add-vocabulary-term';
import { listVocabulary } from '../../services/vocabulary/list-vocabulary';
import { removeVocabularyTerm } from '../../services/vocabulary/remove-vocabulary-term';
import { updateVocabularyTerm } from '../../services/vocabulary/update-vocabulary-term';
import {
  createVocabularyBody,
  listVocabularyQuery,
  updateVocabularyBody,
  vocabularyIdParams,
  vocabularyPage,
  vocabularyTermSchema,
} from './vocabulary.schemas';

const tags = ['admin', 'vocabulary'];
const admin = { roles: ['ADMIN'] as const };

// The organisation's own words for the speech engines (formulary, physicians, places). The lexicon
// and language model are built from these rows elsewhere; this is their maintenance.
export const vocabularyRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/admin/vocabulary',
      {
        config: admin,
        schema: {
          tags,
          description: 'Vocabulary terms by term; filter by category or by text (q).',
          querystring: listVocabularyQuery,
          response: { 200: vocabularyPage },
        },
      },
      async (request) => listVocabulary(ctx, request.query),
    );

    app.post(
      '/admin/vocabulary',
      {
        config: admin,
        schema: {
          tags,
          description: 'Add a term. 409 DUPLICATE when the term exists (in any case).',
          body: createVocabularyBody,
          response: { 201: vocabularyTermSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await addVocabularyTerm(ctx, request.actor, request.body)),
    );

    app.patch(
      '/admin/vocabulary/:id',
      {
        config: admin,
        schema: {
          tags,
          description:
            'Edit a term (spelling, pronunciation, category; null clears). 409 DUPLICATE on a taken spelling.',
          params: vocabularyIdParams,
          body: updateVocabularyBody,
          response: { 200: vocabularyTermSchema },
        },
      },
      async (request) => updateVocabularyTerm(ctx, request.actor, request.params.id, request.body),
    );

    app.delete(
      '/admin/vocabulary/:id',
      { config: admin, schema: { tags, description: 'Remove a term.', params: vocabularyIdParams } },
      async (request, reply) => {
        await removeVocabularyTerm(ctx, request.actor, request.params.id);
        return reply.status(204).send();
      },
    );
  };
