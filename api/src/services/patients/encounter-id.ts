import type { Tx } from '@dictum/core/infra/db/client';

/**
 * The id of the patient's visit with this number, created on first use: a dictation may name a visit
 * the ADT feed has not announced yet.
 */
export async function encounterIdFor(tx: Tx, patientId: string, visitNumber: string): Promise<string> {
  const encounter = await tx.encounter.upsert({
    where: { patientId_visitNumber: { patientId, visitNumber } },
    create: { patientId, visitNumber },
    update: {},
    select: { id: true },
  });
  return encounter.id;
}
