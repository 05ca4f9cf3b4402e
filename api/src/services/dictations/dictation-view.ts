import type { Dictation } from '@dictum/contracts/dictations';
import type { Prisma } from '@dictum/core/infra/db/client';

// One shape for a dictation everywhere it is shown (detail, lists, worklist).
export const dictationViewInclude = {
  patient: { select: { id: true, mrn: true, name: true } },
  workType: { select: { code: true, name: true, requiresSignature: true } },
  author: { select: { id: true, username: true, displayName: true } },
  assignee: { select: { id: true, username: true, displayName: true } },
  encounter: { select: { visitNumber: true, location: true, date: true } },
  transcriptVersions: { select: { version: true }, orderBy: { version: 'desc' }, take: 1 },
  // Questions for the author: blanks the transcriptionist routed to them (one COUNT, indexed).
  _count: { select: { blanks: { where: { status: 'ROUTED_TO_AUTHOR' } } } },
} satisfies Prisma.DictationInclude;

export type DictationWithView = Prisma.DictationGetPayload<{ include: typeof dictationViewInclude }>;

export function toDictationView(d: DictationWithView): Dictation {
  return {
    id: d.id,
    status: d.status,
    statusReason: d.statusReason,
    priority: d.priority,
    workType: d.workType,
    patient: { mrn: d.patient.mrn, name: d.patient.name },
    encounter: d.encounter ? { visitNumber: d.encounter.visitNumber, location: d.encounter.location } : null,
    author: d.author,
    assignee: d.assignee,
    claimExpiresAt: d.claimExpiresAt?.toISOString() ?? null,
    durationSec: d.durationSec,
    audio: {
      contentType: d.audioContentType,
      sizeBytes: Number(d.audioSizeBytes),
      sha256: d.audioSha256,
      available: d.audioKey !== null && d.audioPurgedAt === null,
    },
    dictatedAt: d.dictatedAt.toISOString(),
    dueAt: d.dueAt.toISOString(),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    transcriptVersion: d.transcriptVersions[0]?.version ?? null,
    documentId: d.documentId,
    possibleDuplicate: d.possibleDuplicateOfId !== null,
    questions: d._count.blanks,
    /** The author sent the note back to transcription with this comment (cleared when finalized again). */
    returned: d.returnComment ? { comment: d.returnComment, at: d.returnedAt?.toISOString() ?? null } : null,
  };
}

export type DictationView = ReturnType<typeof toDictationView>;
