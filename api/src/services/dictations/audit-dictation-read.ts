import { auditStandalone } from '@dictum/core/domain/audit/record-audit-event';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';

/**
 * What a dictation holds (audio, transcript, questions, the patient's earlier notes) is part of the
 * patient's record: each read is audited on the dictation and its patient. Details: ids and counts.
 */
export function auditDictationRead(
  ctx: AppContext,
  actor: UserActor,
  action: string,
  dictation: { id: string; patient: { id: string; mrn: string } },
  details?: Record<string, unknown>,
): Promise<void> {
  return auditStandalone(ctx.db, actor, {
    action,
    objectType: 'dictation',
    objectId: dictation.id,
    patient: { id: dictation.patient.id, mrn: dictation.patient.mrn },
    ...(details ? { details } : {}),
  });
}
