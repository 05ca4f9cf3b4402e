import { countLines } from '@dictum/core/capability/interop/line-counts';
import {
  createDeliveries,
  enqueueDeliveries,
  type ScheduledDelivery,
} from '@dictum/core/domain/delivery/schedule-deliveries';
import { transitionDictation } from '@dictum/core/domain/dictation/transition-dictation';
import { createDocumentVersion } from '@dictum/core/domain/document/create-document';
import { transitionDocument } from '@dictum/core/domain/document/transition-document';
import { AppError } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findVisibleDocument } from '../access/document-access';
import { encounterIdFor } from '../patients/encounter-id';
import { findPatientByMrn } from '../patients/find-patient-by-mrn';
import { readDocumentAfterChange } from './read-document';
import { requiredText } from './required-text';

/**
 * Entered in error: a filed note that belongs to another patient or should never have been filed.
 * The note (the version, the versions it superseded and its addenda; or just an addendum) becomes
 * ENTERED_IN_ERROR:
 * kept for records staff and the audit trail, gone from the patient's current record, and withdrawn
 * from every EHR target (MDM^T11, FHIR entered-in-error). When nothing of the dictation stays filed,
 * the dictation waits to be re-filed (POST /documents/:id/refile).
 */
export async function retractDocument(
  ctx: AppContext,
  actor: UserActor,
  id: string,
  input: { reason: string },
) {
  const reason = requiredText(input.reason, 'reason');
  const doc = await findVisibleDocument(ctx, actor, id, { id: true, kind: true, dictationId: true });
  const deliveries = await ctx.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Document" WHERE "dictationId" = ${doc.dictationId}::uuid FOR UPDATE`;
    const now = new Date();
    // Retracting a note takes the whole note: its addenda and the versions it superseded (they all
    // belong to the same wrong patient or error); retracting an addendum takes only the addendum.
    const others =
      doc.kind === 'ADDENDUM'
        ? []
        : await tx.document.findMany({
            where: {
              dictationId: doc.dictationId,
              status: { in: ['FILED', 'SUPERSEDED'] },
              id: { not: doc.id },
            },
            orderBy: { version: 'asc' },
            select: { id: true },
          });
    const scheduled: ScheduledDelivery[] = [];
    for (const target of [doc.id, ...others.map((a) => a.id)]) {
      await transitionDocument(tx, {
        documentId: target,
        event: { type: 'retract' },
        actor,
        data: { retractedAt: now, retractedById: actor.userId, retractionReason: reason },
        details: target === doc.id ? {} : { withDocumentId: doc.id },
      });
      scheduled.push(...(await createDeliveries(tx, target, ctx.config.delivery, 'RETRACT')));
    }
    const stillFiled = await tx.document.count({ where: { dictationId: doc.dictationId, status: 'FILED' } });
    if (stillFiled === 0) {
      await transitionDictation(tx, {
        dictationId: doc.dictationId,
        event: { type: 'retract' },
        actor,
        details: { documentId: doc.id },
      });
    }
    return scheduled;
  });
  await enqueueDeliveries(ctx.db, ctx.queues, deliveries, actor.requestId);
  return readDocumentAfterChange(ctx, doc.id);
}

/**
 * After a retraction: the dictation's note as a new, unsigned document under the right patient,
 * waiting to be signed (when the work type needs it) and filed like any other note.
 */
export async function refileDocument(
  ctx: AppContext,
  actor: UserActor,
  id: string,
  input: { patientMrn: string; encounter?: string },
) {
  const doc = await findVisibleDocument(ctx, actor, id, {
    id: true,
    status: true,
    text: true,
    finalizedById: true,
    dictationId: true,
    workTypeId: true,
    authorId: true,
    patient: { select: { id: true, mrn: true } },
    dictation: { select: { status: true, documentId: true } },
  });
  if (doc.status !== 'ENTERED_IN_ERROR' || doc.dictation.status !== 'FINALIZED') {
    throw new AppError(
      'INVALID_STATE',
      'only a retracted note whose dictation awaits re-filing can be re-filed',
      {
        status: doc.status,
      },
    );
  }
  const target = await findPatientByMrn(ctx.db, input.patientMrn);
  if (!target) throw new AppError('UNKNOWN_PATIENT', 'no patient has this MRN');
  const lines = countLines(doc.text);
  const created = await ctx.db.$transaction(async (tx) => {
    const encounterId = input.encounter ? await encounterIdFor(tx, target.id, input.encounter) : null;
    const { count } = await tx.dictation.updateMany({
      where: { id: doc.dictationId, status: 'FINALIZED', documentId: doc.dictation.documentId },
      data: { patientId: target.id, encounterId },
    });
    if (count === 0) throw new AppError('CONFLICT', 'the dictation changed meanwhile; reload and try again');
    const version = await createDocumentVersion(tx, actor, {
      dictationId: doc.dictationId,
      patient: target,
      encounterId,
      workTypeId: doc.workTypeId,
      authorId: doc.authorId,
      status: 'FINALIZED',
      text: doc.text,
      lines,
      // The text is the transcriptionist's, unchanged; only the patient it is filed under changes.
      finalizedById: doc.finalizedById,
      details: { refiledFrom: doc.id, fromPatientId: doc.patient.id },
    });
    await tx.dictation.update({ where: { id: doc.dictationId }, data: { documentId: version.id } });
    return version;
  });
  return readDocumentAfterChange(ctx, created.id);
}
