// The administrator's API: users and API tokens, audit log, dashboards, work types, text expanders,
// vocabulary (api/src/routes/admin, admin-reports, work-types, text-expanders, vocabulary).
import { request } from './client';
import type { Page, Role, TextExpander, WorkType } from './types';
import { enc, qs } from './url';

export interface AdminUser {
  id: string;
  username: string;
  role: Role;
  displayName: string | null;
  /** Professional suffix (MD, DO, CMT…), and the US National Provider Identifier. */
  credentials?: string | null;
  npi?: string | null;
  /** For authors: how they want their notes typed (shown to transcriptionists). */
  authorPreferences?: string | null;
  disabled: boolean;
  locked: boolean;
  mfaEnabled: boolean;
  createdAt: string;
}

/** What an admin may change about a user (PATCH /admin/users/:id). */
export interface UserChange {
  disabled?: boolean;
  password?: string;
  unlock?: boolean;
  displayName?: string | null;
  credentials?: string | null;
  npi?: string | null;
  role?: Role;
  authorPreferences?: string | null;
}

export interface NewUser {
  username: string;
  role: Role;
  password: string;
  displayName?: string;
}

export interface ApiTokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  user: { id: string; username: string };
}

/** The secret is in this answer only; the server keeps its hash. */
export interface IssuedToken {
  id: string;
  token: string;
  prefix: string;
  createdAt: string;
}

export interface AuditFilter {
  username?: string;
  patientMrn?: string;
  action?: string;
  /** ISO date-times. */
  from?: string;
  to?: string;
}

export interface AuditEvent {
  id: string;
  at: string;
  userId: string | null;
  username: string | null;
  role: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  patientMrn: string | null;
  ip: string | null;
  requestId: string | null;
}

export interface Dashboard {
  generatedAt: string;
  workType: string | null;
  definitions: Record<string, string>;
  dictations: { byStatus: Record<string, number>; total: number };
  overdue: { STAT: number; ROUTINE: number; total: number };
  oldestWaiting: Record<string, { count: number; oldestSince: string | null; ageSeconds: number | null }>;
  transcriptionFailures: { since: string; total: number; byReason: Record<string, number> };
  finalizedToday: { since: string; documents: number };
  turnaround: { since: string; documents: number; medianSeconds: number | null };
  deliveries: { byStatus: Record<string, number>; total: number };
}

export type QualityGrouping = 'engine' | 'author' | 'workType' | 'day';

export interface QualityFigures {
  documents: number;
  draftWords: number;
  finalWords: number;
  wordErrors: number;
  /** wordErrors ÷ finalWords (0..1); null when finalWords is 0. */
  wer: number | null;
}

export interface QualityReport {
  from: string;
  to: string;
  groupBy: QualityGrouping;
  definitions: Record<string, string>;
  items: (QualityFigures & { key: string; label: string })[];
  totals: QualityFigures;
}

export interface VocabularyTerm {
  id: string;
  term: string;
  pronunciation: string | null;
  category: string | null;
  createdAt: string;
}

export interface NewWorkType {
  code: string;
  name: string;
  loinc: string;
  requiresSignature: boolean;
  tatHours: { STAT: number; ROUTINE: number };
  template?: string | null;
}

export const adminApi = {
  users: () => request<AdminUser[]>('/admin/users'),
  createUser: (u: NewUser) => request<AdminUser>('/admin/users', { method: 'POST', body: u }),
  updateUser: (id: string, change: UserChange) =>
    request<AdminUser>(`/admin/users/${enc(id)}`, { method: 'PATCH', body: change }),
  issueToken: (userId: string, name: string) =>
    request<IssuedToken>(`/admin/users/${enc(userId)}/tokens`, { method: 'POST', body: { name } }),
  tokens: () => request<ApiTokenRow[]>('/admin/tokens'),
  revokeToken: (id: string) => request<void>(`/admin/tokens/${enc(id)}`, { method: 'DELETE' }),

  audit: (f: AuditFilter, cursor?: string | null, limit = 100) =>
    request<Page<AuditEvent>>(`/admin/audit${qs({ ...f, cursor, limit })}`),

  dashboard: (workType?: string) => request<Dashboard>(`/admin/dashboard${qs({ workType })}`),
  quality: (p: { groupBy: QualityGrouping; from?: string; to?: string }) =>
    request<QualityReport>(`/admin/quality${qs(p)}`),

  workTypes: () => request<WorkType[]>('/work-types'),
  createWorkType: (w: NewWorkType) => request<WorkType>('/work-types', { method: 'POST', body: w }),
  updateWorkType: (
    code: string,
    w: Partial<Omit<NewWorkType, 'code' | 'tatHours'>> & { tatHours?: { STAT?: number; ROUTINE?: number } },
  ) => request<WorkType>(`/work-types/${enc(code)}`, { method: 'PATCH', body: w }),

  textExpanders: () => request<TextExpander[]>('/text-expanders'),
  addTextExpander: (t: TextExpander) =>
    request<TextExpander>('/admin/text-expanders', { method: 'POST', body: t }),
  updateTextExpander: (abbreviation: string, expansion: string) =>
    request<TextExpander>(`/admin/text-expanders/${enc(abbreviation)}`, {
      method: 'PATCH',
      body: { expansion },
    }),
  deleteTextExpander: (abbreviation: string) =>
    request<void>(`/admin/text-expanders/${enc(abbreviation)}`, { method: 'DELETE' }),

  vocabulary: (p: { q?: string; cursor?: string | null } = {}) =>
    request<Page<VocabularyTerm>>(`/admin/vocabulary${qs({ q: p.q, cursor: p.cursor, limit: 200 })}`),
  addVocabulary: (t: { term: string; category?: string | null; pronunciation?: string | null }) =>
    request<VocabularyTerm>('/admin/vocabulary', { method: 'POST', body: t }),
  deleteVocabulary: (id: string) => request<void>(`/admin/vocabulary/${enc(id)}`, { method: 'DELETE' }),
  updateVocabulary: (
    id: string,
    t: { term?: string; category?: string | null; pronunciation?: string | null },
  ) => request<VocabularyTerm>(`/admin/vocabulary/${enc(id)}`, { method: 'PATCH', body: t }),
};
