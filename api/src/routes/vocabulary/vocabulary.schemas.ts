// The REST contract of /admin/vocabulary: contracts/src/vocabulary.ts.
export {
  createVocabularyBody,
  listVocabularyQuery,
  updateVocabularyBody,
  vocabularyIdParams,
  vocabularyPage,
  vocabularyTermSchema,
} from '@dictum/contracts/vocabulary';
