import { auditStandalone } from '@dictum/core/domain/audit/record-audit-event';
import { notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { dictationWhereFor } from '../access/dictation-access';
import { dictationViewInclude, toDictationView } from './dictation-view';

export async function findVisibleDictation(ctx: AppContext, actor: UserActor, id: string) {
  const d = await ctx.db.dictation.findFirst({
    where: dictationWhereFor(actor, id),
    include: dictationViewInclude,
  });
  if (!d) throw notFound('dictation');
  return d;
}

export async function readDictation(ctx: AppContext, actor: UserActor, id: string) {
  const d = await findVisibleDictation(ctx, actor, id);
  await auditStandalone(ctx.db, actor, {
    action: 'dictation.viewed',
    objectType: 'dictation',
    objectId: d.id,
    patient: d.patient,
  });
  return toDictationView(d);
}
