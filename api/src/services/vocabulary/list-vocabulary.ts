import type { Prisma } from '@dictum/core/infra/db/client';
import type { AppContext } from '../../context';
import { toPage } from '../paging/cursor-page';
import { toVocabularyView } from './vocabulary-view';

export interface ListVocabularyQuery {
  category?: string;
  q?: string;
  cursor?: string;
  limit: number;
}

/** The organisation's vocabulary, by term; the cursor is the last term of the previous page. */
export async function listVocabulary(ctx: AppContext, query: ListVocabularyQuery) {
  const where: Prisma.VocabularyTermWhereInput = {
    ...(query.category ? { category: query.category } : {}),
    ...(query.q ? { term: { contains: query.q, mode: 'insensitive' } } : {}),
    ...(query.cursor ? { AND: [{ term: { gt: query.cursor } }] } : {}),
  };
  const rows = await ctx.db.vocabularyTerm.findMany({
    where,
    orderBy: { term: 'asc' },
    take: query.limit + 1,
  });
  return toPage(rows, query.limit, toVocabularyView, (t) => t.term);
}
