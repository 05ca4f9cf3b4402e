import type { DocumentStatus } from '@dictum/contracts/enums';
import { AppError } from '../../errors';
import type { ActorKind } from '../dictation/state-machine';

// The document lifecycle (SPEC §2) as a pure table: which event may move a document version from
// which status to which, and who may fire it. Persisting a transition is transition-document.ts's
// job; nothing else writes a document's status.
//
//   FINALIZED ──sign──▶ SIGNED ──file──▶ FILED ──supersede──▶ SUPERSEDED (a replacement exists)
//       │ └──────────file (no signature needed)──▶ │ └──retract──▶ ENTERED_IN_ERROR (kept, hidden;
//       │                                          │    SUPERSEDED versions of the note go with it)
//       ├──return──▶ RETURNED (the author sent it back to transcription)
//       └──supersede──▶ SUPERSEDED (the author edited it before signing: a new version)
//   FILED ──sign──▶ FILED (an amendment written by records staff, signed later by its author)

// The statuses are part of the REST contract (contracts/src/enums.ts).
export { type DocumentStatus, documentStatuses } from '@dictum/contracts/enums';

/** Status groups, for queues and dashboards (never re-list these elsewhere). */
export const documentStatusGroups = {
  /** Not yet in the patient's record: awaiting signature or filing. */
  open: ['FINALIZED', 'SIGNED'],
  /** The patient's current record. */
  current: ['FILED'],
  /** In the patient's record as history (shown beside, never instead of, the current version). */
  history: ['SUPERSEDED'],
  /** Nothing happens to these any more. */
  terminal: ['SUPERSEDED', 'ENTERED_IN_ERROR', 'RETURNED'],
  /** Statuses in which a version can still be waiting for its author's signature. */
  signable: ['FINALIZED', 'FILED'],
} as const satisfies Record<string, readonly DocumentStatus[]>;

export type DocumentEvent =
  | { type: 'sign'; alreadySigned: boolean }
  | { type: 'file'; requiresSignature: boolean }
  | { type: 'supersede' }
  | { type: 'retract' }
  | { type: 'return' };
export type DocumentEventType = DocumentEvent['type'];

const rolesFor: Record<DocumentEventType, readonly ActorKind[]> = {
  // Only the author signs; the service checks that the physician is this document's author.
  sign: ['PHYSICIAN'],
  file: ['RECORDS'],
  // A replacement by records staff or the author, or the author's edit before signing.
  supersede: ['RECORDS', 'PHYSICIAN'],
  retract: ['RECORDS'],
  return: ['PHYSICIAN'],
};

export function mayFireDocumentEvent(actor: ActorKind, event: DocumentEventType): boolean {
  return rolesFor[event].includes(actor);
}

/** The status the event leads to, or null when the event is not allowed from `from`. */
export function nextDocumentStatus(from: DocumentStatus, event: DocumentEvent): DocumentStatus | null {
  switch (event.type) {
    case 'sign':
      if (event.alreadySigned) return null;
      if (from === 'FINALIZED') return 'SIGNED';
      // A filed amendment awaiting its author's signature stays filed; the signature is the change.
      return from === 'FILED' ? 'FILED' : null;
    case 'file':
      if (from === 'SIGNED') return 'FILED';
      return from === 'FINALIZED' && !event.requiresSignature ? 'FILED' : null;
    case 'supersede':
      return from === 'FILED' || from === 'FINALIZED' || from === 'SIGNED' ? 'SUPERSEDED' : null;
    case 'retract':
      // A note filed under the wrong patient is withdrawn whole: its superseded versions too.
      return from === 'FILED' || from === 'SUPERSEDED' ? 'ENTERED_IN_ERROR' : null;
    case 'return':
      return from === 'FINALIZED' ? 'RETURNED' : null;
  }
}

const verb: Record<DocumentEventType, string> = {
  sign: 'sign',
  file: 'file',
  supersede: 'replace',
  retract: 'retract',
  return: 'return',
};

/** Checks role and source status; throws the API's error for either. */
export function planDocumentTransition(
  from: DocumentStatus,
  event: DocumentEvent,
  actor: ActorKind,
): DocumentStatus {
  if (!mayFireDocumentEvent(actor, event.type)) {
    throw new AppError('FORBIDDEN', `your role may not ${verb[event.type]} a document`);
  }
  const to = nextDocumentStatus(from, event);
  if (to) return to;
  if (event.type === 'sign' && event.alreadySigned) {
    throw new AppError('INVALID_STATE', 'this version is already signed', { status: from });
  }
  if (event.type === 'file' && (from === 'FILED' || from === 'SUPERSEDED')) {
    throw new AppError('DOCUMENT_ALREADY_FILED', 'the document is already filed; amend it instead', {
      status: from,
    });
  }
  if (event.type === 'file' && from === 'FINALIZED') {
    throw new AppError(
      'SIGNATURE_REQUIRED',
      'this work type needs the author’s signature before the note can be filed',
    );
  }
  if (from === 'SUPERSEDED') {
    throw new AppError('INVALID_STATE', 'this version has been superseded; use the current version', {
      status: from,
    });
  }
  throw new AppError('INVALID_STATE', `cannot ${verb[event.type]} a document that is ${from}`, {
    status: from,
  });
}
