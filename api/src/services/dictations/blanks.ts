import type { Blank } from '@dictum/contracts/dictations';
import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { AppError, notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { assertClaimant, assertDictationAuthor, findVisibleDictation } from '../access/dictation-access';
import { auditDictationRead } from './audit-dictation-read';

// Blanks mark what the transcriptionist could not make out, anchored to the audio time.

const toView = (b: {
  id: string;
  position: number;
  audioTime: number;
  note: string | null;
  status: 'OPEN' | 'RESOLVED' | 'ROUTED_TO_AUTHOR';
  createdAt: Date;
  answer: string | null;
  answeredAt: Date | null;
}): Blank => ({
  id: b.id,
  position: b.position,
  audioTime: b.audioTime,
  note: b.note,
  status: b.status,
  createdAt: b.createdAt.toISOString(),
  answer: b.answer,
  answeredAt: b.answeredAt?.toISOString() ?? null,
});

export async function listBlanks(ctx: AppContext, actor: UserActor, dictationId: string) {
  const d = await findVisibleDictation(ctx, actor, dictationId);
  const rows = await ctx.db.blank.findMany({ where: { dictationId: d.id }, orderBy: { position: 'asc' } });
  // Notes and answers are part of the patient's record: the read is audited (one row per list).
  await auditDictationRead(ctx, actor, 'blank.listed', d, { count: rows.length });
  return rows.map(toView);
}

// A routed blank can be answered while the dictation is still being worked on.
const ANSWERABLE = new Set(['DRAFT_READY', 'TRANSCRIPTION_FAILED', 'IN_EDIT']);

/**
 * The author answers a question (a blank routed to them): the answer is stored on the blank and
 * the blank is OPEN again, so the transcriptionist types the answer in (which resolves it).
 * Other physicians get 404 (they do not see the dictation); a blank that is not waiting for the
 * author gets 409.
 */
export async function answerBlank(
  ctx: AppContext,
  actor: UserActor,
  dictationId: string,
  blankId: string,
  input: { answer: string },
) {
  const d = await findVisibleDictation(ctx, actor, dictationId);
  assertDictationAuthor(d, actor);
  if (!ANSWERABLE.has(d.status))
    throw new AppError('INVALID_STATE', `cannot answer a question on a dictation that is ${d.status}`);
  return ctx.db.$transaction(async (tx) => {
    const existing = await tx.blank.findFirst({
      where: { id: blankId, dictationId: d.id },
      select: { id: true },
    });
    if (!existing) throw notFound('blank');
    const now = new Date();
    // Conditional on the status, so two answers (or an answer racing the transcriptionist) cannot both win.
    const { count } = await tx.blank.updateMany({
      where: { id: existing.id, status: 'ROUTED_TO_AUTHOR' },
      data: { status: 'OPEN', answer: input.answer, answeredAt: now, answeredById: actor.userId },
    });
    if (count === 0)
      throw new AppError('INVALID_STATE', 'this blank is not waiting for an answer from the author');
    // The claim did not time out while waiting for the author; from the answer it runs again.
    await tx.dictation.updateMany({
      where: { id: d.id, status: 'IN_EDIT' },
      data: { claimExpiresAt: new Date(now.getTime() + ctx.config.workflow.claimTimeoutMs) },
    });
    await recordAuditEvent(tx, actor, {
      action: 'blank.answered',
      objectType: 'blank',
      objectId: existing.id,
      patient: d.patient,
      details: { dictationId: d.id },
    });
    return toView(await tx.blank.findUniqueOrThrow({ where: { id: existing.id } }));
  });
}

export async function createBlank(
  ctx: AppContext,
  actor: UserActor,
  dictationId: string,
  input: { position: number; audioTime: number; note?: string },
) {
  const d = await findVisibleDictation(ctx, actor, dictationId);
  assertClaimant(d, actor);
  return ctx.db.$transaction(async (tx) => {
    const blank = await tx.blank.create({
      data: {
        dictationId: d.id,
        position: input.position,
        audioTime: input.audioTime,
        note: input.note,
        createdById: actor.userId,
      },
    });
    await recordAuditEvent(tx, actor, {
      action: 'blank.created',
      objectType: 'blank',
      objectId: blank.id,
      patient: d.patient,
    });
    return toView(blank);
  });
}

export async function updateBlank(
  ctx: AppContext,
  actor: UserActor,
  dictationId: string,
  blankId: string,
  input: { status: 'OPEN' | 'RESOLVED' | 'ROUTED_TO_AUTHOR'; note?: string },
) {
  const d = await findVisibleDictation(ctx, actor, dictationId);
  assertClaimant(d, actor);
  return ctx.db.$transaction(async (tx) => {
    const existing = await tx.blank.findFirst({ where: { id: blankId, dictationId: d.id } });
    if (!existing) throw notFound('blank');
    const resolved = input.status === 'RESOLVED';
    const blank = await tx.blank.update({
      where: { id: existing.id },
      data: {
        status: input.status,
        ...(input.note !== undefined ? { note: input.note } : {}),
        resolvedById: resolved ? actor.userId : null,
        resolvedAt: resolved ? new Date() : null,
      },
    });
    await recordAuditEvent(tx, actor, {
      action: `blank.${input.status.toLowerCase()}`,
      objectType: 'blank',
      objectId: blank.id,
      patient: d.patient,
    });
    return toView(blank);
  });
}
