import type { DocumentSnapshot, PersonRef } from '../../capability/interop/document-snapshot';
import type { Db, Prisma, Tx } from '../../infra/db/client';

// Maps the stored document to the plain snapshot the interop builders take (FHIR, HL7, PDF). Used by
// the API's exports and the delivery job alike, so both send the same note the same way.

export const documentSnapshotSelect = {
  id: true,
  number: true,
  kind: true,
  version: true,
  status: true,
  text: true,
  createdAt: true,
  finalizedAt: true,
  signedAt: true,
  filedAt: true,
  authorId: true,
  finalizedById: true,
  signedById: true,
  parent: { select: { id: true, number: true } },
  patient: { select: { id: true, mrn: true, name: true, birthDate: true, sex: true } },
  encounter: { select: { id: true, visitNumber: true, date: true, location: true } },
  workType: { select: { code: true, name: true, loinc: true, requiresSignature: true } },
  dictation: { select: { dictatedAt: true } },
} satisfies Prisma.DocumentSelect;

export type DocumentSnapshotRow = Prisma.DocumentGetPayload<{ select: typeof documentSnapshotSelect }>;

type Reader = Pick<Db, 'document' | 'user'> | Pick<Tx, 'document' | 'user'>;

export async function loadDocumentSnapshot(
  db: Reader,
  documentId: string,
  organization: { id: string; name: string },
): Promise<DocumentSnapshot | null> {
  const row = await (db.document as Db['document']).findUnique({
    where: { id: documentId },
    select: documentSnapshotSelect,
  });
  if (!row) return null;
  const ids = [
    ...new Set([row.authorId, row.finalizedById, row.signedById].filter((id): id is string => !!id)),
  ];
  const users = await (db.user as Db['user']).findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      username: true,
      displayName: true,
      credentials: true,
      npi: true,
      ehrProviderIds: true,
    },
  });
  const people = users.map((u) => ({ ...u, ehrProviderIds: providerIds(u.ehrProviderIds) }));
  return toDocumentSnapshot(row, new Map(people.map((u) => [u.id, u])), organization);
}

/** User.ehrProviderIds as stored (JSON): only well-formed {system, value} pairs. */
export function providerIds(value: unknown): { system: string; value: string }[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (v): v is { system: string; value: string } =>
      typeof v?.system === 'string' && typeof v?.value === 'string',
  );
}

export function toDocumentSnapshot(
  row: DocumentSnapshotRow,
  users: Map<string, PersonRef>,
  organization: { id: string; name: string },
): DocumentSnapshot {
  const person = (id: string | null): PersonRef | null =>
    id ? (users.get(id) ?? { id, username: 'unknown-user', displayName: null }) : null;
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    version: row.version,
    status: row.status,
    text: row.text,
    createdAt: row.createdAt,
    finalizedAt: row.finalizedAt,
    signedAt: row.signedAt,
    filedAt: row.filedAt,
    parent: row.parent && row.kind !== 'ORIGINAL' ? { id: row.parent.id, number: row.parent.number } : null,
    patient: {
      id: row.patient.id,
      mrn: row.patient.mrn,
      name: row.patient.name,
      birthDate: row.patient.birthDate.toISOString().slice(0, 10),
      sex: row.patient.sex,
    },
    encounter: row.encounter,
    workType: row.workType,
    author: person(row.authorId) as PersonRef,
    // Whoever typed the final text; an author writing their own addendum transcribed nothing.
    transcriptionist: row.finalizedById === row.authorId ? null : person(row.finalizedById),
    authenticator: person(row.signedById),
    dictatedAt: row.dictation.dictatedAt,
    organization,
  };
}
