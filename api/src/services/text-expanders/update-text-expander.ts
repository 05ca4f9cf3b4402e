import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { spellingVocabularyChanged } from '../spellcheck/check-spelling';

/** Change what a shared expander expands to; 404 when there is none. Audited. */
export async function updateTextExpander(
  ctx: AppContext,
  actor: UserActor,
  abbreviation: string,
  input: { expansion: string },
) {
  const view = await ctx.db.$transaction(async (tx) => {
    const row = await tx.textExpander.findUnique({ where: { abbreviation }, select: { id: true } });
    if (!row) throw notFound('text expander');
    const updated = await tx.textExpander.update({
      where: { id: row.id },
      data: { expansion: input.expansion },
      select: { abbreviation: true, expansion: true },
    });
    await recordAuditEvent(tx, actor, {
      action: 'text_expander.updated',
      objectType: 'text_expander',
      objectId: row.id,
      details: { abbreviation },
    });
    return updated;
  });
  spellingVocabularyChanged(ctx);
  return view;
}
