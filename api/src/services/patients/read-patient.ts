import { auditStandalone } from '@dictum/core/domain/audit/record-audit-event';
import { notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findPatientByMrn } from './find-patient-by-mrn';
import { toPatientView } from './patient-view';

export async function readPatient(ctx: AppContext, actor: UserActor, mrn: string) {
  const patient = await findPatientByMrn(ctx.db, mrn);
  if (!patient) throw notFound('patient');
  await auditStandalone(ctx.db, actor, {
    action: 'patient.viewed',
    objectType: 'patient',
    objectId: patient.id,
    patient: { id: patient.id, mrn: patient.mrn },
  });
  return toPatientView(patient);
}

/** For the physician's patient picker: by MRN prefix or a part of the name. */
export async function searchPatients(ctx: AppContext, actor: UserActor, query: string) {
  const q = query.trim();
  if (q.length < 2) return [];
  const patients = await ctx.db.patient.findMany({
    where: {
      mergedIntoId: null,
      OR: [{ mrn: { startsWith: q } }, { name: { contains: q, mode: 'insensitive' } }],
    },
    orderBy: { name: 'asc' },
    take: 20,
  });
  // An old (merged-away) MRN typed or scanned in full finds the patient it was merged into.
  const survivor = await findPatientByMrn(ctx.db, q);
  if (survivor && survivor.mrn !== q && !patients.some((p) => p.id === survivor.id))
    patients.unshift(survivor);
  await auditStandalone(ctx.db, actor, {
    action: 'patient.searched',
    objectType: 'patient',
    details: { results: patients.length, patientIds: patients.map((p) => p.id) },
  });
  return patients.map(toPatientView);
}
