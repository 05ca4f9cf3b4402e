import type { Db } from '@dictum/core/infra/db/client';

// After an ADT^A40 merge the non-surviving MRN still exists (its history is kept), but nothing new
// may land on it: an MRN read from an old wristband or label resolves to the surviving patient.
const MAX_MERGE_HOPS = 5;

export async function findPatientByMrn(db: Db, mrn: string) {
  let patient = await db.patient.findUnique({ where: { mrn } });
  for (let hop = 0; patient?.mergedIntoId && hop < MAX_MERGE_HOPS; hop++) {
    patient = await db.patient.findUnique({ where: { id: patient.mergedIntoId } });
  }
  return patient;
}
