import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { AppError } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { spellingVocabularyChanged } from '../spellcheck/check-spelling';
import { orDuplicate } from '../writes/unique-write';
import { toVocabularyView } from './vocabulary-view';

const DUPLICATE_TERM = 'this term is already in the vocabulary';
const duplicate = () => new AppError('DUPLICATE', DUPLICATE_TERM);

/**
 * Adds a term the speech engines should know (a drug on the formulary, a physician's or a place's
 * name). Terms are unique regardless of case. Audited by id and category: a term may be a person's
 * name, so it stays out of the audit details.
 */
export async function addVocabularyTerm(
  ctx: AppContext,
  actor: UserActor,
  input: { term: string; pronunciation?: string | null; category?: string | null },
) {
  const view = await orDuplicate(
    ctx.db.$transaction(async (tx) => {
      const same = await tx.vocabularyTerm.findFirst({
        where: { term: { equals: input.term, mode: 'insensitive' } },
        select: { id: true },
      });
      if (same) throw duplicate();
      const row = await tx.vocabularyTerm.create({
        data: {
          term: input.term,
          pronunciation: input.pronunciation ?? null,
          category: input.category ?? null,
        },
      });
      await recordAuditEvent(tx, actor, {
        action: 'vocabulary.term_added',
        objectType: 'vocabulary_term',
        objectId: row.id,
        details: { category: row.category },
      });
      return toVocabularyView(row);
    }),
    DUPLICATE_TERM,
  );
  spellingVocabularyChanged(ctx);
  return view;
}
