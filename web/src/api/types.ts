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
}

export interface TextExpander {
  abbreviation: string;
  expansion: string;
}

export type DocumentStatus = 'FINALIZED' | 'SIGNED' | 'FILED' | 'SUPERSEDED';
/** Filters of GET /documents?status=: READY = finalized without a signature needed, or signed. */
export type DocumentListFilter = 'READY' | 'AWAITING_SIGNATURE' | DocumentStatus;

export interface Delivery {
  target: string;
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
  workType: { code: string; name: string; requiresSignature?: boolean };
  author: { username: string; displayName?: string | null };
  finalizedAt: string | null;
  signedAt: string | null;
  filedAt: string | null;
  dictationId: string | null;
  readyToFile?: boolean;
  awaitingSignature?: boolean;
  deliveries?: Delivery[];
}

export interface DocumentDetail extends DocumentSummary {
  text: string;
}

export interface ApiErrorBody {
  error: { code: string; message?: string; [k: string]: unknown };
}
