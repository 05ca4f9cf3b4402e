// Shapes of the Dictum REST API v1 as the web app relies on them (SPEC §4 plus the routes listed
// in the web issue). Anything assumed beyond those is written down in web/API-NEEDS.md.

export type Role = 'PHYSICIAN' | 'TRANSCRIPTIONIST' | 'RECORDS' | 'ADMIN';

export interface User {
  id: string;
  username: string;
  role: Role;
  displayName?: string | null;
}

export interface SessionInfo {
  user: User;
  csrfToken: string;
  /** Sign-in is not complete until a second-factor code is verified. */
  mfaRequired?: boolean;
  /** The role requires a second factor the user has not set up yet. */
  mfaEnrollmentRequired?: boolean;
  /** Encrypts unsaved editor text in this browser (kept in memory only). */
  draftKey?: string | null;
}

export type Priority = 'STAT' | 'ROUTINE';

export type DictationStatus =
  | 'UPLOADED'
  | 'QUEUED'
  | 'TRANSCRIBING'
  | 'TRANSCRIPTION_FAILED'
  | 'DRAFT_READY'
  | 'IN_EDIT'
  | 'FINALIZED'
  | 'SIGNED'
  | 'FILED'
  | 'AMENDED'
  | 'CANCELLED';

export interface Patient {
  mrn: string;
  name: string;
  birthDate: string;
  sex: 'male' | 'female' | 'other' | 'unknown';
}

export interface WorkType {
  code: string;
  name: string;
  loinc: string;
  requiresSignature: boolean;
  tatHours: { STAT: number; ROUTINE: number };
  /** Section headings joined with \n. */
  template?: string | null;
}

export interface Dictation {
  id: string;
  status: DictationStatus;
  statusReason: string | null;
  priority: Priority;
  workType: { code: string; name: string; requiresSignature: boolean };
  patient: { mrn: string; name: string };
  author: { id: string; username: string; displayName?: string | null };
  durationSec: number | null;
  dueAt: string;
  dictatedAt: string;
  createdAt: string;
  assignee: { id: string; username: string } | null;
  transcriptVersion: number | null;
  documentId: string | null;
  possibleDuplicate: boolean;
  /** Questions for the author: blanks routed to them and not answered yet. */
  questions?: number;
  audio?: { available: boolean };
  /** The author sent the note back to transcription with this comment. */
  returned?: { comment: string; at: string | null } | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TranscriptWord {
  text: string;
  start: number;
  end: number;
  confidence: number;
  /** The engine heard this word where the audio is silent (flagged by the server). */
  overSilence?: boolean;
}

export interface Transcript {
  version: number;
  text: string;
  words: TranscriptWord[];
  engine: string | null;
  source?: 'engine' | 'edit';
}

export interface Peaks {
  durationSec: number;
  /** 0..1, 50 per second */
  peaks: number[];
}

export type BlankStatus = 'OPEN' | 'RESOLVED' | 'ROUTED_TO_AUTHOR';

export interface Blank {
  id: string;
  /** Character offset in the transcript text. */
  position: number;
  audioTime: number;
  note: string | null;
  status: BlankStatus;
  /** The author's answer to a routed blank (the blank is OPEN again until it is typed in). */
  answer?: string | null;
  answeredAt?: string | null;
}

export interface Misspelling {
  word: string;
  suggestions: string[];
}

/** Server-side filters of GET /worklist and GET /dictations. */
export interface ListFilters {
  status?: string;
  priority?: Priority;
  workType?: string;
  /** Part of the patient's name or MRN, or of the author's username or name. */
  q?: string;
  /** Page size (the server allows up to 200). */
  limit?: number;
}

export interface TextExpander {
  abbreviation: string;
  expansion: string;
}

export type DocumentStatus =
  | 'FINALIZED'
  | 'SIGNED'
  | 'FILED'
  | 'SUPERSEDED'
  | 'ENTERED_IN_ERROR'
  | 'RETURNED';
/** Filters of GET /documents?status=: READY = finalized without a signature needed, or signed. */
export type DocumentListFilter = 'READY' | 'AWAITING_SIGNATURE' | DocumentStatus;

export interface Delivery {
  target: string;
  /** PUBLISH the note; SUPERSEDE / RETRACT: tell the receiver it was replaced / withdrawn. */
  event: 'PUBLISH' | 'SUPERSEDE' | 'RETRACT';
  status: 'PENDING' | 'SENT' | 'FAILED';
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
}

export interface DocumentSummary {
  id: string;
  number: string | number;
  status: DocumentStatus;
  kind: string;
  patient: { mrn: string; name: string };
  workType: { code: string; name: string; requiresSignature?: boolean; loinc?: string };
  author: { id?: string; username: string; displayName?: string | null };
  finalizedAt: string | null;
  signedAt: string | null;
  filedAt: string | null;
  dictationId: string | null;
  readyToFile?: boolean;
  awaitingSignature?: boolean;
  deliveries?: Delivery[];
  /** ORIGINAL 1; each addendum or replacement is its parent's version + 1. */
  version?: number;
  /** The note an addendum or replacement amends. */
  parentId?: string | null;
  encounter?: { visitNumber: string; date: string | null; location: string | null } | null;
  supersededAt?: string | null;
  /** AHDI lines (characters with spaces ÷ 65) and VA VBC lines (visible characters ÷ 65). */
  lines?: { withSpaces: number; visible: number };
  /** The author's signature on this version (SPEC §2), or null. */
  signed?: {
    by: { id: string; username: string; displayName?: string | null };
    at: string;
    textSha256: string | null;
  } | null;
  /** Completion status from the facts: HL7 TXA-17, FHIR docStatus and plain words. */
  completion?: {
    hl7: 'LA' | 'DO';
    docStatus: 'preliminary' | 'final' | 'amended';
    label: string;
    signaturePending: boolean;
  };
  /** Why this amendment was written. */
  reason?: string | null;
  retraction?: { at: string; byId: string | null; reason: string } | null;
  returnedAt?: string | null;
}

export interface DocumentDetail extends DocumentSummary {
  text: string;
  /** For the current version of a note: the addenda filed with it (or with versions it replaced). */
  addenda?: DocumentDetail[];
}

export interface ApiErrorBody {
  error: { code: string; message?: string; [k: string]: unknown };
}
