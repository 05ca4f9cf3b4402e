import type { DocumentListStatus, ListDocumentsQuery } from '@dictum/contracts/documents';
import { auditStandalone } from '@dictum/core/domain/audit/record-audit-event';
import { documentStatusGroups } from '@dictum/core/domain/document/state-machine';
import type { Prisma } from '@dictum/core/infra/db/client';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { isUuid } from '../access/dictation-access';
import { visibleDocumentsWhere } from '../access/document-access';
import { pageWindow, toPage } from '../paging/cursor-page';
import { documentViewSelect, toDocumentView } from './document-view';

/**
 * Versions waiting for their author's signature: finalized notes and filed amendments by records
 * staff, of a work type that needs one, not yet signed.
 */
export const awaitingSignatureWhere: Prisma.DocumentWhereInput = {
  status: { in: [...documentStatusGroups.signable] },
  signedAt: null,
  workType: { requiresSignature: true },
};

/** READY: may be filed now (signed, or finalized with a work type that needs no signature). */
function statusWhere(status: DocumentListStatus | undefined): Prisma.DocumentWhereInput {
  switch (status) {
    case undefined:
      return {};
    case 'READY':
      return { OR: [{ status: 'SIGNED' }, { status: 'FINALIZED', workType: { requiresSignature: false } }] };
    case 'AWAITING_SIGNATURE':
      return awaitingSignatureWhere;
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
    ...pageWindow(query.limit, cursor),
  });
  const page = toPage(rows, query.limit, toDocumentView, (d) => d.id);
  // Lists show patient names: one audit event for the view, with the count.
  await auditStandalone(ctx.db, actor, {
    action: 'document.listed',
    objectType: 'document',
    details: { count: page.items.length, status: query.status ?? null },
  });
  return page;
}

/**
 * GET /documents/to-sign: the physician's own notes and amendments awaiting their signature, oldest
 * first (with the reason of each amendment; the web shows the diff against the version it amends).
 */
export async function listDocumentsToSign(ctx: AppContext, actor: UserActor) {
  const rows = await ctx.db.document.findMany({
    where: { AND: [{ authorId: actor.userId }, awaitingSignatureWhere] },
    orderBy: [{ finalizedAt: 'asc' }, { id: 'asc' }],
    select: documentViewSelect,
    take: 200,
  });
  const items = rows.map(toDocumentView);
  await auditStandalone(ctx.db, actor, {
    action: 'document.listed',
    objectType: 'document',
    details: { count: items.length, status: 'TO_SIGN' },
  });
  return { items, nextCursor: null };
}
