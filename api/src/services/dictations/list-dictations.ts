import { auditStandalone } from '@dictum/core/audit/record-audit-event';
import type { DictationStatus, Prisma } from '@dictum/core/db/client';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { isUuid, visibleDictationsWhere } from '../access/dictation-access';
import { dictationViewInclude, toDictationView } from './dictation-view';

export interface ListQuery {
  status?: DictationStatus[];
  cursor?: string;
  limit: number;
  mine?: boolean;
  priority?: 'STAT' | 'ROUTINE';
  workType?: string;
  /** The dictating physician's username (transcriptionists often work one author's queue). */
  author?: string;
}

async function page(
  ctx: AppContext,
  where: Prisma.DictationWhereInput,
  orderBy: Prisma.DictationOrderByWithRelationInput[],
  query: ListQuery,
) {
  const cursor = query.cursor && isUuid(query.cursor) ? query.cursor : undefined;
  const rows = await ctx.db.dictation.findMany({
    where,
    orderBy,
    include: dictationViewInclude,
    take: query.limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, query.limit).map(toDictationView);
  return { items, nextCursor: rows.length > query.limit ? (items[items.length - 1]?.id ?? null) : null };
}

function filters(query: ListQuery): Prisma.DictationWhereInput {
  return {
    ...(query.status?.length ? { status: { in: query.status } } : {}),
    ...(query.priority ? { priority: query.priority } : {}),
    ...(query.workType ? { workType: { code: query.workType } } : {}),
    ...(query.author ? { author: { username: query.author } } : {}),
  };
}

/** GET /dictations: physicians see their own, newest first; transcriptionists and records all. */
export async function listDictations(ctx: AppContext, actor: UserActor, query: ListQuery) {
  const where: Prisma.DictationWhereInput = {
    AND: [visibleDictationsWhere(actor), filters(query), query.mine ? { authorId: actor.userId } : {}],
  };
  const result = await page(ctx, where, [{ createdAt: 'desc' }, { id: 'desc' }], query);
  await auditList(ctx, actor, 'dictation.listed', result.items.length);
  return result;
}

/**
 * The transcriptionist's worklist: drafts and manual jobs (failed transcriptions) nobody holds,
 * plus the caller's own claims; STAT first, then by due time.
 */
export async function listWorklist(ctx: AppContext, actor: UserActor, query: ListQuery) {
  const where: Prisma.DictationWhereInput = {
    AND: [
      { OR: [{ status: { in: ['DRAFT_READY', 'TRANSCRIPTION_FAILED'] } }, { status: 'IN_EDIT', assigneeId: actor.userId }] },
      filters(query),
    ],
  };
  const result = await page(ctx, where, [{ priority: 'asc' }, { dueAt: 'asc' }, { id: 'asc' }], query);
  await auditList(ctx, actor, 'worklist.viewed', result.items.length);
  return result;
}

// Lists show patient names: the view is audited as one event with the count, not one per row.
function auditList(ctx: AppContext, actor: UserActor, action: string, count: number) {
  return auditStandalone(ctx.db, actor, { action, objectType: 'dictation', details: { count } });
}
