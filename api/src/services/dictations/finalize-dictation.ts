import { randomBytes } from 'node:crypto';
import { recordAuditEvent } from '@dictum/core/audit/record-audit-event';
import { transitionDictation } from '@dictum/core/dictation/transition-dictation';
import { AppError } from '@dictum/core/errors';
import { countLines } from '@dictum/core/interop/line-counts';
import { wordErrorRate } from '@dictum/core/transcript/word-error-rate';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { assertClaimant } from './claim-dictation';
import { findVisibleDictation } from './read-dictation';

/** Human-readable, unique, stable: used as HL7 TXA-12 and the FHIR identifier. */
export function newDocumentNumber(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `DOC-${day}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

/**
 * Sign-off: the latest transcript version becomes an immutable document. Refused while blanks are
 * open; finalizing twice yields one document (the second call finds the dictation FINALIZED).
 */
export async function finalizeDictation(ctx: AppContext, actor: UserActor, id: string) {
  const d = await findVisibleDictation(ctx, actor, id);
  if (['FINALIZED', 'SIGNED', 'FILED', 'AMENDED'].includes(d.status)) {
    throw new AppError('DICTATION_ALREADY_FINALIZED', 'the dictation is already finalized', {
      documentId: d.documentId,
    });
  }
  assertClaimant(d, actor);
  return ctx.db.$transaction(async (tx) => {
    const openBlanks = await tx.blank.count({
      where: { dictationId: d.id, status: { in: ['OPEN', 'ROUTED_TO_AUTHOR'] } },
    });
    if (openBlanks > 0)
      throw new AppError('BLANKS_OPEN', `resolve the ${openBlanks} open blank(s) first`, { openBlanks });
    const latest = await tx.transcriptVersion.findFirst({
      where: { dictationId: d.id },
      orderBy: { version: 'desc' },
    });
    if (!latest || !latest.text.trim())
      throw new AppError('INVALID_STATE', 'there is no transcript text to finalize');

    await transitionDictation(tx, {
      dictationId: d.id,
      event: { type: 'finalize' },
      actor,
      data: { assigneeId: null, claimExpiresAt: null },
    });
    const lines = countLines(latest.text);
    const doc = await tx.document.create({
      data: {
        number: newDocumentNumber(),
        dictationId: d.id,
        patientId: d.patientId,
        encounterId: d.encounterId,
        workTypeId: d.workTypeId,
        status: 'FINALIZED',
        text: latest.text,
        transcriptVersionId: latest.id,
        authorId: d.authorId,
        finalizedById: actor.userId,
        linesWithSpaces: lines.linesWithSpaces,
        linesVisible: lines.linesVisible,
      },
      select: { id: true, number: true },
    });
    await tx.dictation.update({ where: { id: d.id }, data: { documentId: doc.id } });
    await recordAuditEvent(tx, actor, {
      action: 'document.created',
      objectType: 'document',
      objectId: doc.id,
      patient: d.patient,
      details: { dictationId: d.id, transcriptVersion: latest.version },
    });
    await recordDraftQuality(tx, d, doc.id, latest.text);
    return { documentId: doc.id, number: doc.number };
  });
}

type Tx = Parameters<Parameters<AppContext['db']['$transaction']>[0]>[0];

/** How far the engine's draft was from what was signed off: the draft's word error rate. */
async function recordDraftQuality(
  tx: Tx,
  d: { id: string; authorId: string; workTypeId: string },
  documentId: string,
  finalText: string,
) {
  const draft = await tx.transcriptVersion.findFirst({
    where: { dictationId: d.id, source: 'engine' },
    orderBy: { version: 'desc' },
    select: { text: true, engine: true },
  });
  if (!draft) return;
  const wer = wordErrorRate(finalText, draft.text);
  await tx.draftQuality.create({
    data: {
      documentId,
      dictationId: d.id,
      engine: draft.engine ?? 'unknown',
      authorId: d.authorId,
      workTypeId: d.workTypeId,
      draftWords: wer.hypothesisWords,
      finalWords: wer.referenceWords,
      wordErrors: wer.errors,
      wer: wer.wer,
    },
  });
}
