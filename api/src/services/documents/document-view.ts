import type { Delivery } from '@dictum/contracts/deliveries';
import type { DocumentSummary } from '@dictum/contracts/documents';
import { documentCompletion } from '@dictum/core/domain/document/completion-status';
import { documentStatusGroups } from '@dictum/core/domain/document/state-machine';
import type { Prisma } from '@dictum/core/infra/db/client';

// One shape for a document everywhere it is listed or shown (filing queue, detail, patient chart).
export const documentViewSelect = {
  id: true,
  number: true,
  kind: true,
  version: true,
  status: true,
  parentId: true,
  dictationId: true,
  finalizedAt: true,
  signedAt: true,
  signedById: true,
  signedTextSha256: true,
  authorId: true,
  reason: true,
  retractedAt: true,
  retractedById: true,
  retractionReason: true,
  returnedAt: true,
  filedAt: true,
  supersededAt: true,
  linesWithSpaces: true,
  linesVisible: true,
  patient: { select: { id: true, mrn: true, name: true } },
  encounter: { select: { visitNumber: true, date: true, location: true } },
  workType: { select: { code: true, name: true, loinc: true, requiresSignature: true } },
  // Document.authorId is always its dictation's author (amendments keep the original author).
  dictation: { select: { author: { select: { id: true, username: true, displayName: true } } } },
  deliveries: {
    select: { target: true, event: true, status: true, attempts: true, lastError: true, deliveredAt: true },
    orderBy: [{ target: 'asc' }, { seq: 'asc' }],
  },
} satisfies Prisma.DocumentSelect;

export const documentDetailSelect = { ...documentViewSelect, text: true } satisfies Prisma.DocumentSelect;

export type DocumentViewRow = Prisma.DocumentGetPayload<{ select: typeof documentViewSelect }>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function isReadyToFile(d: { status: string; workType: { requiresSignature: boolean } }): boolean {
  return d.status === 'SIGNED' || (d.status === 'FINALIZED' && !d.workType.requiresSignature);
}

/** Completion status of a stored version (SPEC §2): the one mapping, as HL7, FHIR and the PDF show it. */
export function completionOf(d: DocumentViewRow) {
  return documentCompletion({
    kind: d.kind,
    requiresSignature: d.workType.requiresSignature,
    authorId: d.authorId,
    signedById: d.signedById,
    signedAt: d.signedAt,
  });
}

export function toDeliveryView(
  d: Omit<DocumentViewRow['deliveries'][number], 'event'> & { event?: string },
): Delivery {
  return {
    target: d.target,
    // PUBLISH the note; SUPERSEDE / RETRACT: the status update that it was replaced / withdrawn.
    event: (d.event ?? 'PUBLISH') as 'PUBLISH' | 'SUPERSEDE' | 'RETRACT',
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError,
    deliveredAt: iso(d.deliveredAt),
  };
}

export function toDocumentView(d: DocumentViewRow): DocumentSummary {
  const completion = completionOf(d);
  const signable = (documentStatusGroups.signable as readonly string[]).includes(d.status);
  return {
    id: d.id,
    number: d.number,
    kind: d.kind,
    version: d.version,
    status: d.status,
    parentId: d.parentId,
    patient: { mrn: d.patient.mrn, name: d.patient.name },
    encounter: d.encounter
      ? { visitNumber: d.encounter.visitNumber, date: iso(d.encounter.date), location: d.encounter.location }
      : null,
    workType: d.workType,
    author: d.dictation.author,
    finalizedAt: d.finalizedAt.toISOString(),
    signedAt: iso(d.signedAt),
    filedAt: iso(d.filedAt),
    supersededAt: iso(d.supersededAt),
    dictationId: d.dictationId,
    readyToFile: isReadyToFile(d),
    awaitingSignature: signable && completion.signaturePending,
    /** The author's signature on this version: who, when, and the sha256 of the text it covers. */
    signed: completion.signedByAuthor
      ? { by: d.dictation.author, at: iso(d.signedAt) as string, textSha256: d.signedTextSha256 }
      : null,
    completion: {
      hl7: completion.hl7,
      docStatus: completion.docStatus,
      label: completion.label,
      signaturePending: completion.signaturePending,
    },
    /** Why this amendment was written. */
    reason: d.reason,
    retraction: d.retractedAt
      ? { at: d.retractedAt.toISOString(), byId: d.retractedById, reason: d.retractionReason ?? '' }
      : null,
    returnedAt: iso(d.returnedAt),
    lines: { withSpaces: d.linesWithSpaces, visible: d.linesVisible },
    deliveries: d.deliveries.map(toDeliveryView),
  };
}

export function toDocumentDetail(d: DocumentViewRow & { text: string }) {
  return { ...toDocumentView(d), text: d.text };
}

export type DocumentView = ReturnType<typeof toDocumentView>;
