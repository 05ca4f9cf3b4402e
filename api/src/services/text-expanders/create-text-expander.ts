import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { spellingVocabularyChanged } from '../spellcheck/check-spelling';
import { orDuplicate } from '../writes/unique-write';

/** Adds one organisation-wide expander; 409 DUPLICATE when the abbreviation exists. Audited. */
export async function createTextExpander(
  ctx: AppContext,
  actor: UserActor,
  input: { abbreviation: string; expansion: string },
) {
  const view = await orDuplicate(
    ctx.db.$transaction(async (tx) => {
      const row = await tx.textExpander.create({
        data: { abbreviation: input.abbreviation, expansion: input.expansion },
        select: { id: true, abbreviation: true, expansion: true },
      });
      await recordAuditEvent(tx, actor, {
        action: 'text_expander.created',
        objectType: 'text_expander',
        objectId: row.id,
        details: { abbreviation: row.abbreviation },
      });
      return { abbreviation: row.abbreviation, expansion: row.expansion };
    }),
    'an expander with this abbreviation exists; delete it first to change it',
  );
  spellingVocabularyChanged(ctx);
  return view;
}
