import { actorRole } from '../../actor';
import { AppError, notFound } from '../../errors';
import type { Prisma, Tx } from '../../infra/db/client';
import { recordAuditEvent } from '../audit/record-audit-event';
import type { LifecycleTransitionInput, LifecycleTransitionResult } from '../lifecycle-transition';
import { type DictationEvent, type DictationStatus, planTransition } from './state-machine';

/** `data`: the assignee, the reason, the run number, ... */
export interface TransitionInput
  extends LifecycleTransitionInput<DictationEvent, Prisma.DictationUncheckedUpdateManyInput> {
  dictationId: string;
}

export type TransitionResult = LifecycleTransitionResult<DictationStatus>;

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
