export const toVocabularyView = (t: {
  id: string;
  term: string;
  pronunciation: string | null;
  category: string | null;
  createdAt: Date;
}) => ({
  id: t.id,
  term: t.term,
  pronunciation: t.pronunciation,
  category: t.category,
  createdAt: t.createdAt.toISOString(),
});
