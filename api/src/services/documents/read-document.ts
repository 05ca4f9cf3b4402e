import { auditStandalone } from '@dictum/core/domain/audit/record-audit-event';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findVisibleDocument } from '../access/document-access';
import { documentDetailSelect, documentViewSelect, toDocumentDetail, toDocumentView } from './document-view';

/**
 * GET /documents/:id: the document with its text; records staff, admins, and its author. For the
 * current version of a note, the addenda filed to it (or to a version it replaced) come along, so an
 * addendum is never hidden under a superseded version.
 */
export async function readDocument(ctx: AppContext, actor: UserActor, id: string) {
  const doc = await findVisibleDocument(ctx, actor, id, documentDetailSelect);
  await auditStandalone(ctx.db, actor, {
    action: 'document.viewed',
    objectType: 'document',
    objectId: doc.id,
    patient: doc.patient,
  });
  return withAddenda(ctx, toDocumentDetail(doc));
}

async function withAddenda(ctx: AppContext, detail: ReturnType<typeof toDocumentDetail>) {
  const addenda =
    detail.kind === 'ADDENDUM' || detail.status === 'ENTERED_IN_ERROR' || detail.status === 'RETURNED'
      ? []
      : await ctx.db.document.findMany({
          where: { dictationId: detail.dictationId, kind: 'ADDENDUM', status: { in: ['FILED'] } },
          orderBy: [{ finalizedAt: 'asc' }, { id: 'asc' }],
          select: documentDetailSelect,
        });
  return { ...detail, addenda: addenda.map(toDocumentDetail) };
}

/** The document after a change the caller just made (the change itself is audited). */
export async function readDocumentAfterChange(ctx: AppContext, id: string) {
  const doc = await ctx.db.document.findUniqueOrThrow({ where: { id }, select: documentDetailSelect });
  return withAddenda(ctx, toDocumentDetail(doc));
}

/** The document's list view after a change the caller just made (the change itself is audited). */
export async function documentViewAfterChange(ctx: AppContext, id: string) {
  const doc = await ctx.db.document.findUniqueOrThrow({ where: { id }, select: documentViewSelect });
  return toDocumentView(doc);
}

/**
 * GET /documents/:id/versions: every version of the note this document belongs to (originals,
 * replacements, addenda, superseded, retracted and returned ones), oldest first, with their text and
 * reasons, for the version diff.
 */
export async function listDocumentVersions(ctx: AppContext, actor: UserActor, id: string) {
  const doc = await findVisibleDocument(ctx, actor, id, {
    id: true,
    dictationId: true,
    patient: { select: { id: true, mrn: true } },
  });
  const rows = await ctx.db.document.findMany({
    where: { dictationId: doc.dictationId },
    orderBy: [{ finalizedAt: 'asc' }, { version: 'asc' }, { id: 'asc' }],
    select: documentDetailSelect,
  });
  await auditStandalone(ctx.db, actor, {
    action: 'document.versions_viewed',
    objectType: 'document',
    objectId: doc.id,
    patient: doc.patient,
    details: { count: rows.length },
  });
  return rows.map(toDocumentDetail);
}
