import type { TranscriptWord } from '@dictum/contracts/dictations';
import { countLines } from '@dictum/core/capability/interop/line-counts';
import { transitionDictation } from '@dictum/core/domain/dictation/transition-dictation';
import { createDocumentVersion } from '@dictum/core/domain/document/create-document';
import { flagOutcome } from '@dictum/core/domain/transcript/draft-word-outcomes';
import { wordErrorRate } from '@dictum/core/domain/transcript/word-error-rate';
import { AppError } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { assertClaimant, findVisibleDictation } from '../access/dictation-access';

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
  // Counted before the transaction: counting is CPU work that must never hold row locks or a
  // pooled connection. The transaction checks that the version counted is still the latest.
  const counted = await ctx.db.transcriptVersion.findFirst({
    where: { dictationId: d.id },
    orderBy: { version: 'desc' },
    select: { id: true, text: true },
  });
  const lines = countLines(counted?.text ?? '');
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
    if (latest.id !== counted?.id)
      throw new AppError('CONFLICT', 'the transcript changed while finalizing; try again');

    await transitionDictation(tx, {
      dictationId: d.id,
      event: { type: 'finalize' },
      actor,
      // The author's return comment has been worked on: it goes with this sign-off.
      data: { assigneeId: null, claimExpiresAt: null, returnComment: null, returnedAt: null },
    });
    const doc = await createDocumentVersion(tx, actor, {
      dictationId: d.id,
      patient: { id: d.patient.id, mrn: d.patient.mrn },
      encounterId: d.encounterId,
      workTypeId: d.workTypeId,
      authorId: d.authorId,
      status: 'FINALIZED',
      text: latest.text,
      lines,
      transcriptVersionId: latest.id,
      finalizedById: actor.userId,
      details: { transcriptVersion: latest.version },
    });
    await tx.dictation.update({ where: { id: d.id }, data: { documentId: doc.id } });
    await recordDraftQuality(tx, d, doc.id, latest.text);
    return { documentId: doc.id, number: doc.number };
  });
}

type Tx = Parameters<Parameters<AppContext['db']['$transaction']>[0]>[0];

/** Draft × final words aligned at most while finalizing (~1 M cells: tens of milliseconds). */
const FLAG_OUTCOME_MAX_CELLS = 1_000_000;

/**
 * How far the engine's draft was from what was signed off (the draft's word error rate), and how
 * the editor's low-confidence flag did on it.
 */
async function recordDraftQuality(
  tx: Tx,
  d: { id: string; authorId: string; workTypeId: string },
  documentId: string,
  finalText: string,
) {
  const draft = await tx.transcriptVersion.findFirst({
    where: { dictationId: d.id, source: 'engine' },
    orderBy: { version: 'desc' },
    select: { text: true, engine: true, words: true },
  });
  if (!draft) return;
  const wer = wordErrorRate(finalText, draft.text);
  const words = Array.isArray(draft.words) ? (draft.words as unknown as TranscriptWord[]) : [];
  // Inside the request: a bounded alignment (a note of a few thousand words), else not measured.
  const flag = flagOutcome(words, finalText, FLAG_OUTCOME_MAX_CELLS);
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
      ...flag,
    },
  });
}
