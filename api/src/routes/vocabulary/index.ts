import { addVocabularyTerm } from '../../services/vocabulary/add-vocabulary-term';
import { listVocabulary } from '../../services/vocabulary/list-vocabulary';
import { removeVocabularyTerm } from '../../services/vocabulary/remove-vocabulary-term';
import { updateVocabularyTerm } from '../../services/vocabulary/update-vocabulary-term';
import { admins, resourceRoutes } from '../endpoint';
import { created, noContent } from '../replies';
import * as schemas from './vocabulary.schemas';

// The organisation's own words for the speech engines (formulary, physicians, places). The lexicon
// and language model are built from these rows elsewhere; this is their maintenance.
export const vocabularyRoutes = resourceRoutes(['admin', 'vocabulary'], (app, ctx, endpoint) => {
  app.get(
    '/admin/vocabulary',
    endpoint(admins, {
      description: 'Vocabulary terms by term; filter by category or by text (q).',
      querystring: schemas.listVocabularyQuery,
      response: { 200: schemas.vocabularyPage },
    }),
    async (request) => listVocabulary(ctx, request.query),
  );

  app.post(
    '/admin/vocabulary',
    endpoint(admins, {
      description: 'Add a term. 409 DUPLICATE when the term exists (in any case).',
      body: schemas.createVocabularyBody,
      response: { 201: schemas.vocabularyTermSchema },
    }),
    async (request, reply) => created(reply, addVocabularyTerm(ctx, request.actor, request.body)),
  );

  app.patch(
    '/admin/vocabulary/:id',
    endpoint(admins, {
      description:
        'Edit a term (spelling, pronunciation, category; null clears). 409 DUPLICATE on a taken spelling.',
      params: schemas.vocabularyIdParams,
      body: schemas.updateVocabularyBody,
      response: { 200: schemas.vocabularyTermSchema },
    }),
    async (request) => updateVocabularyTerm(ctx, request.actor, request.params.id, request.body),
  );

  app.delete(
    '/admin/vocabulary/:id',
    endpoint(admins, { description: 'Remove a term.', params: schemas.vocabularyIdParams }),
    async (request, reply) => noContent(reply, removeVocabularyTerm(ctx, request.actor, request.params.id)),
  );
});
