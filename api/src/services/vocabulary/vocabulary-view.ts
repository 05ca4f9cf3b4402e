import type { VocabularyTerm } from '@dictum/contracts/vocabulary';

export const toVocabularyView = (t: {
  id: string;
  term: string;
  pronunciation: string | null;
  category: string | null;
  createdAt: Date;
}): VocabularyTerm => ({
  id: t.id,
  term: t.term,
  pronunciation: t.pronunciation,
  category: t.category,
  createdAt: t.createdAt.toISOString(),
});
