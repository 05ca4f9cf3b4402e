import { perUserLimit } from '../../plugins/rate-limits';
import { checkSpelling } from '../../services/spellcheck/check-spelling';
import { clinicalStaff, resourceRoutes } from '../endpoint';
import * as schemas from './spellcheck.schemas';

// Medical spell checking for the editor, on the server so no word list ships to browsers.
export const spellcheckRoutes = resourceRoutes(['spellcheck'], (app, ctx, endpoint) => {
  app.post(
    '/spellcheck',
    endpoint(
      { ...clinicalStaff, rateLimit: perUserLimit(ctx.config.rateLimit.costlyPerMinute) },
      {
        description: `Check up to ${schemas.MAX_SPELLCHECK_WORDS} words against general English, the project's medical word list and the organisation's vocabulary. Answers the misspelled ones (each once, in the order sent) with suggestions. Acronyms in capitals, numbers and codes are not judged. The words are not logged or stored.`,
        body: schemas.spellcheckBody,
        response: { 200: schemas.spellcheckResult },
      },
    ),
    async (request) => checkSpelling(ctx, request.body.words),
  );
});
