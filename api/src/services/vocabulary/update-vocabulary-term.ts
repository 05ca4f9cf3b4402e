import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { spellingVocabularyChanged } from '../spellcheck/check-spelling';
import { orDuplicate } from '../writes/unique-write';
import { toVocabularyView } from './vocabulary-view';

/** Edit a term's spelling, pronunciation or category; 404 when there is none, 409 on a taken spelling. Audited. */
export async function updateVocabularyTerm(
  ctx: AppContext,
  actor: UserActor,
  id: string,
  input: { term?: string; pronunciation?: string | null; category?: string | null },
) {
  const view = await orDuplicate(
    ctx.db.$transaction(async (tx) => {
      const row = await tx.vocabularyTerm.findUnique({ where: { id } });
      if (!row) throw notFound('vocabulary term');
      const data = {
        ...(input.term !== undefined && input.term !== row.term ? { term: input.term } : {}),
        ...(input.pronunciation !== undefined && input.pronunciation !== row.pronunciation
          ? { pronunciation: input.pronunciation }
          : {}),
        ...(input.category !== undefined && input.category !== row.category
          ? { category: input.category }
          : {}),
      };
      if (Object.keys(data).length === 0) return toVocabularyView(row);
      const updated = await tx.vocabularyTerm.update({ where: { id }, data });
      await recordAuditEvent(tx, actor, {
        action: 'vocabulary.term_updated',
        objectType: 'vocabulary_term',
        objectId: id,
        details: { fields: Object.keys(data), category: updated.category },
      });
      return toVocabularyView(updated);
    }),
    'this term exists already',
  );
  spellingVocabularyChanged(ctx);
  return view;
}
