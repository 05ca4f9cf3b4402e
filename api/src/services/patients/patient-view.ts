import type { Patient as PatientView } from '@dictum/contracts/patients';
import type { Patient } from '@dictum/core/infra/db/client';

export const toPatientView = (p: Pick<Patient, 'mrn' | 'name' | 'birthDate' | 'sex'>): PatientView => ({
  mrn: p.mrn,
  name: p.name,
  birthDate: p.birthDate.toISOString().slice(0, 10),
  sex: p.sex,
});
