// The administrator's API: users and API tokens, audit log, dashboards, work types, text expanders,
// vocabulary (api/src/routes/admin, reports, work-types, text-expanders, vocabulary).
import type { CreateUserBody, UpdateUserBody } from '@dictum/contracts/admin';
import type { CreateVocabularyBody, UpdateVocabularyBody } from '@dictum/contracts/vocabulary';
import { request } from './client';
import type {
  AdminUser,
  ApiTokenRow,
  AuditEvent,
  AuditFilter,
  CreateWorkTypeBody,
  Dashboard,
  IssuedToken,
  Page,
  QualityGrouping,
  QualityReport,
  TextExpander,
  UpdateWorkTypeBody,
  VocabularyTerm,
  WorkType,
} from './types';
import { enc, qs } from './url';

// The pages import these from here with the API calls.
export type {
  AdminUser,
  ApiTokenRow,
  AuditEvent,
  AuditFilter,
  IssuedToken,
  QualityFigures,
  QualityGrouping,
  VocabularyTerm,
} from './types';
export type { UpdateUserBody as UserChange };

export const adminApi = {
  users: () => request<AdminUser[]>('/admin/users'),
  createUser: (u: CreateUserBody) => request<AdminUser>('/admin/users', { method: 'POST', body: u }),
  updateUser: (id: string, change: UpdateUserBody) =>
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
  createWorkType: (w: CreateWorkTypeBody) => request<WorkType>('/work-types', { method: 'POST', body: w }),
  updateWorkType: (code: string, w: UpdateWorkTypeBody) =>
    request<WorkType>(`/work-types/${enc(code)}`, { method: 'PATCH', body: w }),

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
  addVocabulary: (t: CreateVocabularyBody) =>
    request<VocabularyTerm>('/admin/vocabulary', { method: 'POST', body: t }),
  deleteVocabulary: (id: string) => request<void>(`/admin/vocabulary/${enc(id)}`, { method: 'DELETE' }),
  updateVocabulary: (id: string, t: UpdateVocabularyBody) =>
    request<VocabularyTerm>(`/admin/vocabulary/${enc(id)}`, { method: 'PATCH', body: t }),
};
