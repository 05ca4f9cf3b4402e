import { recordAuditEvent } from '@dictum/core/audit/record-audit-event';
import { notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { assertClaimant } from './claim-dictation';
import { findVisibleDictation } from './read-dictation';

// Blanks mark what the transcriptionist could not make out, anchored to the audio time.

const toView = (b: {
  id: string;
  position: number;
  audioTime: number;
  note: string | null;
  status: 'OPEN' | 'RESOLVED' | 'ROUTED_TO_AUTHOR';
  createdAt: Date;
}) => ({
  id: b.id,
  position: b.position,
  audioTime: b.audioTime,
  note: b.note,
  status: b.status,
  createdAt: b.createdAt.toISOString(),
});

export async function listBlanks(ctx: AppContext, actor: UserActor, dictationId: string) {
  const d = await findVisibleDictation(ctx, actor, dictationId);
  const rows = await ctx.db.blank.findMany({ where: { dictationId: d.id }, orderBy: { position: 'asc' } });
  return rows.map(toView);
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
      data: { dictationId: d.id, position: input.position, audioTime: input.audioTime, note: input.note, createdById: actor.userId },
    });
    await recordAuditEvent(tx, actor, { action: 'blank.created', objectType: 'blank', objectId: blank.id, patient: d.patient });
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
