// The document lifecycle over the API (api/src/routes/documents): the physician's signature, return
// to transcription and amendments; records staff's retraction and re-filing; every version of a note.
import { request } from './client';
import type { DocumentDetail, DocumentSummary, Page } from './types';
import { enc } from './url';

export type AmendKind = 'addendum' | 'replacement';

export const reviewApi = {
  toSign: () => request<Page<DocumentSummary>>('/documents/to-sign'),
  versions: (id: string) => request<DocumentDetail[]>(`/documents/${enc(id)}/versions`),
  /** Needs a sign-in within 5 minutes or the password (403 REAUTHENTICATION_REQUIRED otherwise). */
  sign: (id: string, body: { password?: string; text?: string } = {}) =>
    request<DocumentDetail>(`/documents/${enc(id)}/sign`, { method: 'POST', body }),
  returnToTranscription: (id: string, comment: string) =>
    request<DocumentDetail>(`/documents/${enc(id)}/return`, { method: 'POST', body: { comment } }),
  amend: (id: string, body: { kind: AmendKind; text: string; reason: string; password?: string }) =>
    request<{ id: string; number: string }>(`/documents/${enc(id)}/amend`, { method: 'POST', body }),
  retract: (id: string, reason: string) =>
    request<DocumentDetail>(`/documents/${enc(id)}/retract`, { method: 'POST', body: { reason } }),
  refile: (id: string, patientMrn: string, encounter?: string) =>
    request<DocumentDetail>(`/documents/${enc(id)}/refile`, {
      method: 'POST',
      body: encounter ? { patientMrn, encounter } : { patientMrn },
    }),
};
