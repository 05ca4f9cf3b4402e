import { notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { dictationWhereFor } from '../access/dictation-access';
import { auditDictationRead } from './audit-dictation-read';
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
  await auditDictationRead(ctx, actor, 'dictation.viewed', d);
  return toDictationView(d);
}
