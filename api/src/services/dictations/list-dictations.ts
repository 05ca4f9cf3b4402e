import type { ListQuery } from '@dictum/contracts/dictations';
import { auditStandalone } from '@dictum/core/domain/audit/record-audit-event';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { isUuid } from '../access/dictation-access';
import { type DictationPage, dictationListPage, worklistPage } from './dictation-page-query';

export type { ListQuery };

const cursorOf = (query: ListQuery) => (query.cursor && isUuid(query.cursor) ? query.cursor : undefined);

/** GET /dictations: physicians see their own, newest first; transcriptionists and records all. */
export async function listDictations(
  ctx: AppContext,
  actor: UserActor,
  query: ListQuery,
): Promise<DictationPage> {
  const result = await dictationListPage(ctx.db, actor, query, cursorOf(query));
  await auditList(ctx, actor, 'dictation.listed', result.items.length);
  return result;
}

/**
 * The transcriptionist's worklist: drafts and manual jobs (failed transcriptions) nobody holds,
 * plus the caller's own claims; STAT first, then by due time.
 */
export async function listWorklist(
  ctx: AppContext,
  actor: UserActor,
  query: ListQuery,
): Promise<DictationPage> {
  const result = await worklistPage(ctx.db, actor.userId, query, cursorOf(query));
  await auditList(ctx, actor, 'worklist.viewed', result.items.length);
  return result;
}

// Lists show patient names: the view is audited as one event with the count, not one per row.
function auditList(ctx: AppContext, actor: UserActor, action: string, count: number) {
  return auditStandalone(ctx.db, actor, { action, objectType: 'dictation', details: { count } });
}
