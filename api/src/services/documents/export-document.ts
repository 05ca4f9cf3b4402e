import type { DocumentSnapshot } from '@dictum/core/capability/interop/document-snapshot';
import { buildDocumentReference } from '@dictum/core/capability/interop/fhir-document-reference';
import { buildMdmMessage } from '@dictum/core/capability/interop/hl7-mdm';
import { renderDocumentPdfOffThread } from '@dictum/core/capability/interop/render-pdf-off-thread';
import { auditStandalone } from '@dictum/core/domain/audit/record-audit-event';
import {
  documentReferenceOptionsFor,
  exportControlId,
  mdmOptionsFor,
} from '@dictum/core/domain/delivery/delivery-targets';
import { loadDocumentSnapshot } from '@dictum/core/domain/delivery/load-document-snapshot';
import { notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findVisibleDocument } from '../access/document-access';

export type ExportFormat = 'fhir' | 'hl7' | 'pdf';

export interface DocumentExport {
  body: string | Buffer;
  contentType: string;
  fileName: string;
}

/**
 * The note in an interchange format: FHIR R4 DocumentReference (US Core), HL7 v2.5.1 MDM (ER7), or
 * the printable PDF. Built from the same snapshot the EHR delivery sends; audited as an export.
 */
export async function exportDocument(
  ctx: AppContext,
  actor: UserActor,
  id: string,
  format: ExportFormat,
): Promise<DocumentExport> {
  const visible = await findVisibleDocument(ctx, actor, id, { id: true });
  const snapshot = await loadDocumentSnapshot(ctx.db, visible.id, ctx.config.organization);
  if (!snapshot) throw notFound('document');
  const result = await render(ctx, snapshot, format);
  await auditStandalone(ctx.db, actor, {
    action: 'document.exported',
    objectType: 'document',
    objectId: snapshot.id,
    patient: { id: snapshot.patient.id, mrn: snapshot.patient.mrn },
    details: { format },
  });
  return result;
}

async function render(ctx: AppContext, doc: DocumentSnapshot, format: ExportFormat): Promise<DocumentExport> {
  switch (format) {
    case 'fhir':
      return {
        body: JSON.stringify(buildDocumentReference(doc, documentReferenceOptionsFor(ctx.config))),
        contentType: 'application/fhir+json; charset=utf-8',
        fileName: `${doc.number}.json`,
      };
    case 'hl7':
      return {
        body: buildMdmMessage(doc, mdmOptionsFor(ctx.config, exportControlId())),
        contentType: 'text/plain; charset=utf-8',
        fileName: `${doc.number}.hl7`,
      };
    case 'pdf':
      return {
        // Off the event loop: layout of a long note takes seconds (render-pdf-off-thread.ts).
        body: await renderDocumentPdfOffThread(doc),
        contentType: 'application/pdf',
        fileName: `${doc.number}.pdf`,
      };
  }
}
