import { z } from 'zod';

// POST /spellcheck: general English and the project's medical words, checked on the server.

export const MAX_SPELLCHECK_WORDS = 2000;

export const spellcheckBody = z.object({
  words: z.array(z.string().max(100)).max(MAX_SPELLCHECK_WORDS),
});

export const spellcheckResult = z.object({
  misspelled: z.array(z.object({ word: z.string(), suggestions: z.array(z.string()) })),
});
export type Misspelling = z.infer<typeof spellcheckResult>['misspelled'][number];
