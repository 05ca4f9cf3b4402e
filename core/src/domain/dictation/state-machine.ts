import { type DictationStatus, dictationStatuses, type Role } from '@dictum/contracts/enums';
import { AppError } from '../../errors';

// The dictation lifecycle (SPEC §2) as a pure function: which event may move a dictation from which
// status to which, and who may fire it. Persisting a transition is transition-dictation.ts's job.

// The statuses and roles are part of the REST contract (contracts/src/enums.ts).
export { type DictationStatus, dictationStatuses, type Role, roles } from '@dictum/contracts/enums';

/** Done (finalized, and everything after) or never to be done: never overdue. */
const closed = ['FINALIZED', 'SIGNED', 'FILED', 'AMENDED', 'CANCELLED'] as const satisfies DictationStatus[];
/** Transcription work still to do: past its due time, such a dictation is overdue. */
const open = dictationStatuses.filter(
  (s): s is Exclude<DictationStatus, (typeof closed)[number]> => !(closed as readonly string[]).includes(s),
);

/** Status groups, for worklists and dashboards (never re-list these elsewhere). */
export const dictationStatusGroups = {
  open,
  /** Waiting for someone: open work, and finalized or signed notes that wait for signing or filing. */
  waiting: [...open, 'FINALIZED', 'SIGNED'],
  closed,
} as const satisfies Record<string, readonly DictationStatus[]>;

/** `system` is the worker and the scheduled sweeps. */
export type ActorKind = Role | 'system';

export type DictationEvent =
  | { type: 'enqueue' }
  | { type: 'startTranscription' }
  | { type: 'draftReady' }
  | { type: 'transcriptionFailed' }
  | { type: 'requeueTranscription' }
  | { type: 'claim' }
  | { type: 'release'; hasTranscript: boolean }
  | { type: 'finalize' }
  | { type: 'sign' }
  | { type: 'file'; requiresSignature: boolean }
  | { type: 'amend' }
  | { type: 'cancel' }
  /** The author sends the finalized note back to transcription with a comment. */
  | { type: 'returnToTranscription' }
  /** Records staff mark the filed note entered-in-error: the dictation awaits re-filing. */
  | { type: 'retract' };

export type DictationEventType = DictationEvent['type'];

const rolesFor: Record<DictationEventType, readonly ActorKind[]> = {
  enqueue: ['system'],
  startTranscription: ['system'],
  draftReady: ['system'],
  transcriptionFailed: ['system'],
  requeueTranscription: ['system', 'TRANSCRIPTIONIST', 'ADMIN'],
  claim: ['TRANSCRIPTIONIST'],
  // The claimant releases; the claim-timeout sweep and admins can take a claim back.
  release: ['TRANSCRIPTIONIST', 'ADMIN', 'system'],
  finalize: ['TRANSCRIPTIONIST'],
  sign: ['PHYSICIAN'],
  file: ['RECORDS'],
  amend: ['RECORDS', 'PHYSICIAN'],
  cancel: ['PHYSICIAN'],
  returnToTranscription: ['PHYSICIAN'],
  retract: ['RECORDS'],
};

export function mayFire(actor: ActorKind, event: DictationEventType): boolean {
  return rolesFor[event].includes(actor);
}

/** The status the event leads to, or null when the event is not allowed from `from`. */
export function nextStatus(from: DictationStatus, event: DictationEvent): DictationStatus | null {
  switch (event.type) {
    case 'enqueue':
      return from === 'UPLOADED' ? 'QUEUED' : null;
    case 'startTranscription':
      // A job retried after a crash finds its dictation still TRANSCRIBING and carries on.
      return from === 'QUEUED' || from === 'TRANSCRIBING' ? 'TRANSCRIBING' : null;
    case 'draftReady':
      return from === 'TRANSCRIBING' ? 'DRAFT_READY' : null;
    case 'transcriptionFailed':
      return from === 'QUEUED' || from === 'TRANSCRIBING' ? 'TRANSCRIPTION_FAILED' : null;
    case 'requeueTranscription':
      return from === 'TRANSCRIPTION_FAILED' || from === 'UPLOADED' ? 'QUEUED' : null;
    case 'claim':
      // A failed transcription is never a dead end: it is claimed for manual transcription.
      return from === 'DRAFT_READY' || from === 'TRANSCRIPTION_FAILED' ? 'IN_EDIT' : null;
    case 'release':
      if (from !== 'IN_EDIT') return null;
      return event.hasTranscript ? 'DRAFT_READY' : 'TRANSCRIPTION_FAILED';
    case 'finalize':
      return from === 'IN_EDIT' ? 'FINALIZED' : null;
    case 'sign':
      return from === 'FINALIZED' ? 'SIGNED' : null;
    case 'file':
      if (from === 'SIGNED') return 'FILED';
      return from === 'FINALIZED' && !event.requiresSignature ? 'FILED' : null;
    case 'amend':
      return from === 'FILED' || from === 'AMENDED' ? 'AMENDED' : null;
    case 'returnToTranscription':
      return from === 'FINALIZED' ? 'DRAFT_READY' : null;
    case 'retract':
      return from === 'FILED' || from === 'AMENDED' ? 'FINALIZED' : null;
    case 'cancel':
      return from === 'UPLOADED' ||
        from === 'QUEUED' ||
        from === 'DRAFT_READY' ||
        from === 'TRANSCRIPTION_FAILED'
        ? 'CANCELLED'
        : null;
  }
}

/** Checks role and source status; throws the API's error for either. */
export function planTransition(
  from: DictationStatus,
  event: DictationEvent,
  actor: ActorKind,
): DictationStatus {
  if (!mayFire(actor, event.type)) {
    throw new AppError('FORBIDDEN', `your role may not ${event.type} a dictation`);
  }
  const to = nextStatus(from, event);
  if (!to) {
    if (from === 'FINALIZED' || from === 'SIGNED' || from === 'FILED' || from === 'AMENDED') {
      if (event.type === 'finalize' || event.type === 'claim') {
        throw new AppError('DICTATION_ALREADY_FINALIZED', 'the dictation is already finalized', {
          status: from,
        });
      }
    }
    throw new AppError('INVALID_STATE', `cannot ${event.type} a dictation that is ${from}`, { status: from });
  }
  return to;
}
