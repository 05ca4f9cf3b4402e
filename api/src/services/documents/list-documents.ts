import { auditStandalone } from '@dictum/core/audit/record-audit-event';
import type { Prisma } from '@dictum/core/db/client';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { isUuid } from '../access/dictation-access';
import { visibleDocumentsWhere } from './document-access';
import { documentViewSelect, toDocumentView } from './document-view';

export const documentListStatuses = [
  'READY',
  'AWAITING_SIGNATURE',
  'FINALIZED',
  'SIGNED',
  'FILED',
  'SUPERSEDED',
] as const;
export type DocumentListStatus = (typeof documentListStatuses)[number];

export interface ListDocumentsQuery {
  status?: DocumentListStatus;
  cursor?: string;
  limit: number;
}

/** READY: may be filed now (signed, or finalized with a work type that needs no signature). */
function statusWhere(status: DocumentListStatus | undefined): Prisma.DocumentWhereInput {
  switch (status) {
    case undefined:
      return {};
    case 'READY':
      return { OR: [{ status: 'SIGNED' }, { status: 'FINALIZED', workType: { requiresSignature: false } }] };
    case 'AWAITING_SIGNATURE':
      return { status: 'FINALIZED', workType: { requiresSignature: true } };
    default:
      return { status };
  }
}

/** Work queues (READY, AWAITING_SIGNATURE, FINALIZED, SIGNED) list oldest first; the rest newest first. */
const queueStatuses = new Set<DocumentListStatus | undefined>([
  'READY',
  'AWAITING_SIGNATURE',
  'FINALIZED',
  'SIGNED',
]);

/** GET /documents: the records staff's filing queue and document list. */
export async function listDocuments(ctx: AppContext, actor: UserActor, query: ListDocumentsQuery) {
  const direction = queueStatuses.has(query.status) ? 'asc' : 'desc';
  const cursor = query.cursor && isUuid(query.cursor) ? query.cursor : undefined;
  const rows = await ctx.db.document.findMany({
    where: { AND: [visibleDocumentsWhere(actor), statusWhere(query.status)] },
    orderBy: [{ finalizedAt: direction }, { id: direction }],
    select: documentViewSelect,
    take: query.limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, query.limit).map(toDocumentView);
  // Lists show patient names: one audit event for the view, with the count.
  await auditStandalone(ctx.db, actor, {
    action: 'document.listed',
    objectType: 'document',
    details: { count: items.length, status: query.status ?? null },
  });
  return { items, nextCursor: rows.length > query.limit ? (items[items.length - 1]?.id ?? null) : null };
}
