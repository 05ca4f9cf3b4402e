import type { Actor } from '../../actor';
import { actorRole } from '../../actor';
import { AppError, notFound } from '../../errors';
import type { Prisma, Tx } from '../../infra/db/client';
import { recordAuditEvent } from '../audit/record-audit-event';
import { type DictationEvent, type DictationStatus, planTransition } from './state-machine';

export interface TransitionInput {
  dictationId: string;
  event: DictationEvent;
  actor: Actor;
  /** Further columns to set in the same conditional update (assignee, reason, run number, ...). */
  data?: Omit<Prisma.DictationUncheckedUpdateManyInput, 'status'>;
  /** Extra audit details: ids and codes only. */
  details?: Record<string, unknown>;
}

export interface TransitionResult {
  from: DictationStatus;
  to: DictationStatus;
}

/**
 * The only way any code changes a dictation's status: checks the state machine, applies a
 * conditional update (`WHERE status = <the status we saw>`), and appends the audit event, all
 * inside the caller's transaction. Zero rows updated means someone else moved it first.
 */
export async function transitionDictation(tx: Tx, input: TransitionInput): Promise<TransitionResult> {
  const current = await tx.dictation.findUnique({
    where: { id: input.dictationId },
    select: { status: true, patient: { select: { id: true, mrn: true } } },
  });
  if (!current) throw notFound('dictation');
  const from = current.status as DictationStatus;
  const to = planTransition(from, input.event, actorRole(input.actor));
  const { count } = await tx.dictation.updateMany({
    where: { id: input.dictationId, status: from },
    data: { ...input.data, status: to },
  });
  if (count === 0) {
    throw new AppError('CONFLICT', 'the dictation changed meanwhile; reload and try again');
  }
  await recordAuditEvent(tx, input.actor, {
    action: `dictation.${input.event.type}`,
    objectType: 'dictation',
    objectId: input.dictationId,
    patient: current.patient,
    details: { from, to, ...input.details },
  });
  return { from, to };
}
