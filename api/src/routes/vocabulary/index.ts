import { addVocabularyTerm } from '../../services/vocabulary/add-vocabulary-term';
import { listVocabulary } from '../../services/vocabulary/list-vocabulary';
import { removeVocabularyTerm } from '../../services/vocabulary/remove-vocabulary-term';
import { updateVocabularyTerm } from '../../services/vocabulary/update-vocabulary-term';
import { admins, resourceRoutes } from '../endpoint';
import { maintainedList } from '../maintained-list';
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

  maintainedList(app, endpoint, {
    path: '/admin/vocabulary',
    key: 'id',
    params: schemas.vocabularyIdParams,
    item: schemas.vocabularyTermSchema,
    add: {
      description: 'Add a term. 409 DUPLICATE when the term exists (in any case).',
      body: schemas.createVocabularyBody,
      run: (actor, body) => addVocabularyTerm(ctx, actor, body),
    },
    change: {
      description:
        'Edit a term (spelling, pronunciation, category; null clears). 409 DUPLICATE on a taken spelling.',
      body: schemas.updateVocabularyBody,
      run: (actor, id, body) => updateVocabularyTerm(ctx, actor, id, body),
    },
    remove: { description: 'Remove a term.', run: (actor, id) => removeVocabularyTerm(ctx, actor, id) },
  });
});
