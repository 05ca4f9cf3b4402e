import { recordAuditEvent } from '@dictum/core/domain/audit/record-audit-event';
import { AppError } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { orDuplicate } from '../writes/unique-write';
import { toPatientView } from './patient-view';

export interface CreatePatientInput {
  mrn: string;
  name: string;
  birthDate: string;
  sex: 'male' | 'female' | 'other' | 'unknown';
}

export async function createPatient(ctx: AppContext, actor: UserActor, input: CreatePatientInput) {
  const birthDate = new Date(`${input.birthDate}T00:00:00Z`);
  if (Number.isNaN(birthDate.getTime()) || birthDate.toISOString().slice(0, 10) !== input.birthDate) {
    throw new AppError('VALIDATION_FAILED', 'birthDate is not a valid calendar date');
  }
  if (birthDate.getTime() > Date.now()) throw new AppError('VALIDATION_FAILED', 'birthDate is in the future');
  return orDuplicate(
    ctx.db.$transaction(async (tx) => {
      const patient = await tx.patient.create({ data: { ...input, birthDate } });
      await recordAuditEvent(tx, actor, {
        action: 'patient.created',
        objectType: 'patient',
        objectId: patient.id,
        patient: { id: patient.id, mrn: patient.mrn },
      });
      return toPatientView(patient);
    }),
    'a patient with this MRN already exists',
  );
}
