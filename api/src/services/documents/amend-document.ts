import { recordAuditEvent } from '@dictum/core/audit/record-audit-event';
import { createDeliveries, enqueueDeliveries } from '@dictum/core/delivery/schedule-deliveries';
import { transitionDictation } from '@dictum/core/dictation/transition-dictation';
import { AppError } from '@dictum/core/errors';
import { normalizeLineBreaks } from '@dictum/core/interop/hl7-mdm';
import { countLines } from '@dictum/core/interop/line-counts';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { newDocumentNumber } from '../dictations/finalize-dictation';
import { findVisibleDocument } from './document-access';

export interface AmendInput {
  kind: 'addendum' | 'replacement';
  text: string;
}

/**
 * Changes after filing never touch the filed version: an addendum is a new document that appends to
 * it; a replacement is a new full version that supersedes it (the old one stays, SUPERSEDED). Either
 * is filed at once, moves the dictation to AMENDED, and is delivered like the original (FHIR relatesTo
 * appends/replaces, MDM T06/T10). Records staff or the note's author may amend.
 */
export async function amendDocument(ctx: AppContext, actor: UserActor, parentId: string, input: AmendInput) {
  const parent = await findVisibleDocument(ctx, actor, parentId, { id: true, status: true });
  assertAmendable(parent.status);
  const text = normalizeLineBreaks(input.text);
  if (!text.trim()) throw new AppError('VALIDATION_FAILED', 'invalid or missing: text');
  const kind = input.kind === 'addendum' ? 'ADDENDUM' : 'REPLACEMENT';

  const { created, deliveries } = await ctx.db.$transaction(async (tx) => {
    // Lock the parent: two amendments at once must not both supersede it or race a replacement.
    await tx.$queryRaw`SELECT id FROM "Document" WHERE id = ${parent.id}::uuid FOR UPDATE`;
    const p = await tx.document.findUniqueOrThrow({
      where: { id: parent.id },
      select: {
        id: true,
        status: true,
        version: true,
        dictationId: true,
        patientId: true,
        encounterId: true,
        workTypeId: true,
        authorId: true,
        patient: { select: { id: true, mrn: true } },
      },
    });
    assertAmendable(p.status);
    const now = new Date();
    if (kind === 'REPLACEMENT') {
      await tx.document.update({ where: { id: p.id }, data: { status: 'SUPERSEDED', supersededAt: now } });
    }
    const byAuthor = actor.userId === p.authorId;
    const lines = countLines(text);
    const doc = await tx.document.create({
      data: {
        number: newDocumentNumber(now),
        dictationId: p.dictationId,
        patientId: p.patientId,
        encounterId: p.encounterId,
        workTypeId: p.workTypeId,
        kind,
        parentId: p.id,
        version: p.version + 1,
        status: 'FILED',
        text,
        authorId: p.authorId,
        finalizedById: actor.userId,
        finalizedAt: now,
        // The author amending their own note authenticates it by doing so.
        ...(byAuthor ? { signedById: actor.userId, signedAt: now } : {}),
        filedById: actor.userId,
        filedAt: now,
        linesWithSpaces: lines.linesWithSpaces,
        linesVisible: lines.linesVisible,
      },
      select: { id: true, number: true },
    });
    await transitionDictation(tx, {
      dictationId: p.dictationId,
      event: { type: 'amend' },
      actor,
      details: { documentId: doc.id, parentId: p.id, kind },
    });
    await recordAuditEvent(tx, actor, {
      action: 'document.amended',
      objectType: 'document',
      objectId: doc.id,
      patient: p.patient,
      details: { parentId: p.id, kind, supersedes: kind === 'REPLACEMENT' ? p.id : null },
    });
    return { created: doc, deliveries: await createDeliveries(tx, doc.id, ctx.config.delivery) };
  });
  await enqueueDeliveries(ctx.db, ctx.queues, deliveries, actor.requestId);
  return created;
}

function assertAmendable(status: string) {
  if (status === 'FILED') return;
  if (status === 'SUPERSEDED') {
    throw new AppError('INVALID_STATE', 'this version has been superseded; amend the current version', {
      status,
    });
  }
  throw new AppError('INVALID_STATE', 'only a filed note can be amended; file it first', { status });
}
