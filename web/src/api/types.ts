// Shapes of the Dictum REST API v1 as the web app uses them: the contract's own types
// (contracts/src, the zod schemas the API validates and serializes with). Type-only imports: no zod
// in the bundle. What the web app would like beyond the contract is in web/API-NEEDS.md.

export type { AdminUser, ApiTokenRow, AuditEvent, AuditFilter, IssuedToken } from '@dictum/contracts/admin';
export type { LoginReply, MeReply, User } from '@dictum/contracts/auth';
export type { Page } from '@dictum/contracts/common';
export type {
  Delivery,
  DeliveryMessage,
  DeliveryTargetKind,
  DeliveryTargetStatus,
  ReceiverIssue,
  ResentDelivery,
} from '@dictum/contracts/deliveries';
export type {
  Blank,
  CreateBlankBody,
  Dictation,
  Peaks,
  Transcript,
  TranscriptVersionInfo,
  TranscriptWord,
  UpdateBlankBody,
} from '@dictum/contracts/dictations';
export type {
  AmendBody,
  AmendKind,
  AmendResponse,
  DocumentListStatus as DocumentListFilter,
  DocumentSummary,
  DocumentWithText,
  LineCountGrouping,
  LineCountReport,
  SignBody,
} from '@dictum/contracts/documents';
export type {
  BlankStatus,
  DictationStatus,
  DocumentStatus,
  Priority,
  Role,
} from '@dictum/contracts/enums';
export type { ApiErrorBody, AppErrorCode } from '@dictum/contracts/errors';
export type { CreatePatientBody, Encounter, Patient } from '@dictum/contracts/patients';
export type {
  AuthorContext,
  BacklogGroup,
  Dashboard,
  QualityFigures,
  QualityGrouping,
  QualityReport,
  WorklistStats,
} from '@dictum/contracts/reports';
export type { Misspelling } from '@dictum/contracts/spellcheck';
export type { CreateSnippetBody, TextExpander, TextSnippet } from '@dictum/contracts/text-expanders';
export type { VocabularyTerm } from '@dictum/contracts/vocabulary';
export type { CreateWorkTypeBody, UpdateWorkTypeBody, WorkType } from '@dictum/contracts/work-types';

import type { ListQueryInput } from '@dictum/contracts/dictations';
import type { DocumentDetail as DocumentWithAddenda, DocumentWithText } from '@dictum/contracts/documents';

/**
 * A note with its text, as the screens show it: GET /documents/:id adds the addenda filed with it,
 * the version list and the patient's record do not.
 */
export type DocumentDetail = DocumentWithText & Partial<Pick<DocumentWithAddenda, 'addenda'>>;

/** Server-side filters of GET /worklist and GET /dictations (the contract's `listQuery`, as sent). */
export type ListFilters = Pick<ListQueryInput, 'status' | 'priority' | 'workType' | 'q'> & {
  /** Page size (the server allows up to 200). */
  limit?: number;
};
