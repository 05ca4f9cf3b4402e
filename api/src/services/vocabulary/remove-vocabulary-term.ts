import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { spellingVocabularyChanged } from '../spellcheck/check-spelling';

/** Removes a term; 404 when there is none. Audited. */
export async function removeVocabularyTerm(ctx: AppContext, actor: UserActor, id: string) {
  await ctx.db.$transaction(async (tx) => {
    const row = await tx.vocabularyTerm.findUnique({ where: { id }, select: { id: true, category: true } });
    if (!row) throw notFound('vocabulary term');
    const { count } = await tx.vocabularyTerm.deleteMany({ where: { id } });
    if (count === 0) throw notFound('vocabulary term');
    await recordAuditEvent(tx, actor, {
      action: 'vocabulary.term_removed',
      objectType: 'vocabulary_term',
      objectId: id,
      details: { category: row.category },
    });
  });
  spellingVocabularyChanged(ctx);
}
