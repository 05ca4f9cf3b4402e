import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findVisibleDictation } from '../access/dictation-access';
import { auditDictationRead } from './audit-dictation-read';
import { toDictationView } from './dictation-view';

export async function readDictation(ctx: AppContext, actor: UserActor, id: string) {
  const d = await findVisibleDictation(ctx, actor, id);
  await auditDictationRead(ctx, actor, 'dictation.viewed', d);
  return toDictationView(d);
}
