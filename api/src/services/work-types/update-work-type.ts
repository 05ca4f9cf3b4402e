import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { toWorkTypeView } from './work-types';

export interface UpdateWorkTypeInput {
  name?: string;
  loinc?: string;
  requiresSignature?: boolean;
  tatHours?: { STAT?: number; ROUTINE?: number };
  template?: string | null;
}

/**
 * Edit a work type (the code is its identity and stays). New due times apply to dictations
 * uploaded from now on. Audited with the names of the fields that changed.
 */
export async function updateWorkType(
  ctx: AppContext,
  actor: UserActor,
  code: string,
  input: UpdateWorkTypeInput,
) {
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.workType.findUnique({ where: { code } });
    if (!row) throw notFound('work type');
    const data = {
      ...(input.name !== undefined && input.name !== row.name ? { name: input.name } : {}),
      ...(input.loinc !== undefined && input.loinc !== row.loinc ? { loinc: input.loinc } : {}),
      ...(input.requiresSignature !== undefined && input.requiresSignature !== row.requiresSignature
        ? { requiresSignature: input.requiresSignature }
        : {}),
      ...(input.tatHours?.STAT !== undefined && input.tatHours.STAT !== row.tatStatHours
        ? { tatStatHours: input.tatHours.STAT }
        : {}),
      ...(input.tatHours?.ROUTINE !== undefined && input.tatHours.ROUTINE !== row.tatRoutineHours
        ? { tatRoutineHours: input.tatHours.ROUTINE }
        : {}),
      ...(input.template !== undefined && (input.template || null) !== row.template
        ? { template: input.template || null }
        : {}),
    };
    if (Object.keys(data).length === 0) return toWorkTypeView(row);
    const updated = await tx.workType.update({ where: { id: row.id }, data });
    await recordAuditEvent(tx, actor, {
      action: 'work_type.updated',
      objectType: 'work_type',
      objectId: row.id,
      details: { code, fields: Object.keys(data) },
    });
    return toWorkTypeView(updated);
  });
}
