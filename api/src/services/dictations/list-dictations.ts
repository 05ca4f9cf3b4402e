import { auditStandalone } from '@dictum/core/audit/record-audit-event';
import type { DictationStatus, Prisma } from '@dictum/core/db/client';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { isUuid, visibleDictationsWhere } from '../access/dictation-access';
import { loadDictationViews, worklistPageIds } from './dictation-page-query';
import { toDictationView } from './dictation-view';

export interface ListQuery {
  status?: DictationStatus[];
  cursor?: string;
  limit: number;
  mine?: boolean;
  priority?: 'STAT' | 'ROUTINE';
  workType?: string;
  /** The dictating physician's username (transcriptionists often work one author's queue). */
  author?: string;
  /** Part of the patient's name or MRN, or of the author's username or display name (case-insensitive). */
  q?: string;
}

/** One page: the ids in order (`pageIds`), then the views for them in one query. */
async function page(ctx: AppContext, query: ListQuery, pageIds: (cursor: string | undefined) => Promise<string[]>) {
  const cursor = query.cursor && isUuid(query.cursor) ? query.cursor : undefined;
  const ids = await pageIds(cursor);
  const items = (await loadDictationViews(ctx.db, ids.slice(0, query.limit))).map(toDictationView);
  return { items, nextCursor: ids.length > query.limit ? (items[items.length - 1]?.id ?? null) : null };
}

function filters(query: ListQuery): Prisma.DictationWhereInput {
  return {
    ...(query.status?.length ? { status: { in: query.status } } : {}),
    ...(query.priority ? { priority: query.priority } : {}),
    ...(query.workType ? { workType: { code: query.workType } } : {}),
    ...(query.author ? { author: { username: query.author } } : {}),
    ...(query.q ? { OR: containsAnywhere(query.q) } : {}),
  };
}

/** Patient name or MRN, or author username or name, containing `q` (LIKE wildcards in q are literal). */
function containsAnywhere(q: string): Prisma.DictationWhereInput[] {
  // Prisma's `contains` passes % and _ through to LIKE: escape them (and the escape character).
  const contains = { contains: q.replace(/[\\%_]/g, (c) => `\\${c}`), mode: 'insensitive' as const };
  return [
    { patient: { name: contains } },
    { patient: { mrn: contains } },
    { author: { username: contains } },
    { author: { displayName: contains } },
  ];
}

/** GET /dictations: physicians see their own, newest first; transcriptionists and records all. */
export async function listDictations(ctx: AppContext, actor: UserActor, query: ListQuery) {
  const where: Prisma.DictationWhereInput = {
    AND: [visibleDictationsWhere(actor), filters(query), query.mine ? { authorId: actor.userId } : {}],
  };
  const result = await page(ctx, query, async (cursor) => {
    const rows = await ctx.db.dictation.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { id: true },
      take: query.limit + 1,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    return rows.map((r) => r.id);
  });
  await auditList(ctx, actor, 'dictation.listed', result.items.length);
  return result;
}

/**
 * The transcriptionist's worklist: drafts and manual jobs (failed transcriptions) nobody holds,
 * plus the caller's own claims; STAT first, then by due time.
 */
export async function listWorklist(ctx: AppContext, actor: UserActor, query: ListQuery) {
  const result = await page(ctx, query, (cursor) => worklistPageIds(ctx.db, actor.userId, query, cursor));
  await auditList(ctx, actor, 'worklist.viewed', result.items.length);
  return result;
}

// Lists show patient names: the view is audited as one event with the count, not one per row.
function auditList(ctx: AppContext, actor: UserActor, action: string, count: number) {
  return auditStandalone(ctx.db, actor, { action, objectType: 'dictation', details: { count } });
}
