import { auditStandalone } from '@dictum/core/audit/record-audit-event';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findVisibleDocument } from './document-access';
import { documentDetailSelect, documentViewSelect, toDocumentDetail, toDocumentView } from './document-view';

/** GET /documents/:id: the document with its text; records staff, admins, and its author. */
export async function readDocument(ctx: AppContext, actor: UserActor, id: string) {
  const doc = await findVisibleDocument(ctx, actor, id, documentDetailSelect);
  await auditStandalone(ctx.db, actor, {
    action: 'document.viewed',
    objectType: 'document',
    objectId: doc.id,
    patient: doc.patient,
  });
  return toDocumentDetail(doc);
}

/** The document's list view after a change the caller just made (the change itself is audited). */
export async function documentViewAfterChange(ctx: AppContext, id: string) {
  const doc = await ctx.db.document.findUniqueOrThrow({ where: { id }, select: documentViewSelect });
  return toDocumentView(doc);
}
