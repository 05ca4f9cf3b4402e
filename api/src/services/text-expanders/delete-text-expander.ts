import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { spellingVocabularyChanged } from '../spellcheck/check-spelling';

/** Removes an expander by its abbreviation; 404 when there is none. Audited. */
export async function deleteTextExpander(ctx: AppContext, actor: UserActor, abbreviation: string) {
  await ctx.db.$transaction(async (tx) => {
    const row = await tx.textExpander.findUnique({ where: { abbreviation }, select: { id: true } });
    if (!row) throw notFound('text expander');
    const { count } = await tx.textExpander.deleteMany({ where: { id: row.id } });
    if (count === 0) throw notFound('text expander');
    await recordAuditEvent(tx, actor, {
      action: 'text_expander.deleted',
      objectType: 'text_expander',
      objectId: row.id,
      details: { abbreviation },
    });
  });
  spellingVocabularyChanged(ctx);
}
