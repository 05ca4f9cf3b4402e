import { auditStandalone } from '@dictum/core/domain/audit/record-audit-event';
import { notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { isUuid } from '../access/dictation-access';
import { chartDocumentsWhere } from '../access/document-access';
import { pageWindow, toPage } from '../paging/cursor-page';
import { documentDetailSelect, toDocumentDetail } from './document-view';

export interface PatientDocumentsQuery {
  cursor?: string;
  limit: number;
}

/**
 * The patient's chart: every filed note, including superseded versions and addenda (each names its
 * parent), newest first, with the text. Clinical readers see the whole chart, not only their own notes.
 */
export async function listPatientDocuments(
  ctx: AppContext,
  actor: UserActor,
  mrn: string,
  query: PatientDocumentsQuery,
) {
  const patient = await ctx.db.patient.findUnique({ where: { mrn }, select: { id: true, mrn: true } });
  if (!patient) throw notFound('patient');
  const cursor = query.cursor && isUuid(query.cursor) ? query.cursor : undefined;
  const rows = await ctx.db.document.findMany({
    where: {
      AND: [
        { patientId: patient.id, status: { in: ['FILED', 'SUPERSEDED'] } },
        await chartDocumentsWhere(ctx, actor, patient.id),
      ],
    },
    orderBy: [{ filedAt: 'desc' }, { id: 'desc' }],
    select: documentDetailSelect,
    ...pageWindow(query.limit, cursor),
  });
  const page = toPage(rows, query.limit, toDocumentDetail, (d) => d.id);
  await auditStandalone(ctx.db, actor, {
    action: 'patient.documents_viewed',
    objectType: 'patient',
    objectId: patient.id,
    patient,
    details: { count: page.items.length, documentIds: page.items.map((d) => d.id) },
  });
  return page;
}
