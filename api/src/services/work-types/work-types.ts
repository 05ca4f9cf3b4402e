import type { WorkType as WorkTypeView } from '@dictum/contracts/work-types';
import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import type { WorkType } from '@dictum/core/infra/db/client';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { orDuplicate } from '../writes/unique-write';

export const toWorkTypeView = (w: WorkType): WorkTypeView => ({
  code: w.code,
  name: w.name,
  loinc: w.loinc,
  requiresSignature: w.requiresSignature,
  tatHours: { STAT: w.tatStatHours, ROUTINE: w.tatRoutineHours },
  template: w.template,
});

export async function listWorkTypes(ctx: AppContext) {
  const rows = await ctx.db.workType.findMany({ where: { active: true }, orderBy: { name: 'asc' } });
  return rows.map(toWorkTypeView);
}

export interface CreateWorkTypeInput {
  code: string;
  name: string;
  loinc: string;
  requiresSignature: boolean;
  tatHours: { STAT: number; ROUTINE: number };
  template?: string | null;
}

export async function createWorkType(ctx: AppContext, actor: UserActor, input: CreateWorkTypeInput) {
  return orDuplicate(
    ctx.db.$transaction(async (tx) => {
      const row = await tx.workType.create({
        data: {
          code: input.code,
          name: input.name,
          loinc: input.loinc,
          requiresSignature: input.requiresSignature,
          tatStatHours: input.tatHours.STAT,
          tatRoutineHours: input.tatHours.ROUTINE,
          template: input.template ?? null,
        },
      });
      await recordAuditEvent(tx, actor, {
        action: 'work_type.created',
        objectType: 'work_type',
        objectId: row.id,
      });
      return toWorkTypeView(row);
    }),
    'a work type with this code exists',
  );
}
