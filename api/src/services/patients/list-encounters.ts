import { auditStandalone } from '@dictum/core/domain/audit/record-audit-event';
import { notFound } from '@dictum/core/errors';
import type { AppContext } from '../../context';
import type { UserActor } from '../../plugins/authenticate';
import { findPatientByMrn } from './find-patient-by-mrn';

/** How many visits the physician's encounter choice offers (newest first). */
const MAX_ENCOUNTERS = 50;

/** A patient's encounters (visits), newest first, for choosing the visit a dictation belongs to. */
export async function listEncounters(ctx: AppContext, actor: UserActor, mrn: string) {
  const patient = await findPatientByMrn(ctx.db, mrn);
  if (!patient) throw notFound('patient');
  const encounters = await ctx.db.encounter.findMany({
    where: { patientId: patient.id },
    orderBy: [{ date: { sort: 'desc', nulls: 'last' } }, { createdAt: 'desc' }],
    take: MAX_ENCOUNTERS,
    select: { visitNumber: true, date: true, location: true },
  });
  await auditStandalone(ctx.db, actor, {
    action: 'patient.encounters.viewed',
    objectType: 'patient',
    objectId: patient.id,
    patient,
    details: { results: encounters.length },
  });
  return encounters.map((e) => ({
    visitNumber: e.visitNumber,
    date: e.date ? e.date.toISOString() : null,
    location: e.location,
  }));
}
