import { z } from 'zod';
import { pageOf } from './common';

// The organisation's vocabulary (names, drugs, places) for the engines and the spell checker.

/** Free-form but tidy: `formulary`, `physician`, `place`, `procedure`, ... */
const categorySchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a lower-case word such as formulary, physician or place');

export const vocabularyTermSchema = z.object({
  id: z.string(),
  term: z.string(),
  pronunciation: z.string().nullable(),
  category: z.string().nullable(),
  createdAt: z.string(),
});
export type VocabularyTerm = z.infer<typeof vocabularyTermSchema>;

export const vocabularyPage = pageOf(vocabularyTermSchema);

export const createVocabularyBody = z.object({
  term: z.string().trim().min(1).max(200),
  /** How it is spoken, in plain words ("met oh pro lol"), for the engines' lexicon. */
  pronunciation: z.string().trim().min(1).max(300).nullable().optional(),
  category: categorySchema.nullable().optional(),
});
export type CreateVocabularyBody = z.input<typeof createVocabularyBody>;

export const updateVocabularyBody = createVocabularyBody.partial();
export type UpdateVocabularyBody = z.input<typeof updateVocabularyBody>;

export const listVocabularyQuery = z.object({
  category: categorySchema.optional(),
  /** Terms containing this text (case-insensitive). */
  q: z.string().trim().min(1).max(200).optional(),
  /** The last term of the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export const vocabularyIdParams = z.object({ id: z.string().uuid() });
