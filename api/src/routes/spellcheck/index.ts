import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { perUserLimit } from '../../plugins/rate-limits';
import { checkSpelling } from '../../services/spellcheck/check-spelling';
import { MAX_SPELLCHECK_WORDS, spellcheckBody, spellcheckResult } from './spellcheck.schemas';

// Medical spell checking for the editor, on the server so no word list ships to browsers.
export const spellcheckRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/spellcheck',
      {
        config: {
          roles: ['PHYSICIAN', 'TRANSCRIPTIONIST', 'RECORDS'],
          rateLimit: perUserLimit(ctx.config.rateLimit.costlyPerMinute),
        },
        schema: {
          tags: ['spellcheck'],
          description: `Check up to ${MAX_SPELLCHECK_WORDS} words against general English, the project's medical word list and the organisation's vocabulary. Answers the misspelled ones (each once, in the order sent) with suggestions. Acronyms in capitals, numbers and codes are not judged. The words are not logged or stored.`,
          body: spellcheckBody,
          response: { 200: spellcheckResult },
        },
      },
      async (request) => checkSpelling(ctx, request.body.words),
    );
  };
