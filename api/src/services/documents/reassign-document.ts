import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { AppError } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findVisibleDocument } from '../access/document-access';
import { encounterIdFor } from '../patients/encounter-id';
import { findPatientByMrn } from '../patients/find-patient-by-mrn';
import { documentViewAfterChange } from './read-document';

export interface ReassignInput {
  patientMrn: string;
  /**
   * Visit number at the (new) patient. Omitted: the encounter stays when the patient does, and is
   * dropped when the patient changes (it belongs to the old patient).
   */
  encounter?: string;
}

const notBeforeFiling = (status: string) =>
  new AppError(
    'DOCUMENT_ALREADY_FILED',
    'a filed note cannot be moved to another patient; amend it instead',
    { status },
  );

/**
 * Moves a note dictated under the wrong patient to the right one before it is filed. The document
 * and its dictation move together; the audit trail of both patients records the move, with ids only.
 */
export async function reassignDocument(ctx: AppContext, actor: UserActor, id: string, input: ReassignInput) {
  const doc = await findVisibleDocument(ctx, actor, id, {
    id: true,
    status: true,
    dictationId: true,
    encounterId: true,
    patient: { select: { id: true, mrn: true } },
  });
  if (doc.status !== 'FINALIZED' && doc.status !== 'SIGNED') throw notBeforeFiling(doc.status);
  const target = await findPatientByMrn(ctx.db, input.patientMrn);
  if (!target) throw new AppError('UNKNOWN_PATIENT', 'no patient has this MRN');

  await ctx.db.$transaction(async (tx) => {
    const encounterId = input.encounter
      ? await encounterIdFor(tx, target.id, input.encounter)
      : target.id === doc.patient.id
        ? doc.encounterId
        : null;
    const { count } = await tx.document.updateMany({
      where: { id: doc.id, status: { in: ['FINALIZED', 'SIGNED'] } },
      data: { patientId: target.id, encounterId },
    });
    if (count === 0) throw notBeforeFiling('FILED');
    await tx.dictation.update({
      where: { id: doc.dictationId },
      data: { patientId: target.id, encounterId },
    });
    const details = {
      fromPatientId: doc.patient.id,
      toPatientId: target.id,
      dictationId: doc.dictationId,
      fromEncounterId: doc.encounterId,
      toEncounterId: encounterId,
    };
    const patients = doc.patient.id === target.id ? [target] : [doc.patient, target];
    for (const patient of patients) {
      await recordAuditEvent(tx, actor, {
        action: 'document.reassigned',
        objectType: 'document',
        objectId: doc.id,
        patient,
        details,
      });
    }
  });
  return documentViewAfterChange(ctx, doc.id);
}
